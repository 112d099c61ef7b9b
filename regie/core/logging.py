"""Log hygiene: passwords, tokens and e-mail addresses never reach the logs."""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SECRET = re.compile(
    r"(?i)(password|passwd|secret|token|authorization|api[_-]?key|csrfmiddlewaretoken)([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,}]+)"
)
BEARER = re.compile(r"(?i)\b(token|bearer)\s+[A-Za-z0-9._-]{8,}")


def redact(text: str) -> str:
    text = SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)
    text = BEARER.sub(lambda m: f"{m.group(1)} [redacted]", text)
    return EMAIL.sub("[email]", text)


class RedactFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True
        record.msg, record.args = redact(message), ()
        return True
