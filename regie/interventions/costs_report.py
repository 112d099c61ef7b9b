"""The costs report — what the work cost, by department, category, cost code, team or month — for the costs page,
its CSV export and `/api/v1/costs/summary/` alike: one scope (`core.permissions.money_scope`), one sum.

Work orders count by the day they were created, cancelled ones left out; figures are summed in the database from
the work orders' pre-aggregated totals, grouped in one query; the totals add up the groups.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from regie.core.permissions import ALL_DEPARTMENTS, money_scope

from .models import WorkOrder
from .selectors import where_given
from .workflow import WorkOrderState

# group → the values a row is grouped by (the id last, so two records with the same name stay apart)
COST_GROUPS = {
    "department": ("department__name", "department_id"),
    "category": ("category__name", "category_id"),
    "cost_code": ("cost_code__code", "cost_code__name", "cost_code_id"),
    "team": ("team__name", "team_id"),
    "month": (),
}
FIGURES = ("work_orders", "hours", "labour", "materials", "contractors", "equipment", "total")


@dataclass
class CostReport:
    group_by: str
    rows: list  # dicts: the group's values ("<group>_id", names, or "month"), then FIGURES
    totals: dict  # FIGURES over every row


def _figures():
    zero = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))
    return {
        "work_orders": Count("id"),
        "hours": Coalesce(Sum("hours"), zero),
        "labour": Coalesce(Sum("labour_cost"), zero),
        "materials": Coalesce(Sum("material_cost"), zero),
        "contractors": Coalesce(Sum("contractor_cost"), zero),
        "equipment": Coalesce(Sum("equipment_cost"), zero),
    }


def _with_total(qs):
    return qs.annotate(total=F("labour") + F("materials") + F("contractors") + F("equipment"))


def cost_report(
    organization, membership, *, group_by="department", date_from=None, date_to=None, cost_code=None, department=None
):
    """The report `membership` may read: everything for the roles allowed `cost.view`, their own department's work
    for a department head (a `department` filter narrows it, never widens it); PermissionDenied for the others."""
    scope = money_scope(membership)
    if scope is None:
        raise PermissionDenied
    qs = WorkOrder.objects.owned_by(organization).exclude(state=WorkOrderState.CANCELLED)
    if scope != ALL_DEPARTMENTS:
        qs = qs.filter(department_id=scope)
    qs = where_given(
        qs, created_at__gte=date_from, created_at__lt=date_to, cost_code_id=cost_code, department_id=department
    )
    group_by = group_by if group_by in COST_GROUPS else "department"
    if group_by == "month":
        grouped, order = qs.annotate(month=TruncMonth("created_at")).values("month"), ["month"]
    else:
        grouped, order = qs.values(*COST_GROUPS[group_by]), list(COST_GROUPS[group_by])
    rows = list(_with_total(grouped.annotate(**_figures())).order_by(*order))
    # The groups partition the rows, so the totals are the sums of the database's group sums (a few dozen
    # figures): a second aggregate over the same work orders would read them all again (73 → 150 ms a year).
    totals = {name: sum((row[name] for row in rows), Decimal(0)) for name in FIGURES}
    totals["work_orders"] = int(totals["work_orders"])
    return CostReport(group_by=group_by, rows=rows, totals=totals)


def row_id(group_by, row):
    """The record a row is about (None: no record, or by month)."""
    return None if group_by == "month" else row[f"{group_by}_id"]
