"""List filters of requests and work orders (django-filter), shared by the API and the HTML lists.

The FilterSets only parse and validate the query string (an unknown state, a malformed date or a record
of another organization is a 400); the filtering itself is the selectors' `filter_requests` /
`filter_work_orders`, so the browser and the API cannot filter differently.
"""

import django_filters as filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from regie.core.filters import StrictBooleanFilter
from regie.people.models import Agent, Contractor, Department, Team

from . import selectors
from .models import Category, CostCode, InterventionRequest, Priority, WorkOrder
from .workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState


def scoped(model):
    """The choices of a record filter: the current organization's records (archived ones included)."""

    def queryset(request):
        organization = getattr(request, "organization", None)
        if organization is None:
            return model.objects.none()
        if model is get_user_model():
            return model.objects.filter(memberships__organization=organization).distinct()
        return model.objects.for_org(organization)

    return queryset


def record(model, field_name, label):
    return filters.ModelChoiceFilter(queryset=scoped(model), field_name=field_name, label=label)


class SelectorFilterSet(filters.FilterSet):
    """Validate the query string with the filters declared, then hand the cleaned values to a selector."""

    selector = None
    # filter name → the selector's keyword, where they differ
    renamed: dict[str, str] = {}

    def filter_queryset(self, queryset):
        values = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "") or value is False:
                continue
            values[self.renamed.get(name, name)] = getattr(value, "pk", value)
        return type(self).selector(queryset, **values)


class RequestFilter(SelectorFilterSet):
    selector = staticmethod(selectors.filter_requests)
    renamed = {"created_after": "created_from", "created_before": "created_to", "search": "query"}

    state = filters.ChoiceFilter(choices=RequestState.choices, label=_("Status"))
    group = filters.ChoiceFilter(
        choices=[(name, name) for name in REQUEST_GROUPS], label=_("Status group (several statuses at once)")
    )
    priority = record(Priority, "priority", _("Priority"))
    department = record(Department, "department", _("Requesting department"))
    category = record(Category, "category", _("Category"))
    requester = record(get_user_model(), "requester", _("Requested by (user id)"))
    cost_code = record(CostCode, "cost_code", _("Cost code"))
    created_after = filters.DateTimeFilter(field_name="created_at", label=_("Filed at or after"))
    created_before = filters.DateTimeFilter(field_name="created_at", label=_("Filed before"))
    overdue = StrictBooleanFilter(label=_("Open and past its resolution due date"))
    search = filters.CharFilter(label=_("Number, title or place contains"))

    class Meta:
        model = InterventionRequest
        fields = []


class WorkOrderFilter(SelectorFilterSet):
    selector = staticmethod(selectors.filter_work_orders)
    renamed = {"planned_after": "planned_from", "planned_before": "planned_to", "search": "query"}

    state = filters.ChoiceFilter(choices=WorkOrderState.choices, label=_("Status"))
    group = filters.ChoiceFilter(
        choices=[(name, name) for name in WORK_ORDER_GROUPS], label=_("Status group (several statuses at once)")
    )
    priority = record(Priority, "priority", _("Priority"))
    department = record(Department, "department", _("Charged department"))
    team = record(Team, "team", _("Team"))
    agent = record(Agent, "agents", _("Assignee: an agent given the work order"))
    contractor = record(Contractor, "contractor", _("Contractor"))
    category = record(Category, "category", _("Category"))
    request = record(InterventionRequest, "request", _("Request it comes from"))
    cost_code = record(CostCode, "cost_code", _("Cost code"))
    planned_after = filters.DateTimeFilter(field_name="planned_start", label=_("Planned to start at or after"))
    planned_before = filters.DateTimeFilter(field_name="planned_start", label=_("Planned to start before"))
    overdue = StrictBooleanFilter(label=_("Open and past its planned end"))
    search = filters.CharFilter(label=_("Number or title contains"))

    class Meta:
        model = WorkOrder
        fields = []
