"""HTML input of the interventions pages. Forms validate what a person typed; the services decide the rules."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.attachments.forms import MultipleFileField, files_help_text
from regie.core.forms import FastSelects, TenantModelForm, model_form_field
from regie.core.permissions import Role
from regie.core.validators import REASON_LENGTH, REPORT_LENGTH
from regie.people.models import Agent, Contractor, Team

from . import services
from .models import (
    MAX_TASKS,
    CostCode,
    CostLine,
    InterventionRequest,
    TimeEntry,
    WorkOrder,
    WorkOrderTask,
)
from .services.requests import EDITABLE_FIELDS as REQUEST_FIELDS
from .services.work_orders import EDITABLE_FIELDS as WORK_ORDER_FIELDS
from .services.work_orders import M2M_FIELDS as WORK_ORDER_M2M_FIELDS

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
        fields = list(REQUEST_FIELDS)  # what the service lets a request change: the form offers the same
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


class StepForm(forms.Form):
    """What a workflow step (`transition`) asks for: a reason if it needs one, and the fields of `step_fields`
    only for the steps `asks_for` says; its cleaned data are the transition service's inputs."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_LENGTH)
    step_fields: tuple[str, ...] = ()

    def __init__(self, *args, transition, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        if not transition.needs_reason:
            del self.fields["reason"]
        if not self.asks_for(transition):
            for name in self.step_fields:
                del self.fields[name]

    @staticmethod
    def asks_for(transition):
        return False


class RequestStepForm(StepForm):
    """What a workflow step asks for: a reason (reject, cancel, hold, reopen), or a rating (close)."""

    step_fields = ("rating", "comment")
    rating = forms.TypedChoiceField(
        label=_("Your rating of the work"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5: very satisfied, 1: not satisfied at all."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LENGTH,
    )

    @staticmethod
    def asks_for(transition):
        return transition.needs_rating


def scope(form, organization, **models):
    for name, model in models.items():
        form.fields[name].queryset = model.objects.for_org(organization).active()
        form.fields[name].empty_label = _("All")


def pk_of(obj):
    return obj.pk if obj is not None else None


# --- work orders ------------------------------------------------------------------------------------------


class WorkOrderForm(TenantModelForm):
    """A work order: what, where, who (in-house team/agents or a contractor), when, and its checklist."""

    tasks = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One task per line."),
        max_length=MAX_TASKS * (WorkOrderTask._meta.get_field("label").max_length + 2),
    )

    class Meta:
        model = WorkOrder
        fields = [*WORK_ORDER_FIELDS, *WORK_ORDER_M2M_FIELDS]  # what the services let a work order change
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

    def clean_tasks(self):
        tasks = [line.strip() for line in (self.cleaned_data.get("tasks") or "").splitlines() if line.strip()]
        if error := services.checklist_error(tasks):
            raise ValidationError(error)
        return tasks

    def split(self):
        data, m2m = super().split()
        return data, m2m, self.cleaned_data.get("tasks") or []


class WorkOrderStepForm(StepForm):
    """What a work order step asks for: a reason (hold, cancel), or the report (complete)."""

    step_fields = ("report", "first_visit_fix", "follow_up_needed")
    report = forms.CharField(
        label=_("Report: what was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=REPORT_LENGTH
    )
    first_visit_fix = forms.TypedChoiceField(
        label=_("Fixed at the first visit?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    follow_up_needed = forms.BooleanField(label=_("A follow-up is needed"), required=False)
    quote_amount = model_form_field(WorkOrder, "quote_amount", required=True)
    quote_document = forms.FileField(
        label=_("The quote (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"})
    )
    QUOTE_FIELDS = ("quote_amount", "quote_document")

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, transition=transition, **kwargs)
        for name in self.QUOTE_FIELDS if transition.name != "submit_quote" else ():
            del self.fields[name]

    @staticmethod
    def asks_for(transition):
        return transition.name == "complete"


def day_start(day, days=0):
    """The start of `day` (+ `days`) in the organization's time zone, for date-range filters on datetimes."""
    if day is None:
        return None
    from datetime import datetime, time, timedelta

    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))


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
    date = model_form_field(TimeEntry, "date", label=_("Date"), widget=date_input())
    hours = model_form_field(TimeEntry, "hours", label=_("Hours"), widget=number_input("0.25"))
    note = model_form_field(TimeEntry, "note", label=_("Note"))

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
    label = model_form_field(CostLine, "label", label=_("Label"))
    date = model_form_field(CostLine, "date", label=_("Date"), widget=date_input())
    quantity = model_form_field(CostLine, "quantity", label=_("Quantity"), required=True, widget=number_input("any"))
    unit = model_form_field(CostLine, "unit", label=_("Unit"))
    unit_cost = model_form_field(CostLine, "unit_cost", label=_("Unit cost (€)"), widget=number_input("0.01"))
    reference = model_form_field(CostLine, "reference", label=_("Invoice / reference"))

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
