"""HTML input of the inspection pages: the catalogue, an inspection with its report, observations, lifting, and
the compliance view's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.assets.models import Asset, AssetKind
from regie.attachments.forms import MultipleFileField, files_help_text
from regie.core.forms import FastSelects, TenantModelForm, model_form_field
from regie.interventions.asset_picker import attach_asset_picker
from regie.people.widgets import PickerForm

from .compliance import ComplianceStatus
from .inspection_services import INSPECTION_FIELDS, INSPECTION_TYPE_FIELDS, RULE_FIELDS
from .models import Inspection, InspectionType, Observation, PeriodicityRule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

InspectionTypeForm = forms.modelform_factory(
    InspectionType,
    form=TenantModelForm,
    fields=INSPECTION_TYPE_FIELDS,
    widgets={"notes": forms.Textarea(attrs={"rows": 3}), "legal_basis": forms.Textarea(attrs={"rows": 2})},
)
PeriodicityRuleForm = forms.modelform_factory(PeriodicityRule, form=TenantModelForm, fields=RULE_FIELDS)


class InspectionForm(PickerForm, TenantModelForm):
    """An inspection carried out, with its report (PDF): the asset chosen by typing its code, name or address."""

    report = MultipleFileField(label=_("Inspection report"), required=False)

    class Meta:
        model = Inspection
        fields = list(INSPECTION_FIELDS)
        widgets = {"inspected_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].help_text = files_help_text()
        self.fields["report"].widget.attrs["accept"] = "application/pdf,.pdf"
        if self.instance.pk:
            for name in ("asset", "inspection_type", "outcome", "report"):
                self.fields.pop(name, None)
        else:
            attach_asset_picker(self, empty_label=_("Choose an asset"))


class InspectionEditForm(InspectionForm):
    class Meta(InspectionForm.Meta):
        fields = ["inspected_on", "contractor", "inspector", "summary"]


class ObservationForm(forms.Form):
    text = model_form_field(Observation, "text", widget=forms.Textarea(attrs={"rows": 2}))
    severity = model_form_field(Observation, "severity")


class LiftForm(forms.Form):
    note = model_form_field(
        Observation, "lift_note", required=True, widget=forms.Textarea(attrs={"rows": 2}), label=_("How was it lifted?")
    )


class ComplianceFilterForm(FastSelects, forms.Form):
    """The compliance view's filters (page, API and export read the same ones through `cleaned`)."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ComplianceStatus.choices], required=False)
    inspection_type = forms.ModelChoiceField(
        label=_("Inspection type"), queryset=InspectionType.objects.none(), required=False, empty_label=_("All")
    )
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Asset.objects.none(), required=False, empty_label=_("All")
    )
    within = forms.ModelChoiceField(
        label=_("Area (site)"), queryset=Asset.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, data=None, *, organization):
        super().__init__(data)
        self.fields["inspection_type"].queryset = InspectionType.objects.for_org(organization).active()
        assets = Asset.objects.for_org(organization).active().order_by("sort_name")
        self.fields["building"].queryset = assets.filter(asset_type__kind=AssetKind.BUILDING)
        self.fields["within"].queryset = assets.filter(asset_type__kind=AssetKind.SITE)

    def cleaned(self):
        """The valid filters as keyword arguments of `compliance.filter_obligations` (an invalid one is dropped)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors and data.get(name)}
