"""The dashboards of each role, composed of the indicators (`indicators`): their tiles, their tables by
priority, channel, department or category, and the monthly trend.

One layout per role — the director (administrators, technical-services managers), a department head (their
department's), a team leader (their team's work, no money) and an elected official — from the same definitions:
a tile is an indicator's figure; a table row is the same indicator over one group, linked to the list of that
group's records; the trend counts requests received and closed by month, each month linked to its list.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.interventions.models import InterventionRequest

from .indicators import figure, get
from .indicators.base import Figure
from .percentiles import MEDIAN, P90, percentiles
from .period import Period

SECTIONS = {
    "volume": _("Activity"),
    "delays": _("Delays"),
    "satisfaction": _("Satisfaction"),
    "costs": _("Costs"),
    "maintenance": _("Preventive and corrective"),
    "contractors": _("Contractors"),
}

LAYOUTS = {
    "director": (
        "requests_received", "requests_approved", "requests_rejected", "requests_closed", "backlog", "backlog_age",
        "requests_overdue", "requests_on_time", "work_orders_created", "work_orders_closed", "work_orders_overdue",
        "work_orders_on_time", "time_to_first_response", "time_to_approval", "time_to_resolution",
        "closed_same_day", "first_visit_fix", "satisfaction", "cost_total", "cost_labour", "cost_materials",
        "cost_contractors", "cost_equipment", "hours_worked", "preventive_work_orders", "corrective_work_orders",
        "urgent_work_orders", "preventive_cost", "corrective_cost", "contractor_work_orders", "contractor_cost",
    ),
    "department": (
        "requests_received", "requests_approved", "requests_rejected", "requests_closed", "backlog",
        "requests_overdue", "requests_on_time", "time_to_first_response", "time_to_resolution", "satisfaction",
        "work_orders_created", "cost_total", "cost_labour", "cost_materials", "cost_contractors",
    ),
    "team": (
        "work_orders_created", "work_orders_closed", "work_orders_overdue", "work_orders_on_time",
        "first_visit_fix", "preventive_work_orders", "corrective_work_orders", "urgent_work_orders",
    ),
    "elected": (
        "requests_received", "requests_closed", "backlog", "requests_on_time", "time_to_resolution",
        "closed_same_day", "satisfaction", "cost_total", "preventive_cost", "corrective_cost", "contractor_cost",
    ),
}  # fmt: skip

TITLES = {
    "director": _("Director's dashboard"),
    "department": _("Department dashboard"),
    "team": _("Team dashboard"),
    "elected": _("Elected official's dashboard"),
}

# the tables: (key, title, indicator, grouped by: the scope filter, the records' field and its label's field)
TABLES = {
    "director": ("resolution_by_priority", "received_by_channel", "received_by_category", "cost_by_department"),
    "department": ("resolution_by_priority", "received_by_category"),
    "team": ("work_orders_by_category",),
    "elected": ("received_by_channel", "received_by_category", "cost_by_department"),
}


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: object
    indicator: str
    by: str  # the dashboard filter a row sets (its link: the list with that filter)
    field: str  # the records' field grouped by
    label_field: str  # what names a group (a related record's name), or "" for a choice
    choices: dict = field(default_factory=dict)


BREAKDOWNS = {
    b.key: b
    for b in (
        Breakdown("resolution_by_priority", _("Time to resolution by priority"), "time_to_resolution", "priority",
                  "priority_id", "priority__name"),
        Breakdown("received_by_channel", _("Requests received by channel"), "requests_received", "channel",
                  "channel", "", dict(InterventionRequest.Channel.choices)),
        Breakdown("received_by_category", _("Requests received by category"), "requests_received", "category",
                  "category_id", "category__name"),
        Breakdown("work_orders_by_category", _("Work orders by category"), "work_orders_created", "category",
                  "category_id", "category__name"),
        Breakdown("cost_by_department", _("Costs by department"), "cost_total", "department", "department_id",
                  "department__name"),
    )
}  # fmt: skip


@dataclass
class Row:
    label: str
    figure: Figure


@dataclass
class Table:
    breakdown: Breakdown
    rows: list


@dataclass
class Section:
    key: str
    title: object
    figures: list


@dataclass
class Dashboard:
    scope: object
    title: object
    sections: list
    tables: list
    trend: list  # (month, received, closed, received link, closed link)

    def figures(self):
        return [f for section in self.sections for f in section.figures]


def build(scope, now=None, *, compare=True):
    """The dashboard of `scope.dashboard` for the scope's organization, period and filters."""
    now = now or timezone.now()
    by_section = {}
    for key in LAYOUTS[scope.dashboard]:
        result = figure(get(key), scope, scope.period, now, compare=compare)
        if result is not None:
            by_section.setdefault(result.indicator.group, []).append(result)
    sections = [Section(name, title, by_section[name]) for name, title in SECTIONS.items() if name in by_section]
    tables = [t for t in (breakdown(BREAKDOWNS[key], scope, now) for key in TABLES[scope.dashboard]) if t]
    return Dashboard(scope, TITLES[scope.dashboard], sections, tables, trend(scope, now))


def breakdown(spec, scope, now):
    """A table: the indicator for each group of its records (one grouped query), each row linked to its list.
    None when the role may not see the indicator or the dashboard's filters fix the group already."""
    indicator = get(spec.indicator)
    source = indicator.source
    if spec.by in scope.filters or not source.applies(scope):
        return None
    params = indicator.params(scope.period, now)
    records = source.records(scope, params)
    names = [spec.field, *([spec.label_field] if spec.label_field else [])]
    if indicator.kind == "duration":
        found = percentiles(records, indicator.expression(now), (MEDIAN, P90), group_by=spec.field)
        counts = dict(records.order_by().values_list(spec.field).annotate(n=Count("pk")))
        labels = dict(records.order_by().values_list(*names).distinct()) if spec.label_field else {}
        rows = [
            Figure(indicator, value=values[MEDIAN], p90=values[P90], count=counts.get(group), extra={"group": group})
            for group, values in found.items()
        ]
    elif indicator.kind == "count":
        grouped = records.order_by().values(*names).annotate(n=Count("pk"))
        labels = {row[spec.field]: row.get(spec.label_field) for row in grouped}
        rows = [Figure(indicator, value=row["n"], count=row["n"], extra={"group": row[spec.field]}) for row in grouped]
    elif indicator.kind == "money":
        from regie.interventions.costs_report import work_order_totals_by

        by_group = work_order_totals_by(records, scope.membership, spec.field)
        if by_group is None:
            return None
        labels = dict(records.order_by().values_list(*names).distinct()) if spec.label_field else {}
        rows = [
            Figure(indicator, value=totals[indicator.money_field], count=totals["work_orders"], extra={"group": group})
            for group, totals in by_group.items()
        ]
    else:
        raise ValueError(indicator.kind)
    table = []
    for row in rows:
        group = row.extra["group"]
        if group is None:
            label = _("None given")
        else:
            label = spec.choices.get(group, labels.get(group, group))
            row.link = source.link(scope, {**params, source.scope_params[spec.by]: group})
        table.append(Row(str(label), row))
    table.sort(key=lambda r: (-(r.figure.count or 0), r.label))
    return Table(spec, table)


def trend(scope, now, months=12):
    """Requests received and closed by month over the 12 months ending with the period's (two grouped queries)."""
    indicator = get("requests_received")
    source = indicator.source
    if not source.applies(scope):
        return []
    end = scope.period.end.replace(day=1) + relativedelta(months=1)
    start = end - relativedelta(months=months)
    span = Period(start, end - datetime.timedelta(days=1))
    received = _by_month(source.records(scope, indicator.params(span, now)), "submitted_at")
    closed_indicator = get("requests_closed")
    closed = _by_month(source.records(scope, closed_indicator.params(span, now)), "closed_at")
    rows = []
    for index in range(months):
        month = start + relativedelta(months=index)
        period = Period(month, month + relativedelta(months=1) - datetime.timedelta(days=1))
        rows.append(
            {
                "month": month,
                "received": received.get(month, 0),
                "closed": closed.get(month, 0),
                "received_link": source.link(scope, indicator.params(period, now)),
                "closed_link": source.link(scope, closed_indicator.params(period, now)),
            }
        )
    return rows


def _by_month(records, moment):
    tz = timezone.get_current_timezone()
    grouped = (
        records.order_by().annotate(month=TruncMonth(F(moment), tzinfo=tz)).values("month").annotate(n=Count("pk"))
    )
    return {timezone.localtime(row["month"]).date() if hasattr(row["month"], "hour") else row["month"]: row["n"]
            for row in grouped}  # fmt: skip
