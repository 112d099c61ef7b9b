"""The costs report — what the work cost, by department, category, cost code, team or month — for the costs page,
its CSV export and `/api/v1/costs/summary/` alike: one scope (`core.permissions.money_scope`), one sum.

Work orders count by the day they were created, cancelled ones left out; figures are summed in the database from
the work orders' pre-aggregated totals, grouped in one query; the totals add up the groups.

Amounts are summed as whole cents (hours as hundredths): each record's figure is exact already (two decimals), and
integer sums are exact on every database (SQLite sums decimals as floats, and rounding each group's float sum made
the total by cost code a cent away from the total by department). So a total is the same whatever the grouping.

The budget follow-up (`budget_report`) is the same kind of roll-up, of requests by budget line.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Round, TruncMonth
from django.utils import timezone

from regie.core.fields import sorted_lookup
from regie.core.permissions import ALL_DEPARTMENTS, money_scope

from .models import BudgetLine, WorkflowSettings, WorkOrder
from .selectors import where_given
from .workflow import REQUEST_GROUPS, RequestState, WorkOrderState

# group → the values a row is grouped by (the id last, so two records with the same name stay apart)
COST_GROUPS = {
    "department": ("department__name", "department_id"),
    "category": ("category__name", "category_id"),
    "cost_code": ("cost_code__code", "cost_code__name", "cost_code_id"),
    "team": ("team__name", "team_id"),
    "month": (),
}
FIGURES = ("work_orders", "hours", "labour", "materials", "contractors", "equipment", "total")
# figure → the work order's pre-aggregated field it sums
SUMMED = {
    "hours": "hours",
    "labour": "labour_cost",
    "materials": "material_cost",
    "contractors": "contractor_cost",
    "equipment": "equipment_cost",
}


@dataclass
class CostReport:
    group_by: str
    rows: list  # dicts: the group's values ("<group>_id", names, or "month"), then FIGURES
    totals: dict  # FIGURES over every row


def cents(expression):
    """An amount (two decimals) as whole cents, the unit every sum of the reports adds."""
    return Cast(Round(expression * 100), BigIntegerField())


def summed_cents(expression, **kwargs):
    return Coalesce(Sum(cents(expression), **kwargs), 0)


def from_cents(value):
    return Decimal(int(value)).scaleb(-2)


def _figures():
    return {"work_orders": Count("id"), **{name: summed_cents(F(field)) for name, field in SUMMED.items()}}


def _in_units(row):
    """A row of cents as amounts, with its total."""
    for name in SUMMED:
        row[name] = from_cents(row[name])
    row["total"] = row["labour"] + row["materials"] + row["contractors"] + row["equipment"]
    return row


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
        # named as a French reader sorts them: "Eau", "École", "élagage" (the names' sort keys, `core.fields`)
        grouped = qs.values(*COST_GROUPS[group_by])
        order = [sorted_lookup(WorkOrder, lookup) for lookup in COST_GROUPS[group_by]]
    rows = [_in_units(row) for row in grouped.annotate(**_figures()).order_by(*order)]
    # The groups partition the rows, so the totals are the sums of the database's group sums (a few dozen
    # figures): a second aggregate over the same work orders would read them all again (73 → 150 ms a year).
    totals = {name: sum((row[name] for row in rows), Decimal(0)) for name in FIGURES}
    totals["work_orders"] = int(totals["work_orders"])
    return CostReport(group_by=group_by, rows=rows, totals=totals)


def with_budget_year(query):
    """`query` (a QueryDict) with the reports' default period, the current budget year (a commune's is the
    calendar year), for the bounds it does not give; an end given alone starts its own year, a start given alone
    ends this year (or its own, if later)."""
    query, today = query.copy(), timezone.localdate()

    def year_of(name):
        try:
            return datetime.date.fromisoformat(query.get(name, "")).year
        except ValueError:
            return today.year

    if "date_from" not in query:
        query["date_from"] = datetime.date(year_of("date_to"), 1, 1).isoformat()
    if "date_to" not in query:
        query["date_to"] = datetime.date(max(today.year, year_of("date_from")), 12, 31).isoformat()
    return query


def _money_visible(queryset, membership):
    """The work orders of `queryset` whose money `membership` sees (`money_scope`), or None: no money at all."""
    scope = money_scope(membership)
    if scope is None:
        return None
    return queryset if scope == ALL_DEPARTMENTS else queryset.filter(department_id=scope)


def work_order_totals(queryset, membership):
    """The costs report's figures over the work orders of a list (one aggregate), for whom `money_scope` lets see
    money (a department head: their department's work orders of the list); None for the others."""
    queryset = _money_visible(queryset, membership)
    if queryset is None:
        return None
    return _in_units(queryset.order_by().aggregate(**_figures()))


def work_order_totals_by(queryset, membership, field):
    """`work_order_totals` for each value of `field` among the work orders (one grouped query): {value: figures}."""
    queryset = _money_visible(queryset, membership)
    if queryset is None:
        return None
    grouped = queryset.order_by().values(field).annotate(**_figures())
    return {row.pop(field): _in_units(row) for row in grouped}


def row_id(group_by, row):
    """The record a row is about (None: no record, or by month)."""
    return None if group_by == "month" else row[f"{group_by}_id"]


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day(moment):
    return timezone.localtime(moment).date().isoformat()


def work_orders_query(group_by=None, row=None, *, date_from=None, date_to=None, cost_code=None, department=None):
    """The work-order list's filters (`filters.WorkOrderFilter`, page and API) that select the work orders behind
    a figure of `cost_report(...)` called with the same arguments: `row`'s, or the totals' without a row.

    None for a row the list cannot select (no department, no category...: the lists filter on a record).
    The bounds are midnights in the organization's time zone (the report's), written as days."""
    query = {"without_cancelled": "true"}
    if row is not None:
        if group_by == "month":
            first = timezone.localtime(row["month"]).date()
            start, end = _midnight(first), _midnight((first + datetime.timedelta(days=32)).replace(day=1))
            date_from, date_to = max(start, date_from or start), min(end, date_to or end)
        elif row_id(group_by, row) is None:
            return None
        else:
            query[group_by] = row_id(group_by, row)
    if date_from:
        query["created_after"] = _day(date_from)
    if date_to:
        query["created_before"] = _day(date_to)
    query.setdefault("cost_code", cost_code)
    query.setdefault("department", department)
    return {name: value for name, value in query.items() if value is not None}


# Requests committing a budget line (approved, not yet closed) and spending it (closed)
COMMITTED = (*REQUEST_GROUPS["active"], RequestState.DONE)
SPENT = (RequestState.CLOSED,)
BUDGET_FIGURES = ("voted", "committed", "spent", "remaining")


@dataclass
class BudgetReport:
    year: int
    labour_counts: bool  # the organization's setting: in-house labour is charged to the lines
    rows: list  # dicts: id, code, name, department__name, then BUDGET_FIGURES (voted, remaining None: not voted)
    totals: dict  # BUDGET_FIGURES over every row (the voted amounts given)


def budget_charge(labour_counts, prefix=""):
    """What a request charges to its budget line: materials, contractors and vehicles, and in-house labour when
    the organization says so (`WorkflowSettings.budget_counts_labour`; in M57 pay sits in chapter 012)."""
    charge = F(f"{prefix}material_cost") + F(f"{prefix}contractor_cost") + F(f"{prefix}equipment_cost")
    return charge + F(f"{prefix}labour_cost") if labour_counts else charge


def budget_report(organization, membership, *, year):
    """Per budget line of `year`: voted, committed (approved requests not yet closed: the larger of their estimate
    and what they cost so far), spent (closed requests' costs) and what remains — one grouped query.

    Everything for the roles allowed `cost.view`, their department's lines for a department head."""
    scope = money_scope(membership)
    if scope is None:
        raise PermissionDenied
    labour_counts = WorkflowSettings.for_org(organization).budget_counts_labour
    lines = BudgetLine.objects.for_org(organization).filter(year=year)
    if scope != ALL_DEPARTMENTS:
        lines = lines.filter(department_id=scope)
    charge = budget_charge(labour_counts, prefix="requests__")
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))
    estimate_or_charge = Greatest(Coalesce(F("requests__estimated_amount"), zero), charge)
    grouped = lines.values("id", "code", "name", "department__name", "amount").annotate(
        committed=summed_cents(estimate_or_charge, filter=Q(requests__state__in=COMMITTED)),
        spent=summed_cents(charge, filter=Q(requests__state__in=SPENT)),
    )
    rows = []
    for row in grouped.order_by("code", "id"):
        committed, spent, voted = from_cents(row.pop("committed")), from_cents(row.pop("spent")), row.pop("amount")
        remaining = None if voted is None else voted - committed - spent
        rows.append({**row, "voted": voted, "committed": committed, "spent": spent, "remaining": remaining})
    totals = {
        name: sum((row[name] for row in rows if row[name] is not None), Decimal("0.00")) for name in BUDGET_FIGURES
    }
    return BudgetReport(year=year, labour_counts=labour_counts, rows=rows, totals=totals)
