"""GeoReport v2 errors: a list of {code, description} (XML: <errors><error><code/><description/></error></errors>)
with the HTTP status as each error's code, as in the specification's examples."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .formats import respond


class Open311Error(Exception):
    """An answer of the specification's error format; `messages` are the descriptions."""

    def __init__(self, status, *messages):
        super().__init__(messages[0] if messages else "")
        self.status = status
        self.messages = [str(m) for m in messages] or [_("Error.")]


def error_response(fmt, status, messages):
    errors = [{"code": status, "description": message} for message in messages]
    return respond(fmt, "errors", errors, status=status)


def from_validation(error: ValidationError):
    """A ValidationError of the services (keyed by field) as a 400 with one description per message."""
    if not hasattr(error, "error_dict"):
        return Open311Error(400, *error.messages)
    messages = []
    for field, errors in error.message_dict.items():
        name = {"latitude": "lat", "files": "media", "__all__": ""}.get(field, field)
        for message in errors:
            messages.append(f"{name}: {message}" if name else message)
    return Open311Error(400, *messages)
