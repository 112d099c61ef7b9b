"""The home page's maintenance lines: organization figures and, for managers and administrators, what waits for
them (overdue regulatory inspections, plans with overdue occurrences). Each count is the one of the list it links
to, through the list's own predicate: the compliance view's `status=overdue`, the plans list's `overdue=true`."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import QUEUE_LIMIT, QueueLine
from regie.core.permissions import Role, membership_can

from . import inspection_selectors, plan_selectors
from .compliance import ComplianceStatus
from .models import Occurrence
from .plan_filters import PlanFilter

MANAGERS = (Role.MANAGER, Role.ADMIN)
LIMIT = QUEUE_LIMIT

OVERDUE_INSPECTIONS = {"status": ComplianceStatus.OVERDUE.value}
OVERDUE_PLANS = {"overdue": "true"}


@dataclass
class Line(QueueLine):
    url_name: str
    query: dict

    @property
    def url(self):
        return f"{reverse(self.url_name)}?{urlencode(self.query)}"


def counts(organization):
    """{overdue_inspections, overdue_plans, overdue_occurrences}: the three counts in one query (each bounded at
    LIMIT + 1), read once per request: the figures and the queue lines share them (kept on the organization
    object the request loaded)."""
    known = getattr(organization, "_maintenance_home_counts", None)
    if known is not None:
        return known
    querysets = {
        "overdue_inspections": overdue_inspections(organization),
        "overdue_plans": plans_with_overdue(organization),
        "overdue_occurrences": overdue_occurrences(organization),
    }
    parts, params = [], []
    for index, queryset in enumerate(querysets.values()):
        sql, values = queryset.order_by().values("pk")[: LIMIT + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{index})")  # noqa: S608 (Django's SQL, bound params)
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    known = dict(zip(querysets, row, strict=True))
    organization._maintenance_home_counts = known
    return known


def overdue_inspections(organization):
    """The compliance view's rows filtered as `?status=overdue`: never inspected, or past their due date."""
    return inspection_selectors.compliance_rows(organization, **OVERDUE_INSPECTIONS)


def plans_with_overdue(organization):
    """The plans list filtered as `?overdue=true`: plans with an occurrence open past its overdue moment."""
    return PlanFilter(OVERDUE_PLANS, queryset=plan_selectors.plan_list(organization)).qs


def overdue_occurrences(organization):
    """The occurrences the plans list's header counts as overdue."""
    return Occurrence.objects.filter(organization=organization, archived_at__isnull=True).filter(
        plan_selectors.overdue_q()
    )


def figures(organization):
    from regie.core.navigation import Figure

    known = counts(organization)
    return [
        Figure("overdue_inspections", _("overdue inspections"), known["overdue_inspections"], 60),
        Figure("overdue_maintenance", _("overdue preventive maintenance"), known["overdue_occurrences"], 61),
    ]


def lines_for(request):
    membership = getattr(request, "membership", None)
    organization = getattr(request, "organization", None)
    if organization is None or getattr(membership, "role", None) not in MANAGERS:
        return []
    known, lines = counts(organization), []  # a line only when something is overdue
    if membership_can(membership, "inspection.view") and known["overdue_inspections"]:
        count = known["overdue_inspections"]
        lines.append(
            Line(
                "overdue_inspections",
                _("Overdue regulatory inspections"),
                count,
                "maintenance:compliance",
                OVERDUE_INSPECTIONS,
            )
        )
    if membership_can(membership, "maintenanceplan.view") and known["overdue_plans"]:
        count = known["overdue_plans"]
        lines.append(
            Line(
                "overdue_plans",
                _("Maintenance plans with overdue occurrences"),
                count,
                "maintenance:maintenanceplan-list",
                OVERDUE_PLANS,
            )
        )
    return lines
