"""What was spent on an asset and everything inside it, by year: in-house (agents' time, materials, vehicles and
equipment) and contractors — the asset page's "Costs by year" and the occupant statement's figures.

The costs report's rule and figures (`costs_report`): a work order counts in the year it was created (in the
organization's time zone), cancelled ones left out, with its cost lines and time entries as the work order's pre-
aggregated totals (kept by the cost services); who sees what is `core.permissions.money_scope`, the costs report's
one predicate (a department head: the work charged to their department). So the asset page, the costs page and the
occupant statement add up alike.

One query: one range of the assets' (organization, path) index (the subtree) joined to the organization's work
orders by their asset, grouped by year (`year_of_creation`). Summing the dated raw lines instead was measured 10×
slower on SQLite (60,000 lines fetched one work order at a time through their index, 0.4–1 s) for a figure that
differs only for work spanning New Year. Amounts are summed as whole cents (`costs_report.cents`): exact on every
database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from regie.assets.models.assets import subtree_q
from regie.core.permissions import ALL_DEPARTMENTS, money_scope

from .costs_report import from_cents, summed_cents
from .models import WorkOrder
from .states import WorkOrderState

YEARS_BACK = 40  # older work orders are counted in their own "before" row (year None)
FIGURES = ("labour", "materials", "equipment", "in_house", "contractors", "total")
SUMMED = {
    "labour": "labour_cost",
    "materials": "material_cost",
    "equipment": "equipment_cost",
    "contractors": "contractor_cost",
}


@dataclass
class AssetCosts:
    rows: list = field(default_factory=list)  # dicts: year, then FIGURES, newest year first
    totals: dict = field(default_factory=dict)  # FIGURES over every year


def costed_work_orders(organization, scope, asset):
    """The organization's work orders (cancelled ones left out) on `asset` and its subtree that `scope`
    (`money_scope`) lets see: joined to their asset's (organization, path) range (a join, not `IN (subquery)`:
    SQLite ran the subquery form 1.5–2× slower)."""
    qs = WorkOrder.objects.filter(
        subtree_q(asset.path, "asset__"), organization=organization, asset__organization_id=asset.organization_id
    ).exclude(state=WorkOrderState.CANCELLED)
    return qs if scope == ALL_DEPARTMENTS else qs.filter(department_id=scope)


def year_of_creation():
    """The year (in the organization's time zone) a work order was created, as range comparisons against each
    1 January, newest first: the database's own date functions are a Python function per row on SQLite (and a
    time-zone conversion), which took half the roll-up's time at 5,000 work orders."""
    this_year = timezone.localdate().year
    starts = (
        (year, timezone.make_aware(datetime.datetime(year, 1, 1)))
        for year in range(this_year + 1, this_year - YEARS_BACK, -1)
    )
    whens = [When(created_at__gte=start, then=Value(year)) for year, start in starts]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def _sums():
    return {name: summed_cents(F(column)) for name, column in SUMMED.items()}


def _figures(labour=0, materials=0, equipment=0, contractors=0, **_ignored):
    """A row of cents as amounts, with its in-house part and its total."""
    row = {
        "labour": from_cents(labour),
        "materials": from_cents(materials),
        "equipment": from_cents(equipment),
        "contractors": from_cents(contractors),
    }
    row["in_house"] = row["labour"] + row["materials"] + row["equipment"]
    row["total"] = row["in_house"] + row["contractors"]
    return row


def asset_costs(organization, membership, asset):
    """The costs of `asset` and its subtree by year, for whom `money_scope` lets see money; None for the others."""
    scope = money_scope(membership)
    if scope is None:
        return None
    grouped = (
        costed_work_orders(organization, scope, asset)
        .annotate(year=year_of_creation())
        .values("year")
        .annotate(**_sums())
        .order_by()
    )
    rows = [{"year": row.pop("year"), **_figures(**row)} for row in grouped]
    rows.sort(key=lambda row: row["year"] or 0, reverse=True)
    totals = {name: sum((row[name] for row in rows), Decimal("0.00")) for name in FIGURES}
    return AssetCosts(rows=rows, totals=totals)


def period_costs(organization, scope, asset, start, end):
    """The costs of the work orders on `asset` and its subtree created in [start, end) (aware date-times): the
    figures of one line of the occupant statement (one aggregate)."""
    work_orders = costed_work_orders(organization, scope, asset).filter(created_at__gte=start, created_at__lt=end)
    return _figures(**work_orders.order_by().aggregate(**_sums()))
