"""The header's unread-notification badge: one COUNT, run only when a page actually shows it."""

import functools

from django.urls import reverse_lazy

from . import selectors

CENTRE_URL = reverse_lazy("notifications:list")


def notifications(request):
    """`unread_notifications`: a callable the template engine calls (once: the result is kept) when it needs it;
    `notification_centre_url`: where the header's link goes (the layout names no app)."""
    user, organization = getattr(request, "user", None), getattr(request, "organization", None)
    if user is None or not user.is_authenticated or organization is None:
        return {"unread_notifications": 0, "notification_centre_url": ""}

    @functools.cache
    def unread_notifications():
        return selectors.unread_notification_count(user, organization)

    return {"unread_notifications": unread_notifications, "notification_centre_url": CENTRE_URL}
