"""The plan form (with the recurrence presets and the checklist as lines) and the skip / postpone forms."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.assets.models import Meter
from regie.core.forms import TenantModelForm, model_form_field
from regie.core.validators import REASON_LENGTH
from regie.interventions.asset_picker import attach_asset_picker

from . import triggers
from .models import MaintenancePlan, Occurrence, PlanTask
from .plan_services import PLAN_FIELDS

# "Relever la pression [bar]": a number in bar; "Contrôler le flexible [OK]": pass / fail
MEASURE = re.compile(r"^(?P<label>.*?)\s*\[(?P<unit>[^\]]{0,20})\]\s*$")
PASS_FAIL_MARKS = {"ok", "ok/nok", "oui/non", "pass/fail", "conforme"}


def parse_tasks(text):
    """The checklist typed one task per line: [unit] at the end asks a number, [OK] a pass / fail."""
    tasks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        found = MEASURE.match(line)
        if found and found["label"]:
            unit = found["unit"].strip()
            if unit.lower() in PASS_FAIL_MARKS:
                tasks.append({"label": found["label"], "measurement": PlanTask.Measurement.PASS_FAIL})
            else:
                tasks.append({"label": found["label"], "measurement": PlanTask.Measurement.NUMBER, "unit": unit})
        else:
            tasks.append({"label": line})
    return tasks


def tasks_text(plan):
    lines = []
    for task in plan.tasks.all():
        if task.measurement == PlanTask.Measurement.NUMBER:
            lines.append(f"{task.label} [{task.unit}]")
        elif task.measurement == PlanTask.Measurement.PASS_FAIL:
            lines.append(f"{task.label} [OK]")
        else:
            lines.append(task.label)
    return "\n".join(lines)


class PlanForm(TenantModelForm):
    preset = forms.ChoiceField(
        label=_("Common recurrences"),
        required=False,
        help_text=_("Chosen, it replaces the rule below."),
    )
    tasks = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=200 * 202,
        help_text=_("One task per line. End a line with [unit] to record a number (“Pressure [bar]”), with [OK] "
                    "for pass / fail."),
    )  # fmt: skip
    meter_kind = forms.ChoiceField(label=_("Meter"), required=False)

    field_order = ["name", "description", "scope", "asset", "asset_type", "preset", "rule", "schedule"]

    class Meta:
        model = MaintenancePlan
        fields = [*PLAN_FIELDS, "required_skills"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "parts": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [("", "—"), *((key, label) for key, label, _rule in triggers.PRESETS)]
        self.fields["meter_kind"].choices = [("", _("No meter")), *Meter.Kind.choices]
        self.fields["rule"].required = False
        self.fields["asset"].required = False
        attach_asset_picker(self, "asset", empty_label=_("No asset"))
        if self.instance.pk:
            self.fields["tasks"].initial = tasks_text(self.instance)
            presets = {rule: key for key, rule in triggers.PRESET_RULES.items()}
            self.fields["preset"].initial = presets.get(self.instance.rule, "")

    def clean(self):
        cleaned = super().clean()
        preset = cleaned.get("preset")
        if preset:
            cleaned["rule"] = triggers.PRESET_RULES[preset]
        return cleaned

    def split(self):
        data, m2m = super().split()
        data["rule"] = self.cleaned_data.get("rule") or ""
        data["meter_kind"] = self.cleaned_data.get("meter_kind") or ""
        data["tasks"] = parse_tasks(self.cleaned_data.get("tasks"))
        return data, m2m


class OccurrenceForm(forms.Form):
    """Which occurrence (asset and scheduled date, hidden) and why."""

    asset = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**53)
    scheduled_on = model_form_field(Occurrence, "scheduled_on", widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class PostponeForm(OccurrenceForm):
    due_on = model_form_field(
        Occurrence, "due_on", label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
