"""Compliance: where each asset stands with each inspection it owes, its indicators, and the alerts before due
dates.

`status_expression` is the one predicate: the page, the API and the export annotate the obligations with it (a
test compares them), the map colours by it, the indicators count by it. In order:
- overdue: never inspected, or its due date has passed;
- with open observations: an inspection of it is still open (observations not lifted);
- due soon: inside the inspection type's alert window before the due date;
- up to date otherwise."""

from django.db import models, transaction
from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _

from regie.assets.models.assets import subtree_q

from .inspection_services import organization_today
from .models import InspectionObligation


class ComplianceStatus(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    OPEN_OBSERVATIONS = "open_observations", _("With open observations")
    DUE_SOON = "due_soon", _("Due soon")
    UP_TO_DATE = "up_to_date", _("Up to date")


S = ComplianceStatus
# the map's colour of each status (the assets map's palette: red, orange, amber, green)
COLOURS = {S.OVERDUE: "#b42318", S.OPEN_OBSERVATIONS: "#c4320a", S.DUE_SOON: "#8a6100", S.UP_TO_DATE: "#067647"}


def status_conditions(today):
    """(status, Q) in the order they are tried: the first that holds is the status."""
    return (
        (S.OVERDUE, Q(next_due_on__isnull=True) | Q(next_due_on__lt=today)),
        (S.OPEN_OBSERVATIONS, Q(open_inspections__gt=0)),
        (S.DUE_SOON, Q(alert_on__lte=today)),
    )


def status_expression(today):
    return Case(
        *(When(condition, then=Value(status.value)) for status, condition in status_conditions(today)),
        default=Value(S.UP_TO_DATE.value),
        output_field=models.CharField(),
    )


def status_q(status, today):
    """The obligations of one status, as a filter (no annotation needed: indexes on the due date serve it)."""
    conditions = status_conditions(today)
    earlier = Q()
    for candidate, condition in conditions:
        if candidate == status:
            return condition & ~earlier if earlier else condition
        earlier |= condition
    return ~earlier


def obligations(organization, today=None):
    """The organization's obligations on active assets, each annotated with its `status`, ready for a list."""
    today = today or organization_today(organization)
    return (
        InspectionObligation.objects.filter(
            organization=organization, asset__archived_at__isnull=True, inspection_type__archived_at__isnull=True
        )
        .select_related("asset", "building", "inspection_type", "last_inspection")
        .annotate(status=status_expression(today))
    )


def filter_obligations(qs, *, status="", inspection_type=None, building=None, within=None, today=None):
    """The compliance view's filters: status, inspection type, building, area (an asset whose subtree is kept)."""
    if status:
        qs = qs.filter(status_q(status, today))
    if inspection_type is not None:
        qs = qs.filter(inspection_type=inspection_type)
    if building is not None:
        qs = qs.filter(Q(building=building) | Q(asset=building))
    if within is not None:
        qs = qs.filter(subtree_q(within.path, prefix="asset__"))
    return qs


def ordered(qs):
    """Most urgent first: never inspected (no due date), then by due date."""
    return qs.order_by(models.F("next_due_on").asc(nulls_first=True), "pk")


def indicators(qs, today):
    """Counts by status and the compliance rate (neither overdue nor with open observations) of `qs`, in the
    database; `by_type` and `by_building` the same per inspection type and per building (worst first)."""
    counts = {
        status.value: Count("pk", filter=status_q(status, today)) for status in ComplianceStatus
    }  # one aggregate query
    totals = qs.order_by().aggregate(total=Count("pk"), **counts)
    compliant = totals[S.UP_TO_DATE] + totals[S.DUE_SOON]
    totals["rate"] = round(100 * compliant / totals["total"], 1) if totals["total"] else None
    return totals


def indicators_by(qs, today, field, limit=None):
    """[{field, name, total, overdue, open_observations, rate}] grouped by `field` ("inspection_type",
    "building"), the most overdue first."""
    rows = (
        qs.order_by()
        .values(field, f"{field}__name")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=status_q(S.OVERDUE, today)),
            open_observations=Count("pk", filter=status_q(S.OPEN_OBSERVATIONS, today)),
        )
        .order_by("-overdue", "-open_observations", f"{field}__name")
    )
    if limit:
        rows = rows[:limit]
    result = []
    for row in rows:
        compliant = row["total"] - row["overdue"] - row["open_observations"]
        result.append(
            {
                "id": row[field],
                "name": row[f"{field}__name"] or "—",
                "total": row["total"],
                "overdue": row["overdue"],
                "open_observations": row["open_observations"],
                "rate": round(100 * compliant / row["total"], 1) if row["total"] else None,
            }
        )
    return result


def asset_statuses(organization, today=None):
    """asset id → its worst status over the inspections it owes (for the map: one colour per asset)."""
    today = today or organization_today(organization)
    rank = {s.value: i for i, s in enumerate(ComplianceStatus)}
    worst = {}
    for asset_id, status in obligations(organization, today).values_list("asset_id", "status").iterator():
        if asset_id not in worst or rank[status] < rank[worst[asset_id]]:
            worst[asset_id] = status
    return worst


# Alerts -----------------------------------------------------------------------------------------------------------

ALERT_KIND = "inspection_due"
ALERT_TITLE = _("Inspection due on %(date)s: %(type)s — %(asset)s")


def alert_recipients(organization, department_id):
    """Who is told of an inspection coming due: the organization's administrators and managers, and the heads of
    the asset's responsible department."""
    from regie.core.models import Membership
    from regie.core.permissions import Role

    memberships = Membership.objects.active().filter(organization=organization, user__is_active=True)
    condition = Q(role__in=(Role.ADMIN, Role.MANAGER))
    if department_id:
        condition |= Q(role=Role.DEPARTMENT_HEAD, department_id=department_id)
    return [m.user for m in memberships.filter(condition).select_related("user")]


def send_alerts(now):
    """The daily job: refresh each organization's obligations (the registry may have changed), then tell the
    responsible people of every inspection entering its alert window; an obligation is alerted once per due date
    (`alerted_for`). Returns a one-line summary."""
    from regie.core.models import Organization

    from .inspection_services import refresh_obligations

    alerts = organizations = 0
    for organization in Organization.objects.filter(archived_at__isnull=True):
        refresh_obligations(organization)
        sent = alert_organization(organization, now)
        alerts += sent
        organizations += bool(sent)
    return f"{alerts} inspection alert(s) sent in {organizations} organization(s)"


@transaction.atomic
def alert_organization(organization, now):
    from django.urls import reverse

    from regie.notifications.services import notify

    today = organization_today(organization, now)
    due = list(
        InspectionObligation.objects.select_for_update(of=("self",))
        .filter(organization=organization, alert_on__lte=today, next_due_on__isnull=False)
        .exclude(alerted_for=models.F("next_due_on"))
        .select_related("asset", "inspection_type")
        .order_by("pk")
    )
    recipients_by_department = {}
    for obligation in due:
        department_id = obligation.asset.department_id
        if department_id not in recipients_by_department:
            recipients_by_department[department_id] = alert_recipients(organization, department_id)
        url = reverse("maintenance:compliance") + f"?building={obligation.building_id or obligation.asset_id}"
        notify(
            recipients_by_department[department_id],
            organization=organization,
            kind=ALERT_KIND,
            record=obligation,
            url=url,
            title=lambda user, o=obligation: (
                ALERT_TITLE
                % {"date": o.next_due_on.strftime("%d/%m/%Y"), "type": o.inspection_type.name, "asset": o.asset.name}
            ),
            body=obligation.inspection_type.legal_reference,
        )
        obligation.alerted_for = obligation.next_due_on
    InspectionObligation.objects.bulk_update(due, ["alerted_for"], batch_size=1000)
    return len(due)
