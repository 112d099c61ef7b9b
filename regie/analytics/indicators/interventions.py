"""The indicators of requests and work orders: volume, delays, satisfaction, costs, preventive vs corrective.

Each one names the list parameters that select its records (`regie.interventions.filters`); the formulas are
written out in docs/indicators.md. Conventions, the same as the costs page's:
- a request counts as received when it is submitted, approved when approved, closed when closed (and still is);
  rejected ones are those received in the period that were rejected;
- work orders and their costs count by the day they were created, cancelled ones left out;
- delays are from submission; "on time" compares the closure with the resolution due date the priority gave.
"""

from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Value
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regie.interventions.filters import RequestFilter, WorkOrderFilter
from regie.interventions.selectors import visible_requests, visible_work_orders

from .base import Indicator, Source

REQUESTS = Source(
    key="requests",
    filterset=RequestFilter,
    visible=visible_requests,
    list_url="interventions:request-list",
    api_url="api:request-list",
    scope_params={
        "department": "department",
        "category": "category",
        "priority": "priority",
        "channel": "channel",
        "asset": "asset_within",
    },
)
WORK_ORDERS = Source(
    key="work_orders",
    filterset=WorkOrderFilter,
    visible=visible_work_orders,
    list_url="interventions:workorder-list",
    api_url="api:workorder-list",
    scope_params={
        "department": "department",
        "category": "category",
        "priority": "priority",
        "team": "team",
        "execution": "execution",
        "contractor": "contractor",
        "asset": "asset_within",
    },
)


def between(name):
    """The list parameters of records whose `name` moment falls in the period (days: the list reads a day as its
    midnight in the organization's time zone, the period's bounds)."""
    return lambda period, now: {
        f"{name}_after": period.start.isoformat(),
        f"{name}_before": period.next_day.isoformat(),
    }


def _with(base, **extra):
    return lambda period, now: {**base(period, now), **extra}


def _fixed(**params):
    return lambda period, now: dict(params)


def since(moment):
    """The duration from the request's submission to its `moment`."""
    return lambda now: ExpressionWrapper(F(moment) - F("submitted_at"), output_field=DurationField())


def age(now):
    return ExpressionWrapper(Value(now, output_field=DateTimeField()) - F("submitted_at"), output_field=DurationField())


submitted, approved, closed = between("submitted"), between("approved"), between("closed")
created = _with(between("created"), without_cancelled="true")
completed = between("completed")

INDICATORS = [
    # --- volume -------------------------------------------------------------------------------------------
    Indicator(
        "requests_received",
        _("Requests received"),
        "volume",
        "count",
        REQUESTS,
        _("Requests submitted in the period."),
        params=submitted,
    ),
    Indicator(
        "requests_approved",
        _("Requests approved"),
        "volume",
        "count",
        REQUESTS,
        _("Requests approved in the period."),
        params=approved,
    ),
    Indicator(
        "requests_rejected",
        _("Requests rejected"),
        "volume",
        "count",
        REQUESTS,
        _("Requests submitted in the period and rejected."),
        params=_with(submitted, state="rejected"),
        lower_is_better=True,
    ),
    Indicator(
        "requests_closed",
        _("Requests closed"),
        "volume",
        "count",
        REQUESTS,
        _("Requests closed in the period (with or without work) that are still closed."),
        params=closed,
    ),
    Indicator(
        "backlog",
        _("Open requests (backlog)"),
        "volume",
        "count",
        REQUESTS,
        _("Requests open now: submitted, not yet done, rejected or cancelled."),
        params=_fixed(group="open"),
        current=True,
        lower_is_better=True,
    ),
    Indicator(
        "backlog_age",
        _("Age of the backlog"),
        "volume",
        "duration",
        REQUESTS,
        _("Median and 90th percentile of the time since submission of the requests open now."),
        params=_fixed(group="open"),
        expression=age,
        current=True,
        lower_is_better=True,
    ),
    Indicator(
        "requests_overdue",
        _("Overdue requests"),
        "volume",
        "count",
        REQUESTS,
        _("Requests open now and past their resolution due date (the one definition of overdue)."),
        params=_fixed(overdue="true"),
        current=True,
        lower_is_better=True,
    ),
    Indicator(
        "requests_on_time",
        _("Requests closed on time"),
        "volume",
        "ratio",
        REQUESTS,
        _("Of the requests closed in the period with a resolution due date, the share closed by that date."),
        params=_with(closed, on_time="true"),
        complement=_with(closed, on_time="false"),
        unit="%",
    ),
    Indicator(
        "work_orders_created",
        _("Work orders"),
        "volume",
        "count",
        WORK_ORDERS,
        _("Work orders created in the period, cancelled ones left out."),
        params=created,
    ),
    Indicator(
        "work_orders_closed",
        _("Work orders closed"),
        "volume",
        "count",
        WORK_ORDERS,
        _("Work orders closed in the period that are still closed."),
        params=between("closed"),
    ),
    Indicator(
        "work_orders_overdue",
        _("Overdue work orders"),
        "volume",
        "count",
        WORK_ORDERS,
        _("Work orders open now and past their planned end (the one definition of overdue)."),
        params=_fixed(overdue="true"),
        current=True,
        lower_is_better=True,
    ),
    Indicator(
        "work_orders_on_time",
        _("Work done by its planned end"),
        "volume",
        "ratio",
        WORK_ORDERS,
        _("Of the work orders completed in the period with a planned end, the share completed by then."),
        params=_with(completed, on_time="true"),
        complement=_with(completed, on_time="false"),
        unit="%",
    ),
    # --- delays -------------------------------------------------------------------------------------------
    Indicator(
        "time_to_first_response",
        _("Time to first response"),
        "delays",
        "duration",
        REQUESTS,
        _("From submission to the first answer (validated, approved or rejected), requests received in the period."),
        params=_with(submitted, responded="true"),
        expression=since("responded_at"),
        lower_is_better=True,
    ),
    Indicator(
        "time_to_approval",
        _("Time to approval"),
        "delays",
        "duration",
        REQUESTS,
        _("From submission to approval, requests approved in the period."),
        params=approved,
        expression=since("approved_at"),
        lower_is_better=True,
    ),
    Indicator(
        "time_to_resolution",
        _("Time to resolution"),
        "delays",
        "duration",
        REQUESTS,
        _("From submission to closure, requests closed in the period."),
        params=closed,
        expression=since("closed_at"),
        lower_is_better=True,
    ),
    Indicator(
        "closed_same_day",
        _("Closed the same day"),
        "delays",
        "ratio",
        REQUESTS,
        _("Of the requests closed in the period, the share closed on the day they were submitted."),
        params=_with(closed, same_day="true"),
        complement=_with(closed, same_day="false"),
        unit="%",
    ),
    Indicator(
        "first_visit_fix",
        _("Fixed at the first visit"),
        "delays",
        "ratio",
        WORK_ORDERS,
        _("Of the work orders completed in the period whose report says so, the share fixed at the first visit."),
        params=_with(completed, first_visit_fix="true"),
        complement=_with(completed, first_visit_fix="false"),
        unit="%",
    ),
    # --- satisfaction -------------------------------------------------------------------------------------
    Indicator(
        "satisfaction",
        _("Requesters' satisfaction"),
        "satisfaction",
        "average",
        REQUESTS,
        _("Mean rating (1 to 5) the requesters gave when closing their requests in the period."),
        params=_with(closed, rated="true"),
        expression=lambda now: F("satisfaction"),
        unit="/5",
    ),
    # --- preventive vs corrective -------------------------------------------------------------------------
    Indicator(
        "preventive_work_orders",
        _("Preventive work orders"),
        "maintenance",
        "count",
        WORK_ORDERS,
        _("Preventive work orders created in the period (plans' occurrences), cancelled ones left out."),
        params=_with(created, kind="preventive"),
    ),
    Indicator(
        "corrective_work_orders",
        _("Corrective work orders"),
        "maintenance",
        "count",
        WORK_ORDERS,
        _("Corrective work orders created in the period (repairs asked for), cancelled ones left out."),
        params=_with(created, kind="corrective"),
    ),
    Indicator(
        "urgent_work_orders",
        _("Urgent repairs"),
        "maintenance",
        "count",
        WORK_ORDERS,
        _("Urgent repairs created in the period, cancelled ones left out."),
        params=_with(created, kind="urgent"),
        lower_is_better=True,
    ),
    Indicator(
        "preventive_cost",
        _("Cost of preventive work"),
        "maintenance",
        "money",
        WORK_ORDERS,
        _("Labour, materials, contractors and vehicles of the preventive work orders created in the period."),
        params=_with(created, kind="preventive"),
        money_field="total",
    ),
    Indicator(
        "corrective_cost",
        _("Cost of corrective work"),
        "maintenance",
        "money",
        WORK_ORDERS,
        _("Labour, materials, contractors and vehicles of the corrective work orders created in the period."),
        params=_with(created, kind="corrective"),
        money_field="total",
        lower_is_better=True,
    ),
    # --- contractors --------------------------------------------------------------------------------------
    Indicator(
        "contractor_work_orders",
        _("Work given to contractors"),
        "contractors",
        "count",
        WORK_ORDERS,
        _("Work orders created in the period and done by contractors, cancelled ones left out."),
        params=_with(created, execution="contractor"),
    ),
    Indicator(
        "contractor_cost",
        _("Cost of contractors' work"),
        "contractors",
        "money",
        WORK_ORDERS,
        _("Everything the work orders done by contractors cost, created in the period."),
        params=_with(created, execution="contractor"),
        money_field="total",
        lower_is_better=True,
    ),
]

COST_FIGURES = (
    ("cost_total", _("Total cost"), "total", _("Labour, materials, contractors and vehicles")),
    ("cost_labour", _("In-house labour"), "labour", _("Agents' hours at their rate of the day")),
    ("cost_materials", _("Materials"), "materials", _("Materials' cost lines")),
    ("cost_contractors", _("Contractors' invoices"), "contractors", _("Contractors' invoice lines")),
    ("cost_equipment", _("Vehicles and equipment"), "equipment", _("Vehicles' and equipment's cost lines")),
    ("hours_worked", _("Hours worked"), "hours", _("Agents' hours recorded on the work orders")),
)


def _cost_formula(what):
    return lazy(
        lambda: gettext("%(what)s of the work orders created in the period, cancelled ones left out.") % {"what": what},
        str,
    )()


INDICATORS += [
    Indicator(
        key,
        label,
        "costs",
        "money",
        WORK_ORDERS,
        _cost_formula(what),
        params=created,
        money_field=money_field,
        lower_is_better=money_field != "hours",
        unit="h" if money_field == "hours" else "€",
    )
    for key, label, money_field, what in COST_FIGURES
]
