"""HTML input of the registry's reference records: types and their attributes, occupants and occupancies,
meters and readings, species, the organization's area. Each form offers the fields its service lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.forms import TenantModelForm, model_form_field

from .models import (
    Asset,
    AssetType,
    AttributeDefinition,
    Meter,
    MeterReading,
    Occupancy,
    Occupant,
    OrganizationArea,
    Species,
)
from .services import (
    ASSET_TYPE_FIELDS,
    ATTRIBUTE_FIELDS,
    METER_FIELDS,
    OCCUPANCY_FIELDS,
    OCCUPANT_FIELDS,
    SPECIES_FIELDS,
)

MAX_CHOICES = 200
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AssetCodeField(forms.ModelChoiceField):
    """An asset by its code, typed (a registry holds too many assets for a list of choices)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The asset's code, e.g. PAT-000042."))
        super().__init__(queryset=Asset.objects.all(), to_field_name="code", **kwargs)
        self.error_messages["invalid_choice"] = _("No asset of your organization has this code.")
        self.widget.attrs.update(maxlength=40, autocomplete="off")

    def prepare_value(self, value):
        if isinstance(value, int):  # an initial id (the asset the page came from): shown as its code
            return Asset.objects.filter(pk=value).values_list("code", flat=True).first() or ""
        return super().prepare_value(value)


AssetTypeForm = forms.modelform_factory(
    AssetType,
    form=TenantModelForm,
    fields=ASSET_TYPE_FIELDS,
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
)


class AttributeForm(TenantModelForm):
    """An attribute of a type; a choice attribute's choices are typed one per line."""

    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=MAX_CHOICES * 121,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a choice in a list: one choice per line."),
    )

    class Meta:
        model = AttributeDefinition
        fields = [name for name in ATTRIBUTE_FIELDS if name != "choices"]

    field_order = ["asset_type", "code", "label", "data_type", "unit", "choices_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])

    def clean_choices_text(self):
        lines = [line.strip() for line in self.cleaned_data.get("choices_text", "").splitlines()]
        choices = list(dict.fromkeys(line for line in lines if line))
        if len(choices) > MAX_CHOICES:
            raise forms.ValidationError(_("At most %(max)s choices.") % {"max": MAX_CHOICES})
        if any(len(choice) > 120 for choice in choices):
            raise forms.ValidationError(_("A choice has at most 120 characters."))
        return choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("data_type") != AttributeDefinition.DataType.CHOICE:
            cleaned["choices_text"] = []  # only a choice offers a list
        if cleaned.get("data_type") not in (AttributeDefinition.DataType.NUMBER, None):
            cleaned["minimum"] = cleaned["maximum"] = None
        return cleaned

    def _post_clean(self):
        self.instance.choices = self.cleaned_data.get("choices_text", [])  # the model checks them in clean()
        super()._post_clean()

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "choices" in errors.error_dict:
            errors.error_dict["choices_text"] = errors.error_dict.pop("choices")
        super()._update_errors(errors)

    def split(self):
        data, m2m = super().split()
        data["choices"] = self.cleaned_data.get("choices_text", [])
        return data, m2m


OccupantForm = forms.modelform_factory(
    Occupant,
    form=TenantModelForm,
    fields=OCCUPANT_FIELDS,
    widgets={"address": forms.Textarea(attrs={"rows": 2})},
)


class OccupancyForm(TenantModelForm):
    asset = AssetCodeField(label=_("Premises"))

    class Meta:
        model = Occupancy
        fields = OCCUPANCY_FIELDS
        widgets = {"starts_on": DAY, "ends_on": DAY}


class MeterForm(TenantModelForm):
    asset = AssetCodeField(label=_("Asset"))

    class Meta:
        model = Meter
        fields = METER_FIELDS


SpeciesForm = forms.modelform_factory(Species, form=TenantModelForm, fields=SPECIES_FIELDS)


class ReadingForm(forms.Form):
    """A reading taken by an agent: when, and the index read."""

    read_at = model_form_field(MeterReading, "read_at", widget=MOMENT)
    value = model_form_field(MeterReading, "value")
    note = model_form_field(MeterReading, "note")
    replacement = model_form_field(
        MeterReading, "replacement", help_text=_("New meter: the index starts again from this value.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs.update(inputmode="decimal", step="any")


class AreaUploadForm(forms.Form):
    """The organization's boundary as a GeoJSON file (a Polygon, a MultiPolygon, or a Feature of one)."""

    name = model_form_field(OrganizationArea, "name")
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A .geojson or .json file of at most 2 MB holding one Polygon or MultiPolygon (WGS 84)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )
    tolerance_m = model_form_field(OrganizationArea, "tolerance_m", required=False)
