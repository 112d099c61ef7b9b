"""Domain exceptions raised by services; views map them to messages, the API to status codes."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("This operation is not possible.")

    def __init__(self, message=None, *, code=None, extra=None):
        self.message = message or self.default_message
        self.code = code or self.code
        self.extra = extra or {}
        super().__init__(str(self.message))


class Forbidden(DomainError):
    status = 403
    code = "permission_denied"
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("This record does not exist or is not visible to you.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This record was changed by someone else meanwhile. Reload it and try again.")


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    default_message = _("This step is not allowed from the current status.")

    def __init__(self, message=None, *, allowed=(), **kwargs):
        super().__init__(message, extra={"allowed_transitions": list(allowed)}, **kwargs)
