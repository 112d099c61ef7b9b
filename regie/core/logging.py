"""Log hygiene: passwords, tokens and e-mail addresses never reach the logs."""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+(@|%40)[\w-]+(\.[\w-]+)+")
# The value may start with its scheme ("Authorization: Token abc…"): both go.
SECRET = re.compile(
    r"(?i)(password|passwd|secret|token|authorization|api[_-]?key|csrfmiddlewaretoken)([\"']?\s*[:=]\s*[\"']?)"
    r"((?:(?:token|bearer|basic)\s+)?[^\s\"'&,}]+)"
)
BEARER = re.compile(r"(?i)\b(token|bearer)\s+[A-Za-z0-9._-]{8,}")


def redact(text: str) -> str:
    text = SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)
    text = BEARER.sub(lambda m: f"{m.group(1)} [redacted]", text)
    return EMAIL.sub("[email]", text)


# Attributes of every log record; any other was passed as `extra` (Django passes the request) and is written
# out by the JSON formatter, so it is redacted too.
_RECORD_ATTRIBUTES = {*vars(logging.LogRecord("", 0, "", 0, "", (), None)), "message", "asctime"}


class RedactFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True
        record.msg, record.args = redact(message), ()
        for name, value in list(vars(record).items()):
            if name not in _RECORD_ATTRIBUTES and not isinstance(value, int | float | bool | type(None)):
                setattr(record, name, redact(value if isinstance(value, str) else str(value)))
        if record.exc_info:  # an exception's message may quote the data (e.g. a duplicate e-mail address)
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
