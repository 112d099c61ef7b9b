"""Notifications: a message in the recipients' notification centre and an e-mail, each in their language.

Both are created only once the transaction has committed, so a rolled-back change notifies nobody; the e-mails
are sent by a background task (`interventions.tasks`), outside the request.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from regie.core.exceptions import NotFound
from regie.core.models import Membership

from ..models import Notification
from ..tasks import send_notification_emails


def members_with_roles(organization, roles, department=None, exclude=None):
    qs = Membership.objects.active().filter(organization=organization, role__in=roles, user__is_active=True)
    if department is not None:
        qs = qs.filter(department=department)
    users = [m.user for m in qs.select_related("user")]
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def notify(recipients, *, organization, title, body="", url=""):
    """Queue a notification for each recipient. `title`/`body` are lazy strings or callables(user) → str."""
    recipients = {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    if not recipients:
        return

    def render(text, user):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            return str(text(user) if callable(text) else text)

    def send():
        rows = Notification.objects.bulk_create(
            Notification(
                organization=organization,
                recipient=user,
                title=render(title, user)[:200],
                body=render(body, user),
                url=url,
            )
            for user in recipients
        )
        emailed = [row.pk for row, user in zip(rows, recipients, strict=True) if user.email]
        if emailed:
            send_notification_emails.enqueue(emailed)

    transaction.on_commit(send)


def mark_read(notification, *, by):
    """Mark one of the user's own notifications as read (someone else's does not exist for them)."""
    if notification.recipient_id != by.pk:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, by, organization):
    """Mark every unread notification of the user in `organization` as read; returns how many."""
    return Notification.objects.filter(recipient=by, organization=organization, read_at__isnull=True).update(
        read_at=timezone.now()
    )
