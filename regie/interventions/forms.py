"""HTML input of the interventions pages. Forms validate what a person typed; the services decide the rules."""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.attachments.forms import MultipleFileField, files_help_text
from regie.core.forms import FastSelects, TenantModelForm
from regie.core.permissions import Role
from regie.people.models import Agent, Contractor, Department, Team

from . import selectors, services
from .models import Category, CostCode, CostLine, InterventionRequest, Priority, WorkOrder
from .workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState

DEPARTMENT_ROLES = (Role.REQUESTER, Role.DEPARTMENT_HEAD)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def number_input(step):
    return forms.NumberInput(attrs={"step": step})


# --- requests ---------------------------------------------------------------------------------------------


class RequestForm(TenantModelForm):
    """A new request (with its photos) or the edit of a draft/submitted one."""

    files = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
    )
    # One key per displayed form: a double click or a resent form files the request once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = InterventionRequest
        fields = [
            "title",
            "description",
            "department",
            "category",
            "priority",
            "location",
            "latitude",
            "longitude",
            "desired_date",
            "budget_line",
            "estimated_amount",
            "cost_code",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "latitude": number_input("any"),
            "longitude": number_input("any"),
            "desired_date": date_input(),
            "estimated_amount": number_input("0.01"),
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            del self.fields["files"], self.fields["idempotency_key"]
        else:
            self.fields["files"].help_text = files_help_text()
            self.fields["idempotency_key"].initial = f"web-{uuid.uuid4().hex}"
            self.fields["priority"].initial = services.default_priority(self.organization)
        department = self.fields["department"]
        if membership.role in DEPARTMENT_ROLES:
            # Referents and department heads file requests for their own department only.
            own = membership.department_id
            department.queryset = department.queryset.filter(pk=own)
            department.initial, department.disabled = own, own is not None
            self.fields["budget_line"].queryset = self.fields["budget_line"].queryset.filter(
                Q(department_id=own) | Q(department__isnull=True)
            )
        else:
            department.help_text = _("Empty for the technical services' own needs.")

    def split(self):
        data, _m2m = super().split()
        return data, self.cleaned_data.get("files") or []


class RequestStepForm(forms.Form):
    """What a workflow step asks for: a reason (reject, cancel, hold, reopen), or a rating (close)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    rating = forms.TypedChoiceField(
        label=_("Your rating of the work"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5: very satisfied, 1: not satisfied at all."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, transition, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        if not transition.needs_reason:
            del self.fields["reason"]
        if not transition.needs_rating:
            del self.fields["rating"], self.fields["comment"]


class RequestFilterForm(FastSelects, forms.Form):
    group = forms.ChoiceField(label=_("Progress"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    GROUPS = {
        "waiting_validation": _("Awaiting validation"),
        "open": _("Open"),
        "active": _("Approved, being handled"),
        "finished": _("Done or closed"),
        "ended": _("Ended (incl. rejected, cancelled)"),
    }

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("All"))] + [(k, self.GROUPS[k]) for k in REQUEST_GROUPS]
        self.fields["state"].choices = [("", _("All")), *RequestState.choices]
        scope(self, organization, priority=Priority, department=Department, category=Category)
        if membership.role in DEPARTMENT_ROLES:
            del self.fields["department"]

    def filter(self, qs):
        data = self.cleaned_data
        return selectors.filter_requests(
            qs,
            group=data["group"],
            state=data["state"],
            priority=pk_of(data["priority"]),
            department=pk_of(data.get("department")),
            category=pk_of(data["category"]),
            overdue=data["overdue"],
        )


def scope(form, organization, **models):
    for name, model in models.items():
        form.fields[name].queryset = model.objects.for_org(organization).active()
        form.fields[name].empty_label = _("All")


def pk_of(obj):
    return obj.pk if obj is not None else None


class ListFilters:
    """The `filterset` of `RecordListView`, over a plain form whose `filter()` calls the app's selectors."""

    form_class = None

    def __init__(self, data, queryset, request):
        self.form = self.form_class(data, organization=request.organization, membership=request.membership)
        self.queryset = queryset
        self.is_bound = data is not None

    def is_valid(self):
        return self.form.is_valid()

    @property
    def qs(self):
        return self.form.filter(self.queryset)


class RequestFilters(ListFilters):
    form_class = RequestFilterForm


# --- work orders ------------------------------------------------------------------------------------------


class WorkOrderForm(TenantModelForm):
    """A work order: what, where, who (in-house team/agents or a contractor), when, and its checklist."""

    tasks = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One task per line."),
        max_length=4000,
    )

    class Meta:
        model = WorkOrder
        fields = [
            "title",
            "description",
            "kind",
            "category",
            "priority",
            "department",
            "location",
            "cost_code",
            "execution",
            "team",
            "agents",
            "contractor",
            "required_skills",
            "planned_start",
            "planned_end",
            "estimated_hours",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "execution": forms.RadioSelect,
            "agents": forms.CheckboxSelectMultiple,
            "required_skills": forms.CheckboxSelectMultiple,
            "planned_start": datetime_input(),
            "planned_end": datetime_input(),
            "estimated_hours": number_input("0.25"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["tasks"]
        self.fields["team"].queryset = Team.objects.for_org(self.organization).active()
        self.fields["contractor"].queryset = Contractor.objects.for_org(self.organization).active()
        self.fields["agents"].queryset = (
            Agent.objects.for_org(self.organization).active().select_related("team").order_by("last_name", "first_name")
        )
        self.fields["agents"].label_from_instance = lambda a: f"{a} ({a.team})" if a.team_id else str(a)

    def validate_constraints(self):
        """Checked by `services.create_work_order`/`update_work_order`, with messages on the right fields."""

    def split(self):
        data, m2m = super().split()
        tasks = [line.strip() for line in (self.cleaned_data.get("tasks") or "").splitlines() if line.strip()]
        return data, m2m, tasks


class WorkOrderStepForm(forms.Form):
    """What a work order step asks for: a reason (hold, cancel), or the report (complete)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    report = forms.CharField(
        label=_("Report: what was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    first_visit_fix = forms.TypedChoiceField(
        label=_("Fixed at the first visit?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    follow_up_needed = forms.BooleanField(label=_("A follow-up is needed"), required=False)

    def __init__(self, *args, transition, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        if not transition.needs_reason:
            del self.fields["reason"]
        if transition.name != "complete":
            del self.fields["report"], self.fields["first_visit_fix"], self.fields["follow_up_needed"]


class WorkOrderFilterForm(FastSelects, forms.Form):
    group = forms.ChoiceField(label=_("Progress"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=Agent.objects.none(), required=False)
    contractor = forms.ModelChoiceField(label=_("Contractor"), queryset=Contractor.objects.none(), required=False)
    planned_from = forms.DateField(label=_("Planned from"), required=False, widget=date_input())
    planned_to = forms.DateField(label=_("Planned until"), required=False, widget=date_input())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    GROUPS = {
        "open": _("Open"),
        "scheduled": _("Planned or under way"),
        "finished": _("Done or closed"),
        "ended": _("Ended (incl. cancelled)"),
    }

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("All"))] + [(k, self.GROUPS[k]) for k in WORK_ORDER_GROUPS]
        self.fields["state"].choices = [("", _("All")), *WorkOrderState.choices]
        scope(self, organization, priority=Priority, team=Team, agent=Agent, contractor=Contractor)
        if membership.role == Role.CONTRACTOR:  # they see their own company's work orders only
            for name in ("team", "agent", "contractor"):
                del self.fields[name]

    def filter(self, qs):
        data = self.cleaned_data
        return selectors.filter_work_orders(
            qs,
            group=data["group"],
            state=data["state"],
            priority=pk_of(data["priority"]),
            team=pk_of(data.get("team")),
            agent=pk_of(data.get("agent")),
            contractor=pk_of(data.get("contractor")),
            planned_from=day_start(data["planned_from"]),
            planned_to=day_start(data["planned_to"], days=1),
            overdue=data["overdue"],
        )


def day_start(day, days=0):
    """The start of `day` (+ `days`) in the organization's time zone, for date-range filters on datetimes."""
    if day is None:
        return None
    from datetime import datetime, time, timedelta

    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))


class WorkOrderFilters(ListFilters):
    form_class = WorkOrderFilterForm


class TaskForm(forms.Form):
    """Tick (`done=1`) or untick a line of a work order's checklist."""

    done = forms.BooleanField(required=False)


class AssignAgentForm(forms.Form):
    """One of the agents the assignment help suggests (`agents`): anyone else is refused."""

    agent = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.agents = {agent.pk: agent for agent in agents}
        field = self.fields["agent"]
        field.choices = [(pk, str(agent)) for pk, agent in self.agents.items()]
        gone = _("This agent is not available for this work order any more.")
        field.error_messages.update(required=gone, invalid_choice=gone)

    def clean_agent(self):
        return self.agents[self.cleaned_data["agent"]]


# --- time and costs ---------------------------------------------------------------------------------------


class TimeEntryForm(FastSelects, forms.Form):
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=Agent.objects.none())
    date = forms.DateField(label=_("Date"), widget=date_input())
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, decimal_places=2, widget=number_input("0.25")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, work_order, user, membership, **kwargs):
        kwargs.setdefault("prefix", "time")
        super().__init__(*args, **kwargs)
        agents = Agent.objects.owned_by(work_order.organization).active()
        if membership.role == Role.AGENT:  # agents record their own time only
            agents = agents.filter(user=user)
        self.fields["agent"].queryset = agents
        own = agents.filter(user=user).values_list("pk", flat=True).first()
        assigned = [a.pk for a in work_order.agents.all()]
        self.fields["agent"].initial = own or (assigned[0] if assigned else None)
        self.fields["date"].initial = timezone.localdate()


class CostLineForm(FastSelects, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CostLine.Kind.choices)
    label = forms.CharField(label=_("Label"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=date_input())
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0.001, decimal_places=3, widget=number_input("any"))
    unit = forms.CharField(label=_("Unit"), required=False, max_length=16)
    unit_cost = forms.DecimalField(label=_("Unit cost (€)"), min_value=0, decimal_places=2, widget=number_input("0.01"))
    reference = forms.CharField(label=_("Invoice / reference"), required=False, max_length=60)

    def __init__(self, *args, membership, **kwargs):
        kwargs.setdefault("prefix", "cost")
        super().__init__(*args, **kwargs)
        if membership.role == Role.CONTRACTOR:  # contractors record their invoices only
            self.fields["kind"].choices = [(CostLine.Kind.CONTRACTOR, CostLine.Kind.CONTRACTOR.label)]
        self.fields["date"].initial = timezone.localdate()
        self.fields["quantity"].initial = 1


# --- costs page -------------------------------------------------------------------------------------------


class CostFilterForm(FastSelects, forms.Form):
    group_by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("department", _("Department")),
            ("category", _("Category")),
            ("cost_code", _("Cost code")),
            ("team", _("Team")),
            ("month", _("Month")),
        ],
    )
    cost_code = forms.ModelChoiceField(label=_("Cost code"), queryset=CostCode.objects.none(), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Until"), required=False, widget=date_input())

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        scope(self, organization, cost_code=CostCode)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data
