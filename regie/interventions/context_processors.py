"""The header's unread-notification badge: one COUNT, run only when a page actually shows it."""

import functools

from . import selectors


def notifications(request):
    """`unread_notifications`: a callable the template engine calls (once: the result is kept) when it needs it."""
    user, organization = getattr(request, "user", None), getattr(request, "organization", None)
    if user is None or not user.is_authenticated or organization is None:
        return {"unread_notifications": 0}

    @functools.cache
    def unread_notifications():
        return selectors.unread_notification_count(user, organization)

    return {"unread_notifications": unread_notifications}
