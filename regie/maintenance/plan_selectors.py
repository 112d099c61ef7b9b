"""Reads of maintenance plans: the list, a plan's history and next occurrences, an asset's plans, indicators.

"On time": the work order finished before the occurrence's `late_after` (its due date plus the grace period, at
midnight in the organization's time). "Overdue": still open past that moment. Both counted in the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from regie.assets.models import Asset, AssetKind
from regie.assets.models.assets import KEY_WIDTH, MAX_DEPTH
from regie.interventions.models import WorkOrder
from regie.interventions.workflow import WORK_ORDER_GROUPS

from . import generator, triggers
from .models import MaintenancePlan, Occurrence

FINISHED = Q(work_order__state__in=WORK_ORDER_GROUPS["finished"])
OPEN = Q(status=Occurrence.Status.PLANNED) | Q(
    status=Occurrence.Status.GENERATED, work_order__state__in=WORK_ORDER_GROUPS["open"]
)
CANCELLED = Q(work_order__state="cancelled")
SHOWN_UPCOMING = 10  # next occurrences a plan's page lists (over its assets)
SHOWN_ASSETS = 50  # assets of a type plan whose next dates the page computes
SHOWN_BUILDINGS = 10  # buildings the plans list shows (the most work orders first; "more" shows them all)


def overdue_q(now=None):
    return OPEN & Q(late_after__lte=now or timezone.now())


def plan_list(organization):
    """The organization's plans for the list: what they apply to, their next open due date, overdue count."""
    plans = MaintenancePlan.objects.for_org(organization).select_related("asset", "asset_type", "category")
    return annotated(plans)


def annotated(plans, now=None):
    """Plans with their next open due date (`next_due`) and their overdue occurrences (`overdue`)."""
    return plans.annotate(
        next_due=Min("occurrences__due_on", filter=_on_occurrences(OPEN)),
        overdue=Count("occurrences", filter=_on_occurrences(overdue_q(now or timezone.now()))),
    )


def _on_occurrences(q):
    """A condition on occurrences, written from the plan (`occurrences__…`)."""
    children = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(_on_occurrences(child))
        else:
            name, value = child
            children.append(Q(**{f"occurrences__{name}": value}))
    result = Q(*children, _connector=q.connector, _negated=q.negated)
    return result


@dataclass(frozen=True)
class History:
    generated: int
    done: int
    on_time: int
    late: int
    skipped: int
    cancelled: int
    open: int
    overdue: int

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.done) if self.done else None


def history_counts(occurrences, now=None):
    """Counts of occurrences: generated, done (on time, late), skipped, cancelled, open, overdue (one query)."""
    now = now or timezone.now()
    on_time = FINISHED & Q(work_order__completed_at__lt=F("late_after"))
    figures = occurrences.aggregate(
        generated=Count("pk", filter=Q(status=Occurrence.Status.GENERATED)),
        done=Count("pk", filter=FINISHED),
        on_time=Count("pk", filter=on_time),
        skipped=Count("pk", filter=Q(status=Occurrence.Status.SKIPPED)),
        cancelled=Count("pk", filter=CANCELLED & Q(status=Occurrence.Status.GENERATED)),
        open=Count("pk", filter=OPEN),
        overdue=Count("pk", filter=overdue_q(now)),
    )
    return History(late=figures["done"] - figures["on_time"], **figures)


def plan_occurrences(plan):
    """The plan's occurrences, newest first, with their asset and work order."""
    return (
        Occurrence.objects.filter(plan=plan, archived_at__isnull=True)
        .select_related("asset", "work_order")
        .order_by("-due_on", "-pk")
    )


@dataclass(frozen=True)
class Upcoming:
    asset: Asset
    due: triggers.Due
    generated_on: object


def upcoming(plan, today=None, limit=SHOWN_UPCOMING):
    """The plan's next occurrences over its assets (soonest first), as its schedule says today: a fixed number
    of queries whatever the number of assets (the generator's own reads, for SHOWN_ASSETS assets at most)."""
    organization = plan.organization
    today = today or generator.local_today(organization)
    if plan.has_calendar:
        try:
            triggers.parse_rule(plan.rule, plan.starts_on)
        except ValidationError:
            return []  # a rule written before the checks (an import): the page says it, nothing to compute
    covered = generator.covered_assets(organization, [plan])[plan.pk][:SHOWN_ASSETS]
    ids = [asset for asset, _department in covered]
    if not ids:
        return []
    known = generator.histories(organization, plan_ids=[plan.pk], asset_ids=ids)
    readings = generator.meter_readings(organization, {(a, plan.meter_kind) for a in ids}) if plan.has_meter else {}
    assets = Asset.objects.in_bulk(ids)
    found = []
    for asset in ids:
        history = known.get((plan.pk, asset), triggers.History())
        for due in triggers.upcoming(plan, history, readings.get((asset, plan.meter_kind)), today, count=limit):
            found.append(Upcoming(assets[asset], due, triggers.generation_day(plan, due.scheduled_on)))
    found.sort(key=lambda u: (u.due.scheduled_on, u.asset.sort_name))
    return found[:limit]


def asset_plans(asset, organization):
    """The plans that apply to an asset (itself, its type, or a subtree it is in) with their next open due date
    on it and their overdue count on it."""
    ancestors = asset.ancestor_ids
    plans = (
        MaintenancePlan.objects.for_org(organization)
        .active()
        .filter(
            Q(scope=MaintenancePlan.Scope.ASSET, asset=asset)
            | Q(scope=MaintenancePlan.Scope.TYPE, asset_type_id=asset.asset_type_id)
            | Q(
                scope=MaintenancePlan.Scope.SUBTREE,
                asset_type_id=asset.asset_type_id,
                asset_id__in=[*ancestors, asset.pk],
            )
        )
        .select_related("category")
    )
    now = timezone.now()
    on_asset = Q(occurrences__asset=asset)
    return plans.annotate(
        next_due=Min("occurrences__due_on", filter=on_asset & _on_occurrences(OPEN)),
        overdue=Count("occurrences", filter=on_asset & _on_occurrences(overdue_q(now))),
    ).order_by("sort_name", "pk")


# --- indicators ------------------------------------------------------------------------------------------------
COST = F("labour_cost") + F("material_cost") + F("contractor_cost") + F("equipment_cost")


@dataclass(frozen=True)
class Share:
    label: str
    preventive: int
    corrective: int
    preventive_cost: Decimal
    corrective_cost: Decimal

    @property
    def preventive_rate(self):
        total = self.preventive + self.corrective
        return round(100 * self.preventive / total) if total else None

    @property
    def preventive_cost_rate(self):
        total = self.preventive_cost + self.corrective_cost
        return round(100 * self.preventive_cost / total) if total else None


def _shares(rows, label_of):
    table = {}
    for row in rows:
        key = label_of(row)
        entry = table.setdefault(key, {"preventive": 0, "corrective": 0, "pc": Decimal(0), "cc": Decimal(0)})
        preventive = row["kind"] == WorkOrder.Kind.PREVENTIVE
        entry["preventive" if preventive else "corrective"] += row["count"]
        entry["pc" if preventive else "cc"] += row["cost"] or Decimal(0)
    return [
        Share(str(key), e["preventive"], e["corrective"], e["pc"], e["cc"])
        for key, e in sorted(table.items(), key=lambda item: str(item[0]))
    ]


def _counted_orders(organization, since=None):
    """The work orders the indicators count: internal jobs and cancelled ones left out."""
    orders = WorkOrder.objects.for_org(organization).exclude(kind=WorkOrder.Kind.INTERNAL).exclude(state="cancelled")
    if since is not None:
        orders = orders.filter(created_at__gte=since)
    return orders


def building_of(column):
    """`column` of the building a work order's asset stands in (the nearest asset of kind building among the asset
    and its ancestors), as a subquery correlated to the work order. An ancestor's path is a prefix of the asset's
    path one segment longer per level, so the candidates are equality lookups on the (organization, path) index."""
    segment = KEY_WIDTH + 1
    prefixes = [Substr(OuterRef("asset__path"), 1, segment * level) for level in range(1, MAX_DEPTH + 1)]
    buildings = Asset.objects.filter(
        organization=OuterRef("organization"), asset_type__kind=AssetKind.BUILDING, path__in=prefixes
    )
    return Subquery(buildings.order_by("-depth").values(column)[:1])


@dataclass(frozen=True)
class BuildingShare(Share):
    building_id: int = 0
    done: int = 0  # preventive work orders of a plan, finished
    on_time: int = 0  # … before their occurrence's overdue moment
    overdue: int = 0  # preventive work orders of a plan still open past it

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.done) if self.done else None


def by_building(organization, since=None, limit=SHOWN_BUILDINGS, now=None):
    """Preventive vs corrective work orders (counts, costs), on-time completion and overdue work orders of the
    plans, by the building their asset stands in; the buildings with the most work orders first, `limit` of
    them (None: all). One query, grouped in the database. Overdue here counts the generated work orders (an
    occurrence postponed and not generated yet has no work order: the plan's page counts it)."""
    now = now or timezone.now()
    preventive = Q(kind=WorkOrder.Kind.PREVENTIVE)
    finished = Q(state__in=WORK_ORDER_GROUPS["finished"], occurrence__isnull=False)
    rows = (
        _counted_orders(organization, since)
        .filter(asset__isnull=False)
        .annotate(building=building_of("pk"), building_name=building_of("name"))
        .filter(building__isnull=False)
        .values("building", "building_name")
        .annotate(
            preventive=Count("pk", filter=preventive),
            corrective=Count("pk", filter=~preventive),
            preventive_cost=Sum(COST, filter=preventive, default=Decimal(0)),
            corrective_cost=Sum(COST, filter=~preventive, default=Decimal(0)),
            done=Count("pk", filter=finished),
            on_time=Count("pk", filter=finished & Q(completed_at__lt=F("occurrence__late_after"))),
            overdue=Count("pk", filter=Q(state__in=WORK_ORDER_GROUPS["open"], occurrence__late_after__lte=now)),
            total=Count("pk"),
        )
        .order_by("-total", "building_name", "building")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        BuildingShare(
            row["building_name"],
            row["preventive"],
            row["corrective"],
            row["preventive_cost"],
            row["corrective_cost"],
            building_id=row["building"],
            done=row["done"],
            on_time=row["on_time"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def indicators(organization, since=None, all_buildings=False):
    """Preventive vs corrective work orders (counts and costs; internal jobs left out, urgent repairs counted
    as corrective) for the organization, by asset type and by building, and the plans' on-time completion rate.
    `buildings_more`: more buildings than shown (`all_buildings` shows them all)."""
    orders = _counted_orders(organization, since)
    overall = orders.values("kind").annotate(count=Count("pk"), cost=Sum(COST)).order_by()
    by_type = (
        orders.filter(asset__isnull=False)
        .values("kind", "asset__asset_type__name")
        .annotate(count=Count("pk"), cost=Sum(COST))
        .order_by()
    )
    occurrences = Occurrence.objects.filter(organization=organization, archived_at__isnull=True)
    return {
        "overall": (_shares(overall, lambda row: "") or [Share("", 0, 0, Decimal(0), Decimal(0))])[0],
        "by_type": _shares(by_type, lambda row: row["asset__asset_type__name"]),
        "history": history_counts(occurrences),
        **_buildings(organization, since, all_buildings),
    }


def _buildings(organization, since, all_buildings):
    rows = by_building(organization, since, limit=None if all_buildings else SHOWN_BUILDINGS + 1)
    more = not all_buildings and len(rows) > SHOWN_BUILDINGS
    return {"by_building": rows[:SHOWN_BUILDINGS] if more else rows, "buildings_more": more}
