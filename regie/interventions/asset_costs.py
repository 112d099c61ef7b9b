"""What was spent on an asset and everything inside it, by year: in-house (agents' time, materials, vehicles and
equipment) and contractors — the asset page's "Costs by year" and the occupant statement's figures.

Each time entry and cost line counts on its own date (the day the hours were worked, the materials used, the
invoice dated), so a work order started on 20 December and finished on 10 January puts December's hours in one
year and January's in the next, and an occupant statement for a year holds exactly that year's costs. Archived
(corrected) entries and lines and cancelled work orders are left out, as in the work orders' totals; who sees what
is `core.permissions.money_scope`, the costs report's one predicate (a department head: the work charged to their
department). The costs report itself still counts a work order in the month it was created (`costs_report`).

One query: a UNION ALL of the time entries grouped by year and the cost lines grouped by year and kind, each
reaching the subtree through its work order and one range of the assets' (organization, path) index. The lines
and entries are read from covering partial indexes (work order, date, kind, amount; work order, date, cost: the
active rows), so no table row is fetched. The year is range comparisons of the date against each 1 January,
newest first (the database's own date functions are a Python function per row on SQLite). Amounts are summed as
whole cents (`costs_report.cents`): exact on every database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.utils import timezone

from regie.assets.models.assets import subtree_q
from regie.core.permissions import ALL_DEPARTMENTS, money_scope

from .costs_report import from_cents, summed_cents
from .models import CostLine, TimeEntry
from .states import WorkOrderState

YEARS_BACK = 40  # older costs are counted in their own "before" row (year None)
FIGURES = ("labour", "materials", "equipment", "in_house", "contractors", "total")
# the figure each kind of cost line adds to (time entries: "labour")
KIND_FIGURE = {
    CostLine.Kind.MATERIAL: "materials",
    CostLine.Kind.EQUIPMENT: "equipment",
    CostLine.Kind.CONTRACTOR: "contractors",
}


@dataclass
class AssetCosts:
    rows: list = field(default_factory=list)  # dicts: year, then FIGURES, newest year first
    totals: dict = field(default_factory=dict)  # FIGURES over every year


def costed_rows(model, organization, scope, asset):
    """The active time entries or cost lines (`model`) of the organization's work orders (cancelled ones left
    out) on `asset` and its subtree that `scope` (`money_scope`) lets see: joined to their work order's asset's
    (organization, path) range (a join, not `IN (subquery)`: SQLite ran the subquery form 1.5–2× slower)."""
    qs = model.objects.filter(
        subtree_q(asset.path, "work_order__asset__"),
        work_order__organization=organization,
        work_order__asset__organization_id=asset.organization_id,
        archived_at__isnull=True,
    ).exclude(work_order__state=WorkOrderState.CANCELLED)
    return qs if scope == ALL_DEPARTMENTS else qs.filter(work_order__department_id=scope)


def year_of(date_field):
    """The calendar year of a date column, as range comparisons against each 1 January, newest first (a cost is
    dated at most a year ahead: `COST_DATE`)."""
    this_year = timezone.localdate().year
    whens = [
        When(**{f"{date_field}__gte": datetime.date(year, 1, 1)}, then=Value(year))
        for year in range(this_year + 1, this_year - YEARS_BACK, -1)
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def cost_sums(organization, scope, asset, *, by_year=False, first=None, last=None):
    """[{"year", "figure", "cents"}]: the subtree's labour and its cost lines by kind (`KIND_FIGURE`'s keys), dated
    within [first, last] (days, both optional), grouped by year when `by_year` (else year is None) — one query."""

    def grouped(model, figure, amount):
        qs = costed_rows(model, organization, scope, asset)
        if first is not None:
            qs = qs.filter(date__gte=first)
        if last is not None:
            qs = qs.filter(date__lte=last)
        year = year_of("date") if by_year else Value(None, output_field=IntegerField())
        return qs.annotate(year=year, figure=figure).values("year", "figure").annotate(cents=summed_cents(F(amount)))

    labour = grouped(TimeEntry, Value("labour", output_field=CharField()), "cost")
    lines = grouped(CostLine, F("kind"), "amount")
    return labour.order_by().union(lines.order_by(), all=True).order_by()


def _figures(sums):
    """The FIGURES of `sums` ({figure or kind: cents}) as amounts, with the in-house part and the total."""
    row = dict.fromkeys(("labour", "materials", "equipment", "contractors"), Decimal("0.00"))
    for figure, cents in sums.items():
        row[KIND_FIGURE.get(figure, figure)] += from_cents(cents)
    row["in_house"] = row["labour"] + row["materials"] + row["equipment"]
    row["total"] = row["in_house"] + row["contractors"]
    return row


def asset_costs(organization, membership, asset):
    """The costs of `asset` and its subtree by year, for whom `money_scope` lets see money; None for the others."""
    scope = money_scope(membership)
    if scope is None:
        return None
    years = {}
    for row in cost_sums(organization, scope, asset, by_year=True):
        years.setdefault(row["year"], {})[row["figure"]] = row["cents"]
    rows = [{"year": year, **_figures(sums)} for year, sums in years.items()]
    rows.sort(key=lambda row: row["year"] or 0, reverse=True)
    totals = {name: sum((row[name] for row in rows), Decimal("0.00")) for name in FIGURES}
    return AssetCosts(rows=rows, totals=totals)


def period_costs(organization, scope, asset, first, last):
    """The costs of `asset` and its subtree dated from `first` to `last` (days, both included): the figures of
    one line of the occupant statement (one query)."""
    sums = cost_sums(organization, scope, asset, first=first, last=last)
    return _figures({row["figure"]: row["cents"] for row in sums})
