"""The filters of the requests and work-orders lists (django-filter), declared once for the API and the HTML lists.

Each FilterSet is the API viewset's `filterset_class` (every filter, in the schema) and, built with `page=True`
by the HTML list, that list's filter form: the filters named in `page_filters`, in that order, plus the
page-only conveniences of `page_only_filters` (day pickers), with choices limited to the organization's active
records, `<select>`s rendered by `core.widgets` and the filters a role has no use for left out (`hidden_for`).
The page honours every other filter of the API too when its query string gives it (a link from the costs page:
`?cost_code=19&created_after=…`), shown after the others so that it can be seen and changed; a parameter no
filter reads is reported, never silently dropped (`core.filters.unknown_parameters`).
A filter's `label` is what the page shows, its `help_text` what the API schema says.

The FilterSets only parse and validate the query string (an unknown state, a malformed date or a record
of another organization is a 400 in the API); the filtering itself is the selectors' `filter_requests` /
`filter_work_orders`, so the browser and the API cannot filter differently.
"""

import django_filters as filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from regie.assets.models import Asset
from regie.core.filters import (  # noqa: F401 (re-exported)
    ALL,
    SelectorFilterSet,
    StrictBooleanFilter,
    YesNoFilter,
    record,
    scoped,
)
from regie.core.permissions import Role
from regie.people.models import Agent, Contractor, Department, Team

from . import selectors, work_queue
from .agent_filter import FIELD as AGENT_FIELD
from .agent_filter import attach_agent_filter
from .asset_picker import attach_asset_filters
from .forms import DEPARTMENT_ROLES, date_input, day_start
from .models import Category, CostCode, InterventionRequest, Priority, WorkOrder
from .workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState

LIST_FORM_ID = "list-filters"  # the `<form>` of a list's filters (interventions/list.html)


class DayFilter(filters.DateFilter):
    """A day picker of the HTML list: the selector gets the start of the day (`days=1`: of the next day)."""

    def __init__(self, *args, days=0, **kwargs):
        kwargs.setdefault("widget", date_input())
        super().__init__(*args, **kwargs)
        self.days = days

    def selector_value(self, value):
        return day_start(value, self.days)


def state_filter(choices):
    return filters.ChoiceFilter(choices=choices, label=_("Status"), empty_label=ALL)


def group_filter(labels, groups):
    return filters.ChoiceFilter(
        choices=[(name, labels[name]) for name in groups],
        label=_("Progress"),
        help_text=_("Status group (several statuses at once)"),
        empty_label=ALL,
    )


def overdue_filter(help_text):
    return StrictBooleanFilter(label=_("Overdue only"), help_text=help_text)


def moment_filters(field_name, after, before):
    """A pair of bounds on one moment of the records (`<moment>_after` included, `<moment>_before` left out): a
    date (its midnight in the organization's time zone) or a date and time. The dashboards' figures link to the
    lists with them."""
    return (
        filters.DateTimeFilter(field_name=field_name, label=after),
        filters.DateTimeFilter(field_name=field_name, label=before),
    )


def choice_filter(choices, label, help_text=None):
    return filters.ChoiceFilter(choices=choices, label=label, help_text=help_text or label, empty_label=ALL)


REQUEST_GROUP_LABELS = {
    "waiting_validation": _("Awaiting validation"),
    "open": _("Open"),
    "active": _("Approved, being handled"),
    "finished": _("Done or closed"),
    "ended": _("Ended (incl. rejected, cancelled)"),
}

WORK_ORDER_GROUP_LABELS = {
    "open": _("Open"),
    "scheduled": _("Planned or under way"),
    "finished": _("Done or closed"),
    "ended": _("Ended (incl. cancelled)"),
}


class RequestFilter(SelectorFilterSet):
    selector = staticmethod(selectors.filter_requests)
    renamed = {"created_after": "created_from", "created_before": "created_to", "search": "query"}
    page_filters = ("awaiting", "group", "state", "priority", "department", "category", "channel", "overdue")
    # referents and heads see their own department's only; referents and agents take no workflow step
    hidden_for = {"department": DEPARTMENT_ROLES, "awaiting": (Role.REQUESTER, Role.AGENT)}
    own_filters = ("awaiting",)

    awaiting = filters.ChoiceFilter(
        choices=list(work_queue.AWAITING.items()),
        label=_("Waiting for"),
        help_text=_(
            "Waiting for a step of the current user: validation (department heads), approval or planning "
            "(technical services), as the organization's workflow routes requests"
        ),
        empty_label=ALL,
    )
    state = state_filter(RequestState.choices)
    group = group_filter(REQUEST_GROUP_LABELS, REQUEST_GROUPS)
    priority = record(Priority, "priority", _("Priority"))
    department = record(Department, "department", _("Department"), _("Requesting department"))
    category = record(Category, "category", _("Category"))
    requester = record(get_user_model(), "requester", _("Requested by (user id)"))
    cost_code = record(CostCode, "cost_code", _("Cost code"))
    asset = record(Asset, "asset", _("Asset"), _("Requests on this asset"))
    asset_within = record(Asset, "asset", _("Asset or inside it"), _("Requests on this asset or on anything inside it"))
    created_after = filters.DateTimeFilter(field_name="created_at", label=_("Filed at or after"))
    created_before = filters.DateTimeFilter(field_name="created_at", label=_("Filed before"))
    submitted_after, submitted_before = moment_filters(
        "submitted_at", _("Submitted at or after"), _("Submitted before")
    )
    approved_after, approved_before = moment_filters("approved_at", _("Approved at or after"), _("Approved before"))
    closed_after, closed_before = moment_filters(
        "closed_at", _("Closed at or after (and still closed)"), _("Closed before (and still closed)")
    )
    channel = choice_filter(InterventionRequest.Channel.choices, _("Channel"), _("How the request came in"))
    overdue = overdue_filter(_("Open and past its resolution due date"))
    responded = YesNoFilter(
        label=_("Answered"), help_text=_("Given a first answer (validated, approved or rejected), or not yet")
    )
    on_time = YesNoFilter(
        label=_("Closed on time"),
        help_text=_(
            "Closed by its resolution due date (yes) or after it (no); the requests without a due date or not "
            "closed are in neither"
        ),
    )
    same_day = YesNoFilter(
        label=_("Closed the same day"),
        help_text=_("Closed on the day it was submitted (yes) or on a later day (no); open ones are in neither"),
    )
    rated = YesNoFilter(label=_("Rated"), help_text=_("The requester gave a satisfaction rating (1 to 5), or not"))
    search = filters.CharFilter(label=_("Number, title or place contains"))

    class Meta(SelectorFilterSet.Meta):
        model = InterventionRequest
        fields = []

    @property
    def form(self):
        form = super().form
        if self.page and not hasattr(form, "asset_pickers"):
            form.asset_pickers = True
            attach_asset_filters(form, self.request.organization)
        return form

    def apply_own(self, queryset, name, value):
        request = self.request
        return work_queue.awaiting(queryset, value, organization=request.organization, membership=request.membership)


class WorkOrderFilter(SelectorFilterSet):
    selector = staticmethod(selectors.filter_work_orders)
    renamed = {
        "planned_after": "planned_from",
        "planned_before": "planned_to",
        "created_after": "created_from",
        "created_before": "created_to",
        "search": "query",
    }
    page_filters = (
        "group",
        "state",
        "priority",
        "team",
        "agent",
        "contractor",
        "kind",
        "planned_from",
        "planned_to",
        "overdue",
        "quote",
    )
    page_only_filters = {
        "planned_from": DayFilter(label=_("Planned from")),
        "planned_to": DayFilter(label=_("Planned until"), days=1),
    }
    # contractors see their own company's work orders only
    hidden_for = dict.fromkeys(("team", "agent", "contractor"), (Role.CONTRACTOR,))

    state = state_filter(WorkOrderState.choices)
    group = group_filter(WORK_ORDER_GROUP_LABELS, WORK_ORDER_GROUPS)
    priority = record(Priority, "priority", _("Priority"))
    department = record(Department, "department", _("Charged department"))
    team = record(Team, "team", _("Team"))
    agent = record(Agent, "agents", _("Agent"), _("Assignee: an agent given the work order"))
    contractor = record(Contractor, "contractor", _("Contractor"))
    category = record(Category, "category", _("Category"))
    request = record(InterventionRequest, "request", _("Request it comes from"))
    cost_code = record(CostCode, "cost_code", _("Cost code"))
    asset = record(Asset, "asset", _("Asset"), _("Work orders on this asset"))
    asset_within = record(
        Asset, "asset", _("Asset or inside it"), _("Work orders on this asset or on anything inside it")
    )
    planned_after = filters.DateTimeFilter(field_name="planned_start", label=_("Planned to start at or after"))
    planned_before = filters.DateTimeFilter(field_name="planned_start", label=_("Planned to start before"))
    created_after = filters.DateTimeFilter(field_name="created_at", label=_("Created at or after"))
    created_before = filters.DateTimeFilter(field_name="created_at", label=_("Created before"))
    completed_after, completed_before = moment_filters(
        "completed_at", _("Completed at or after"), _("Completed before")
    )
    closed_after, closed_before = moment_filters(
        "closed_at", _("Closed at or after (and still closed)"), _("Closed before (and still closed)")
    )
    kind = choice_filter(WorkOrder.Kind.choices, _("Kind"), _("Corrective, preventive, internal job or urgent repair"))
    execution = choice_filter(WorkOrder.Execution.choices, _("Done by"), _("In-house or by a contractor"))
    first_visit_fix = YesNoFilter(
        label=_("Fixed at the first visit"),
        help_text=_(
            "The report says it was fixed at the first visit (yes) or not (no); unanswered ones are in neither"
        ),
    )
    on_time = YesNoFilter(
        label=_("Completed by its planned end"),
        help_text=_(
            "Completed by its planned end (yes) or after it (no); the work orders without a planned end or not "
            "completed are in neither"
        ),
    )
    without_cancelled = StrictBooleanFilter(
        label=_("Cancelled ones left out"), help_text=_("Leave out the cancelled work orders, as the costs do")
    )
    overdue = overdue_filter(_("Open and past its planned end"))
    quote = filters.ChoiceFilter(
        choices=[("to_send", _("Quote to send")), ("to_approve", _("Quote to approve"))],
        label=_("Quote"),
        help_text=_(
            "Work orders asking for a quote that waits: to be sent by the contractor (none submitted, or the last "
            "one rejected) or to be approved by the technical services"
        ),
        empty_label=ALL,
    )
    search = filters.CharFilter(label=_("Number or title contains"))

    class Meta(SelectorFilterSet.Meta):
        model = WorkOrder
        fields = []

    @property
    def form(self):
        """The page's agent filter is the agent picker (search as you type), not a `<select>` of every agent."""
        form = super().form
        if self.page and AGENT_FIELD in form.fields and not hasattr(form, "agent_picker"):
            form.agent_picker = True
            attach_agent_filter(form, self.request.organization, form_id=LIST_FORM_ID)
        if self.page and not hasattr(form, "asset_pickers"):
            form.asset_pickers = True
            attach_asset_filters(form, self.request.organization)
        return form
