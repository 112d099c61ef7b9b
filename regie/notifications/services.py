"""Every write of the notifications app: `notify` (any module tells people about a record), mark as read.

A notification is created only once the transaction has committed, so a rolled-back change notifies nobody;
its e-mail is a background task (`tasks.send_notification_emails`), outside the request.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from regie.core.exceptions import NotFound

from . import kinds, selectors
from .models import Notification
from .tasks import send_notification_emails


def notify(recipients, *, organization, kind, title, body="", record=None, url=""):
    """Queue a notification of `kind` (declared by an app, see `kinds`) about `record` for each recipient.

    `title`/`body` are lazy strings or callables(user) → str, rendered in each recipient's language. `url`
    defaults to the record's `get_absolute_url()`, if it has one. Inactive and repeated recipients are dropped.
    """
    if kind not in kinds.registry():
        raise ValueError(f"undeclared notification kind {kind!r}: list it in an AppConfig.notification_kinds")
    recipients = list({u.pk: u for u in recipients if u is not None and u.is_active}.values())
    if not recipients:
        return
    link = {}
    if record is not None:
        link = {
            "content_type": ContentType.objects.get_for_model(record),
            "object_id": record.pk,
            "object_repr": str(record)[:200],
        }
        if not url and hasattr(record, "get_absolute_url"):
            url = record.get_absolute_url()

    def render(text, user):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            return str(text(user) if callable(text) else text)

    def send():
        rows = Notification.objects.bulk_create(
            Notification(
                organization=organization,
                recipient=user,
                kind=kind,
                title=render(title, user)[:200],
                body=render(body, user),
                url=url,
                **link,
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


def mark_all_read(*, by, organization, kind="", record_type=None, record=None):
    """Mark the user's unread notifications in `organization` as read — all of them, or those of one kind and/or
    one record type or record (the centre's filters, see `selectors.filter_notifications`); returns how many."""
    unread = selectors.filter_notifications(
        selectors.notifications_of(by, organization), unread=True, kind=kind, record_type=record_type, record=record
    )
    return unread.order_by().update(read_at=timezone.now())
