"""The registry's list filters (django-filter), declared once for the API, the list page, the map and exports.

Attribute filters: `attr.<code>=<value>` (e.g. `?attr.genus=Platanus`), read by the view through
`attribute_filters(query)`, checked against the organization's attribute codes.
"""

import re

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from regie.core.filters import ALL, SelectorFilterSet, record
from regie.people.models import Department

from . import selectors
from .models import Asset, AssetKind, AssetStatus, AssetType, AttributeDefinition, Occupant

ATTRIBUTE_PARAM = re.compile(r"^attr\.([A-Za-z0-9_.-]{1,40})$")
MAX_ATTRIBUTE_FILTERS = 5


class BoxField(forms.CharField):
    """Checked with the form, so a bad box is a form error (400 on the API, ignored on a page), not a crash."""

    def clean(self, value):
        value = super().clean(value)
        if value:
            parse_bbox(value)
        return value


class BoxFilter(filters.CharFilter):
    """`bbox=south,west,north,east` (degrees): the map's viewport."""

    field_class = BoxField

    def selector_value(self, value):
        return parse_bbox(value)


def parse_bbox(value):
    try:
        south, west, north, east = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError(_("bbox is south,west,north,east in degrees.")) from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        raise ValidationError(_("bbox is south,west,north,east in degrees."))
    return south, west, north, east


by_id = extend_schema_field(OpenApiTypes.INT)


class AssetFilter(SelectorFilterSet):
    selector = staticmethod(selectors.filter_assets)
    renamed = {"type": "asset_type", "search": "query"}
    page_filters = ("search", "type", "kind", "status", "department", "occupant", "within")

    search = filters.CharFilter(label=_("Code, name or address contains"), max_length=200)
    type = record(AssetType, "asset_type", _("Type"))
    kind = filters.ChoiceFilter(choices=AssetKind.choices, label=_("Family"), empty_label=ALL)
    status = filters.ChoiceFilter(choices=AssetStatus.choices, label=_("Status"), empty_label=ALL)
    department = record(Department, "department", _("Responsible department"))
    # not fields of the asset: the schema is told they take an id
    occupant = by_id(record(Occupant, "occupant", _("Occupied by"), _("Premises an occupant uses today")))
    within = by_id(
        record(Asset, "within", _("Inside"), _("Everything inside this asset (its subtree), itself included"))
    )
    parent = record(Asset, "parent", _("Directly inside"), _("The children of this asset"))
    bbox = BoxFilter(label=_("In the box"), help_text=_("south,west,north,east in degrees (WGS 84)"), max_length=100)

    class Meta(SelectorFilterSet.Meta):
        model = Asset
        fields = []


def attribute_filters(query, organization):
    """{code: value} of the `attr.<code>` parameters of a query string; unknown codes raise ValidationError."""
    wanted = {}
    for name, value in query.items():
        match = ATTRIBUTE_PARAM.match(name)
        if match and value.strip():
            wanted[match.group(1)] = value.strip()[:120]
    if not wanted:
        return {}
    if len(wanted) > MAX_ATTRIBUTE_FILTERS:
        raise ValidationError(_("At most %(max)s attribute filters.") % {"max": MAX_ATTRIBUTE_FILTERS})
    known = set(
        AttributeDefinition.objects.owned_by(organization)
        .active()
        .filter(code__in=wanted)
        .values_list("code", flat=True)
    )
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise ValidationError(_("No asset type has the attribute %(codes)s.") % {"codes": ", ".join(unknown)})
    return wanted
