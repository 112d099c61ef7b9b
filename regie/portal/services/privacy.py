"""RGPD: reporters' personal data is kept for the organization's retention period after closure, then erased."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from regie.core import audit
from regie.core.models import Organization

from ..models import PortalSettings, Report, ReportFollower

BATCH = 500


def anonymise_expired(now=None, organizations=None):
    """Erase the personal data (e-mail, name, phone, followers) of the reports ended longer ago than their
    organization's retention period, in batches of one transaction each; idempotent. Returns how many."""
    now = now or timezone.now()
    pending = Report.objects.filter(anonymised_at__isnull=True, ended_at__isnull=False)
    if organizations is None:
        organizations = Organization.objects.filter(pk__in=pending.values("organization_id"))
    total = 0
    for organization in organizations:
        limit = now - relativedelta(months=PortalSettings.for_org(organization).retention_months)
        expired = pending.filter(organization=organization, ended_at__lte=limit)
        while ids := list(expired.order_by("pk").values_list("pk", flat=True)[:BATCH]):
            total += _anonymise(ids, limit, now)
    return total


@transaction.atomic
def _anonymise(ids, limit, now):
    rows = list(
        Report.objects.select_for_update()
        .filter(pk__in=ids, anonymised_at__isnull=True, ended_at__lte=limit)
        .order_by("pk")
    )
    pks = [r.pk for r in rows]
    ReportFollower.objects.filter(report_id__in=pks).delete()
    Report.objects.filter(pk__in=pks).update(email="", name="", phone="", anonymised_at=now, updated_at=now)
    for report in rows:
        audit.record(report, action=audit.Action.UPDATE, by=None, changes={"personal_data": ["kept", "erased"]})
    return len(pks)
