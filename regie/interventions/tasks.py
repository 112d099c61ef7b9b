"""Background work of the interventions app (Django's tasks framework: database queue, or Redis in production).

The notification e-mails leave the request cycle: a click on "Approve" never waits for an SMTP server, and an
unreachable one loses no notification (the row stays in the notification centre and `emailed_at` stays empty).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@task
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications to their recipients, once each; returns how many were sent."""
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    for row in pending:
        user = row.recipient
        if not (user.is_active and user.email):
            continue
        link = f"\n\n{settings.REGIE_BASE_URL}{row.url}" if row.url else ""
        try:
            send_mail(row.title, f"{row.body}{link}", None, [user.email], fail_silently=False)
        except Exception:
            logger.warning("notification e-mail not sent", extra={"notification": row.pk})
            continue
        # claimed after sending: a retry after a crash may send twice, never zero times
        Notification.objects.filter(pk=row.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        sent += 1
    return sent
