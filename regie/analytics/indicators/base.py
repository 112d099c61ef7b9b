"""What an indicator is, where its records come from, and how a figure is computed and linked to its records.

An indicator reads its records through a **source**: a list of the application (requests, work orders…) with the
list's own FilterSet and the role's visible records. The indicator only names the list's filter parameters that
select its records for a period (`params`); its figure is an aggregate over exactly the queryset that the list
would show for those parameters plus the dashboard's filters. So "every figure links to the list of records
behind it and the list's count or sum equals the figure" holds by construction — and a test checks it against
the lists themselves.

Kinds of figures:
- `count`: how many records (the list's count);
- `ratio`: the share of the records that answer yes (on time, fixed at the first visit…) among those that answer
  yes or no (two filtered lists, both linked; records that cannot answer — no due date — are in neither);
- `duration`: median and 90th percentile of a duration over the records (computed by the database:
  `percentiles`), with how many records it is over;
- `average`: the mean of a value (residents' ratings) over the records;
- `money`: a sum of the work orders' cost totals (`costs_report.work_order_totals`: the money scope of the
  role; the work-order list shows the same totals).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Avg, Count
from django.http import QueryDict
from django.urls import reverse

from ..percentiles import MEDIAN, P90, percentiles


@dataclass(frozen=True)
class Source:
    """A list of records an indicator counts: its FilterSet, the records a role sees, its pages."""

    key: str
    filterset: type
    visible: Any  # (organization, membership) → queryset
    list_url: str  # the HTML list's URL name
    api_url: str  # the API list's URL name
    # the dashboard's filter → the list's parameter (filters this source has no parameter for do not apply)
    scope_params: dict

    def records(self, scope, params):
        """The queryset the list shows for `params` and the dashboard's filters (ValidationError when the list
        refuses them: a value of another organization, a malformed one)."""
        data = QueryDict(mutable=True)
        for name, value in {**self.scope_values(scope), **params}.items():
            data[name] = str(value)
        filterset = self.filterset(data, queryset=self.visible(scope.organization, scope.membership), request=scope)
        unread = set(data) - set(filterset.filters)
        if unread:  # the list would ignore them, and count more than the indicator means
            raise ImproperlyConfigured(f"the {self.key} list has no filter {', '.join(sorted(unread))}")
        if not filterset.is_valid():
            raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
        return filterset.qs

    def scope_values(self, scope):
        return {self.scope_params[name]: value for name, value in scope.filters.items() if name in self.scope_params}

    def applies(self, scope):
        """Whether every filter of the dashboard applies to this source's records."""
        return all(name in self.scope_params for name in scope.filters)

    def link(self, scope, params):
        """The list's URL of the figure's records; without the filters the list hides from this role (their
        records are already bounded by what the role sees: a department head's department)."""
        role = getattr(scope.membership, "role", None)
        hidden = {name for name, roles in self.filterset.hidden_for.items() if role in roles}
        data = QueryDict(mutable=True)
        for name, value in {**self.scope_values(scope), **params}.items():
            if name not in hidden:
                data[name] = str(value)
        return f"{reverse(self.list_url)}?{data.urlencode()}"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any
    group: str  # the dashboard section: volume, delays, satisfaction, costs, reliability, ...
    kind: str  # count, ratio, duration, average, money
    source: Source
    formula: Any  # what it counts, for docs/indicators.md and the tile's description
    params: Any = None  # (period, now) → the list's parameters of the records (a ratio: those that say yes)
    complement: Any = None  # ratio: (period, now) → the parameters of the records that say no
    expression: Any = None  # duration/average: (now) → the expression per record
    money_field: str = ""  # money: the figure of `work_order_totals` ("total", "labour", "hours"…)
    current: bool = False  # a figure of now (backlog, overdue): no period, no previous period
    lower_is_better: bool = False  # delays, backlog, overdue, costs: a decrease is shown as good news
    unit: str = ""

    @property
    def money(self):
        return self.kind == "money"


@dataclass
class Figure:
    """An indicator's value for a scope and a period, with the links to its records."""

    indicator: Indicator
    value: Any = None
    previous: Any = None
    count: int | None = None  # the records it is over (count, duration, average, money: the list's count)
    numerator: int | None = None  # ratio: the records that say yes
    denominator: int | None = None  # ratio: those that say yes or no
    p90: Any = None
    previous_p90: Any = None
    link: str = ""
    complement_link: str = ""
    applies: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def key(self):
        return self.indicator.key

    @property
    def complement_count(self):
        """A ratio: the records that say no."""
        return None if self.denominator is None else self.denominator - self.numerator

    @property
    def change(self):
        """The change against the previous period (a number, or None when either is missing)."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def compute(indicator, scope, period, now):
    """The figure of `indicator` over `period` (its value only, no links): a dict of what it found."""
    source = indicator.source
    params = indicator.params(period, now) if indicator.params else {}
    records = source.records(scope, params)
    kind = indicator.kind
    if kind == "count":
        count = records.count()
        return {"value": count, "count": count}
    if kind == "ratio":
        numerator = records.count()
        denominator = numerator + source.records(scope, indicator.complement(period, now)).count()
        value = None if not denominator else Decimal(numerator * 100) / Decimal(denominator)
        return {"value": value, "numerator": numerator, "denominator": denominator}
    if kind == "duration":
        found = percentiles(records, indicator.expression(now), (MEDIAN, P90))
        return {"value": found[MEDIAN], "p90": found[P90], "count": records.count()}
    if kind == "average":
        found = records.aggregate(average=Avg(indicator.expression(now)), count=Count("pk"))
        return {"value": found["average"], "count": found["count"]}
    if kind == "money":
        from regie.interventions.costs_report import work_order_totals

        totals = work_order_totals(records, scope.membership)
        if totals is None:
            return None
        return {"value": totals[indicator.money_field], "count": totals["work_orders"]}
    raise ValueError(f"unknown kind of indicator: {kind}")


def figure(indicator, scope, period, now, *, compare=True):
    """The indicator's figure with the previous period's value and the links to its records; None when the role
    may not see it (money without a money scope)."""
    source = indicator.source
    if not source.applies(scope):
        return Figure(indicator, applies=False)
    found = compute(indicator, scope, period, now)
    if found is None:
        return None
    result = Figure(indicator, **found)
    if compare and not indicator.current:
        before = compute(indicator, scope, period.previous(), now) or {}
        result.previous, result.previous_p90 = before.get("value"), before.get("p90")
    params = indicator.params(period, now) if indicator.params else {}
    result.link = source.link(scope, params)
    if indicator.kind == "ratio":
        result.complement_link = source.link(scope, indicator.complement(period, now))
    return result
