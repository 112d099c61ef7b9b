"""The messages residents receive at each public step of their report (and those who added their voice), sent
by a background task once the step has committed; marked sent so a retry never sends twice."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from regie.core.queue import enqueue_on_commit

from .models import ReportUpdate

logger = logging.getLogger(__name__)


def tracking_url(report):
    """The report's tracking page, on the portal that received it (the token alone is not enough: a report is
    followed on its own portal): on that portal's own host name when it has one (the address residents know,
    with the instance's scheme), else under /p/<slug>/ on the instance's."""
    from .middleware import HOST_URLCONF, portal_hosts

    slug = report.received_by.slug
    host = next((host for host, owner in portal_hosts().items() if owner == slug), None)
    if host:
        scheme = urlsplit(settings.REGIE_BASE_URL).scheme or "https"
        return f"{scheme}://{host}{reverse('public:track', args=[slug, report.token], urlconf=HOST_URLCONF)}"
    return f"{settings.REGIE_BASE_URL}{reverse('public:track', args=[slug, report.token])}"


def announce(update):
    """Send the update to the report's followers after the transaction commits (nothing if it rolls back)."""
    enqueue_on_commit(send_report_update, update.pk)


def recipients(report):
    if report.anonymised_at is not None:
        return []
    emails = [report.email] if report.email else []
    emails += [f.email for f in report.followers.filter(archived_at__isnull=True) if f.email not in emails]
    return emails


@task
def send_report_update(update_id: int) -> int:
    """E-mail one public update to the report's followers; returns how many messages were sent."""
    update = (
        ReportUpdate.objects.select_related("report", "report__organization", "report__received_by", "report__category")
        .filter(pk=update_id, emailed_at__isnull=True)
        .first()
    )
    if update is None:
        return 0
    report = update.report
    sent = 0
    with translation.override(report.language or settings.LANGUAGE_CODE):
        context = {"report": report, "update": update, "url": tracking_url(report)}
        subject = render_to_string("portal/mail/update_subject.txt", context).strip()
        body = render_to_string("portal/mail/update_body.txt", context)
        for email in recipients(report):
            try:
                send_mail(subject, body, None, [email], fail_silently=False)
                sent += 1
            except Exception:  # the address is not logged (personal data)
                logger.warning("report update e-mail not sent", extra={"report": report.number})
    ReportUpdate.objects.filter(pk=update.pk).update(emailed_at=timezone.now())
    return sent
