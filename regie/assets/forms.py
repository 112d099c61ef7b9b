"""HTML input of the registry: the asset form, with its type's attributes as typed fields.

The type's attributes are fields named `attr__<code>`, built from the type the form is bound to (the posted one,
else the asset's); choosing another type re-renders them (HTMX, `AttributeFieldsView`). The parent is given by its
code (searched as one types, `AssetChoicesView`); the geometry as GeoJSON text. Values are checked here with the
services' own parser (`attributes.parse_value`) so each error is shown beside its field; the services check again.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regie.core.forms import TenantModelForm

from .attributes import definitions_of, parse_value
from .models import ALONG_KINDS, LINEAR_KINDS, Asset, AssetType, AttributeDefinition
from .presenters import VALUE_FIELDS
from .selectors import owner_choices
from .services import ASSET_FIELDS

PREFIX = "attr__"
GEOMETRY_TEXT_LENGTH = 200_000
# a road section's fields, and those of what lies along it: shown with the type's attributes, for those types
LINEAR_FIELDS = ("length_m", "start_reference", "end_reference")
ALONG_FIELDS = ("from_m", "to_m")
DataType = AttributeDefinition.DataType
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def searching(widget):
    """An input that offers the codes of matching assets as one types (a `<datalist>` filled by HTMX)."""
    widget.attrs.update(
        {
            "list": "asset-code-options",
            "autocomplete": "off",
            "hx-get": reverse("assets:asset-choices"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#asset-code-options",
            "hx-swap": "innerHTML",
        }
    )
    return widget


def attribute_field(definition):
    """The form field of one attribute definition: a typed input with its bounds and unit."""
    common = {"label": str(definition), "required": definition.required, "help_text": ""}
    kind = definition.data_type
    if kind == DataType.NUMBER:
        attrs = {"inputmode": "decimal"}
        if definition.unit:
            common["help_text"] = _("In %(unit)s.") % {"unit": definition.unit}
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs=attrs), **common)
    if kind == DataType.DATE:
        return forms.CharField(max_length=10, widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == DataType.CHOICE:
        choices = [("", "—"), *((c, c) for c in definition.choices)]
        return forms.ChoiceField(choices=choices, **common)
    if kind == DataType.BOOLEAN:
        return forms.BooleanField(label=common["label"], required=False)
    if kind == DataType.REFERENCE:
        common["help_text"] = _("The code of another asset.")
        return forms.CharField(max_length=40, widget=searching(forms.TextInput()), **common)
    return forms.CharField(max_length=500, **common)


class ParentCodeField(forms.CharField):
    """An asset of the organization, by its code."""

    def __init__(self, *, organization, **kwargs):
        super().__init__(max_length=40, required=False, **kwargs)
        self.organization = organization

    def prepare_value(self, value):
        if isinstance(value, Asset):
            return value.code
        if isinstance(value, int):
            found = Asset.objects.filter(pk=value).only("code").first()
            return found.code if found else ""
        return value

    def clean(self, value):
        code = super().clean(value).strip()
        if not code:
            return None
        asset = Asset.objects.owned_by(self.organization).active().filter(code=code).first()
        if asset is None:
            raise ValidationError(_("No asset has the code “%(code)s”.") % {"code": code[:40]}, code="parent")
        return asset


class AssetForm(TenantModelForm):
    class Meta:
        model = Asset
        fields = [name for name in ASSET_FIELDS if name not in ("attributes", "parent")]
        widgets = {
            "status_since": DATE,
            "in_service_on": DATE,
            "acquired_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "geometry": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        }

    def __init__(self, *args, organization, show_values=True, asset_type=None, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["parent"] = ParentCodeField(
            organization=organization,
            label=_("Inside"),
            help_text=_("The code of the asset it is part of (type to search); empty: at the top of the tree."),
            widget=searching(forms.TextInput()),
        )
        self.fields["parent"].initial = self.instance.parent if self.instance.parent_id else None
        self.fields["code"].required = False  # numbered by the services when left empty
        self.order_fields(["code", "name", "asset_type", "parent"])
        type_field = self.fields["asset_type"]
        type_field.widget.attrs.update(
            {
                "hx-get": reverse("assets:asset-attribute-fields"),
                "hx-target": "#asset-attributes",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        )
        self.fields["owner"].queryset = owner_choices(organization)
        self.fields["geometry"] = GeometryField(
            label=self.fields["geometry"].label, help_text=self.fields["geometry"].help_text, required=False,
            widget=self.fields["geometry"].widget,
        )  # fmt: skip
        if not show_values:
            for name in VALUE_FIELDS:
                del self.fields[name]
        self.attribute_type = asset_type or self.chosen_type()
        self.definitions = definitions_of(self.attribute_type) if self.attribute_type else {}
        kind = getattr(self.attribute_type, "kind", None)
        for names, kinds in ((LINEAR_FIELDS, LINEAR_KINDS), (ALONG_FIELDS, ALONG_KINDS)):
            if kind not in kinds:
                for name in names:
                    self.fields.pop(name, None)
        same_type = self.instance.asset_type_id == getattr(self.attribute_type, "pk", None)
        stored = (self.instance.attributes or {}) if same_type else {}
        for code, definition in self.definitions.items():
            field = attribute_field(definition)
            field.initial = stored.get(code)
            self.fields[PREFIX + code] = field

    def chosen_type(self):
        """The type the attributes follow: the one posted (or asked for), else the asset's own."""
        raw = self.data.get(self.add_prefix("asset_type")) if self.is_bound else None
        if raw and str(raw).isdigit():
            return AssetType.objects.for_org(self.organization).active().filter(pk=int(raw)).first()
        return self.instance.asset_type if self.instance.asset_type_id else None

    def attribute_fields(self):
        """The fields that follow the type: a linear asset's, then the type's attributes."""
        typed = (*LINEAR_FIELDS, *ALONG_FIELDS)
        return [self[name] for name in self.fields if name.startswith(PREFIX) or name in typed]

    def main_fields(self):
        typed = (*LINEAR_FIELDS, *ALONG_FIELDS, "version")
        return [self[name] for name in self.fields if not name.startswith(PREFIX) and name not in typed]

    def clean(self):
        cleaned = super().clean()
        values = {}
        for code, definition in self.definitions.items():
            name = PREFIX + code
            if name not in cleaned:
                continue
            raw = cleaned[name]
            if definition.data_type == DataType.BOOLEAN:
                values[code] = bool(raw)
                continue
            try:
                parse_value(definition, raw, organization=self.organization)
            except ValidationError as error:
                self.add_error(name, error)
                continue
            if raw not in (None, ""):
                values[code] = raw
        cleaned["attributes"] = values
        return cleaned

    def split(self):
        data = {name: self.cleaned_data[name] for name in ASSET_FIELDS if name in self.cleaned_data}
        return data, {}


class GeometryField(forms.CharField):
    """GeoJSON as text: parsed here into an object; what it describes is checked by the services."""

    def __init__(self, **kwargs):
        super().__init__(max_length=GEOMETRY_TEXT_LENGTH, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return value

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        try:
            parsed = json.loads(text)
        except ValueError:
            raise ValidationError(_("This is not GeoJSON (the text is not valid JSON)."), code="json") from None
        if not isinstance(parsed, dict):
            raise ValidationError(_("A GeoJSON geometry is an object with a type and coordinates."), code="json")
        return parsed
