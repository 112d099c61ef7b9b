"""HTML input of the interventions pages. Forms validate what a person typed; the services decide the rules."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.attachments import pending
from regie.attachments.forms import MultipleFileField, files_help_text
from regie.attachments.signature import SignatureField, signer_name_field
from regie.attachments.validation import MAX_FILES, check_files
from regie.core.forms import FastSelects, TenantModelForm, model_form_field
from regie.core.permissions import Role
from regie.core.validators import REASON_LENGTH, REPORT_LENGTH
from regie.people import widgets as picker
from regie.people.models import Agent, Contractor, Team
from regie.people.widgets import AgentPicker, PickerForm

from . import selectors, services
from .asset_picker import attach_asset_picker
from .models import (
    MAX_TASKS,
    BudgetLine,
    CostCode,
    CostLine,
    InterventionRequest,
    TimeEntry,
    WorkflowSettings,
    WorkOrder,
    WorkOrderTask,
)
from .services.requests import EDITABLE_FIELDS as REQUEST_FIELDS
from .services.work_orders import EDITABLE_FIELDS as WORK_ORDER_FIELDS
from .services.work_orders import M2M_FIELDS as WORK_ORDER_M2M_FIELDS
from .services.work_orders import SKILL_MISSING

DEPARTMENT_ROLES = (Role.REQUESTER, Role.DEPARTMENT_HEAD)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def number_input(step):
    return forms.NumberInput(attrs={"step": step})


# --- requests ---------------------------------------------------------------------------------------------


class KeptFilesField(forms.Field):
    """The tokens of files kept from a refused submission (hidden inputs, several values)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return [token[:2000] for token in value or () if isinstance(token, str) and token][:MAX_FILES]


class RequestForm(PickerForm, TenantModelForm):
    """A new request (with its photos) or the edit of a draft/submitted one."""

    files = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
    )
    # The files a refused submission accepted, kept aside (`attachments.pending`): rendered by the template.
    kept_files = KeptFilesField()
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
        self.user, self.kept, self.carried = membership.user, [], []
        self.fields["location"].widget.attrs["autocomplete"] = "off"
        self.fields["location"].help_text = _("Filled from the asset when one is chosen; say where it is otherwise.")
        attach_asset_picker(self, fill=("location", "latitude", "longitude"), with_map=True)
        if self.instance.pk:
            del self.fields["files"], self.fields["idempotency_key"], self.fields["kept_files"]
        else:
            self.fields["files"].help_text = files_help_text()
            self.fields["idempotency_key"].initial = f"web-{uuid.uuid4().hex}"
            self.fields["priority"].initial = services.default_priority(self.organization)
        lines = self.fields["budget_line"]
        if self.instance.budget_line_id:  # the line a request has stays offered, closed year or not
            lines.queryset = BudgetLine.open_lines(lines.queryset) | lines.queryset.filter(
                pk=self.instance.budget_line_id
            )
        else:
            lines.queryset = BudgetLine.open_lines(lines.queryset)
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
        self.mark_budget_fields(membership)

    def mark_budget_fields(self, membership):
        """Where the organization wants a budget line and an estimate on a department's request (a town, not a
        village: `WorkflowSettings.budget_required`), the form says so before it is sent: required for who files
        for their own department, explained to who may file without one (the service checks either way)."""
        if not WorkflowSettings.for_org(self.organization).budget_required:
            return
        own_department = membership.role in DEPARTMENT_ROLES and membership.department_id is not None
        for name in ("budget_line", "estimated_amount"):
            field = self.fields[name]
            if own_department:
                field.required = True
            else:
                field.help_text = _("Required when the request names a department.")

    def clean(self):
        cleaned = super().clean()
        if "kept_files" not in self.fields:
            return cleaned
        kept = pending.take(cleaned.get("kept_files") or [], user=self.user, organization=self.organization)
        if "files" in self.errors:  # a new file was refused: the kept ones stay kept
            self.carried = kept
            return cleaned
        try:
            cleaned["files"] = check_files([*kept, *(cleaned.get("files") or [])])
        except ValidationError as error:
            self.carried = kept
            self.add_error("files", error.message_dict.get("files", error.messages))
        return cleaned

    def keep_files(self):
        """A refused form: set aside the files it accepted, for the page that shows its errors to offer again."""
        if "kept_files" not in self.fields or not self.is_bound or not self.errors:
            return
        files = self.carried if "files" in self.errors else self.cleaned_data.get("files") or []
        self.kept = pending.keep(files, user=self.user, organization=self.organization)

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


class WorkOrderForm(PickerForm, TenantModelForm):
    """A work order: what, where, who (in-house team/agents or a contractor), when, and its checklist.

    Its agents are chosen with the agent picker (search as you type, narrowed by the team, free or busy in the
    planned slot); one who lacks a required skill is assigned only once `skill_override` is ticked with a reason,
    which the service audits (the two fields show once the service has refused, `asks_skill_override`)."""

    picker_checked = ("required_skills",)

    tasks = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One task per line."),
        max_length=MAX_TASKS * (WorkOrderTask._meta.get_field("label").max_length + 2),
    )
    skill_override = forms.BooleanField(label=_("Assign them anyway, without the required skill"), required=False)
    skill_override_reason = forms.CharField(
        label=_("Reason for assigning without the skill"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LENGTH,
        help_text=_("Kept in the work order's history."),
    )

    class Meta:
        model = WorkOrder
        fields = [*WORK_ORDER_FIELDS, *WORK_ORDER_M2M_FIELDS]  # what the services let a work order change
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "execution": forms.RadioSelect,
            "agents": AgentPicker,
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
        self.fields["agents"].queryset = Agent.objects.for_org(self.organization).active()
        attach_asset_picker(self, fill=("location",), with_map=True)
        picker.attach(
            self,
            "agents",
            choices_for=self.agent_choices,
            url=reverse("interventions:workorder-agent-picker"),
            include=("team", "planned_start", "planned_end", "required_skills"),
            refresh_on=("team", "planned_start", "planned_end", "required_skills"),
        )

    def agent_choices(self, chosen, data):
        query, all_teams = picker.search_terms(self, "agents")
        return selectors.agent_picker(
            self.organization,
            chosen=chosen,
            query=query,
            team=picker.picked(self, "team"),
            all_teams=all_teams,
            start=picker.picked(self, "planned_start"),
            end=picker.picked(self, "planned_end"),
            required_skills=list(picker.picked(self, "required_skills") or ()),
            work_order_pk=self.instance.pk,
        )

    def asks_skill_override(self):
        """Whether to show the confirmation: the service refused agents without a required skill, or it was
        already being given."""
        refused = any(e.code == SKILL_MISSING for e in self.errors.as_data().get("agents", ()))
        return refused or bool(self.data.get(self.add_prefix("skill_override_reason")))

    def clean(self):
        data = super().clean()
        if data.get("skill_override") and not (data.get("skill_override_reason") or "").strip():
            self.add_error("skill_override_reason", _("Say why they are assigned without the required skill."))
        return data

    def override_reason(self):
        """The reason the service receives: given only with the confirmation ticked."""
        data = self.cleaned_data
        return (data.get("skill_override_reason") or "").strip() if data.get("skill_override") else ""

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
    signature = SignatureField(label=_("Signature of the person on site"))
    signer_name = signer_name_field(help_text=_("First and last name of the person who signs."))
    QUOTE_FIELDS = ("quote_amount", "quote_document")
    SIGNATURE_FIELDS = ("signature", "signer_name")

    def __init__(self, *args, transition, work_order=None, **kwargs):
        super().__init__(*args, transition=transition, **kwargs)
        for name in self.QUOTE_FIELDS if transition.name != "submit_quote" else ():
            del self.fields[name]
        signing = transition.name == "complete" and work_order is not None and work_order.signature_required
        for name in self.SIGNATURE_FIELDS if not signing else ():
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
    """Tick (`done=1`) or untick a line of a work order's checklist, with the measurement it asks for: `value`
    (a number, in the task's unit) or `passed` ("pass" / "fail")."""

    done = forms.BooleanField(required=False)
    value = model_form_field(WorkOrderTask, "value", required=False)
    passed = forms.TypedChoiceField(
        choices=[("pass", _("Pass")), ("fail", _("Fail"))],
        coerce=lambda choice: choice == "pass",
        required=False,
        empty_value=None,
    )


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


class TimeEntryForm(PickerForm, FastSelects, forms.Form):
    """Hours of an agent on a work order. Managers choose the agent with the agent picker (the work order's
    agents listed, anyone found by a search); agents record their own time only (a list of one)."""

    picker_form_id = "time-form"

    agent = forms.ModelChoiceField(label=_("Agent"), queryset=Agent.objects.none())
    date = model_form_field(TimeEntry, "date", label=_("Date"), widget=date_input())
    hours = model_form_field(TimeEntry, "hours", label=_("Hours"), widget=number_input("0.25"))
    note = model_form_field(TimeEntry, "note", label=_("Note"))

    def __init__(self, *args, work_order, user, membership, **kwargs):
        kwargs.setdefault("prefix", "time")
        super().__init__(*args, **kwargs)
        self.work_order = work_order
        agents = Agent.objects.owned_by(work_order.organization).active()
        if membership.role == Role.AGENT:  # agents record their own time only
            agents = agents.filter(user=user)
        self.fields["agent"].queryset = agents
        own = agents.filter(user=user).values_list("pk", flat=True).first()
        self.assigned = [a.pk for a in work_order.agents.all()]
        self.fields["agent"].initial = own or (self.assigned[0] if self.assigned else None)
        self.fields["date"].initial = timezone.localdate()
        if membership.role != Role.AGENT:
            self.fields["agent"].widget = AgentPicker(multiple=False)
            picker.attach(
                self,
                "agent",
                choices_for=self.agent_choices,
                url=reverse("interventions:workorder-time-agent-picker", args=[work_order.pk]),
                by_team=False,
            )

    def agent_choices(self, chosen, data):
        query, _all_teams = picker.search_terms(self, "agent")
        return selectors.agent_picker(
            self.work_order.organization, chosen=chosen[:1], query=query, default=self.assigned
        )


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
