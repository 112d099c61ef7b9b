"""The organization's activity, as an elected official's home shows it: requests received and closed this month
and this year, the median time to resolution, late work, costs by department (the dashboards will deepen it).

Every figure is computed by the database over the organization's records; "late" is the one definition of
overdue (`models.Overdue`), the costs are the costs report's (`costs_report.cost_report`, its money scope).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import DurationField, ExpressionWrapper, F
from django.utils import timezone

from .costs_report import cost_report
from .models import InterventionRequest, WorkOrder
from .states import RequestState


@dataclass(frozen=True)
class Activity:
    received_month: int
    received_year: int
    closed_month: int
    closed_year: int
    median_resolution: timedelta | None  # requests closed this year: from submission to closure
    overdue_requests: int
    overdue_work_orders: int
    costs: object  # a costs_report.CostReport by department, this year

    @property
    def median_days(self):
        """The median time to resolution in days, to the tenth (None without closed requests)."""
        if self.median_resolution is None:
            return None
        return round(self.median_resolution.total_seconds() / 86400, 1)


def period_starts(now=None):
    """The start of the current month and year in the current time zone (the organization's)."""
    local = timezone.localtime(now or timezone.now())
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return month, month.replace(month=1)


def median(queryset, expression):
    """The median of `expression` over `queryset`, computed by the database on any backend (PostgreSQL's
    `percentile_cont` has no SQLite counterpart): the rows ordered by the value, the middle one, or the mean of
    the two middle ones, read with an offset. None without rows."""
    values = queryset.annotate(median_value=expression).order_by("median_value").values_list("median_value", flat=True)
    count = values.count()
    if count == 0:
        return None
    if count % 2:
        return values[count // 2]
    low, high = values[count // 2 - 1 : count // 2 + 1]
    return (low + high) / 2


RESOLUTION = ExpressionWrapper(F("closed_at") - F("submitted_at"), output_field=DurationField())


def organization_activity(organization, membership, now=None):
    now = now or timezone.now()
    month, year = period_starts(now)
    requests = InterventionRequest.objects.owned_by(organization)
    received = requests.filter(submitted_at__isnull=False)
    closed = requests.filter(state=RequestState.CLOSED, closed_at__isnull=False)
    return Activity(
        received_month=received.filter(submitted_at__gte=month).count(),
        received_year=received.filter(submitted_at__gte=year).count(),
        closed_month=closed.filter(closed_at__gte=month).count(),
        closed_year=closed.filter(closed_at__gte=year).count(),
        median_resolution=median(closed.filter(closed_at__gte=year, submitted_at__isnull=False), RESOLUTION),
        overdue_requests=requests.overdue(now).count(),
        overdue_work_orders=WorkOrder.objects.owned_by(organization).overdue(now).count(),
        costs=cost_report(organization, membership, group_by="department", date_from=year),
    )
