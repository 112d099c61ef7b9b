"""The notification e-mails (Django's tasks framework: database queue, or Redis in production).

They leave the request cycle: a click on "Approve" never waits for an SMTP server, and an unreachable one loses
no notification (the row stays in the notification centre and `emailed_at` stays empty); a retry never sends
again what was marked sent.
"""

import logging
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regie.core.models import User

from .models import Notification

logger = logging.getLogger(__name__)


@task
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications to their recipients, once each; returns how many were sent."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids,
        emailed_at__isnull=True,
        recipient__email_notifications=User.EmailNotifications.EACH,  # the others wait for the digest, or not
    ).select_related("recipient")
    for row in pending:
        if _mail(row.recipient, row.title, f"{row.body}{_link(row.url)}", [row.pk]):
            sent += 1
    return sent


# A digest recalls the unread notifications of the last days that no e-mail announced yet.
DIGEST_WINDOW = timedelta(days=7)


@task
def send_notification_digests() -> int:
    """One e-mail per user who chose a daily summary, listing their unread, not yet e-mailed notifications.

    Run it once a day (cron: `manage.py send_notification_digests`); returns how many e-mails were sent.
    """
    since = timezone.now() - DIGEST_WINDOW
    rows = (
        Notification.objects.filter(
            recipient__email_notifications=User.EmailNotifications.DIGEST,
            recipient__is_active=True,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=since,
        )
        .exclude(recipient__email="")
        .select_related("recipient", "organization")
        .order_by("recipient_id", "organization_id", "-created_at")
    )
    sent = 0
    for _recipient_id, group in groupby(rows.iterator(chunk_size=500), key=lambda row: row.recipient_id):
        group = list(group)
        user = group[0].recipient
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = ngettext(
                "Régie: %(count)d unread notification", "Régie: %(count)d unread notifications", len(group)
            ) % {"count": len(group)}
            lines = []
            for organization, items in groupby(group, key=lambda row: row.organization):
                lines += ["", str(organization), "-" * len(str(organization))]
                lines += [f"- {row.title}{_link(row.url, inline=True)}" for row in items]
            lines += [
                "",
                _("All your notifications: %(url)s") % {"url": settings.REGIE_BASE_URL + reverse("notifications:list")},
            ]
        if _mail(user, subject, "\n".join(lines).strip(), [row.pk for row in group]):
            sent += 1
    return sent


def _link(url, inline=False):
    if not url:
        return ""
    return f" — {settings.REGIE_BASE_URL}{url}" if inline else f"\n\n{settings.REGIE_BASE_URL}{url}"


def _mail(user, subject, body, notification_ids):
    """Send one e-mail about these notifications and mark them e-mailed; False (logged) if it failed."""
    if not (user.is_active and user.email):
        return False
    try:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    except Exception:
        logger.warning("notification e-mail not sent", extra={"notifications": notification_ids})
        return False
    # marked after sending: a retry after a crash may send twice, never zero times
    Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return True
