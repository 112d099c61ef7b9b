"""What the registry's pages, API and exports show of an asset: who sees its money (one predicate), its
attributes formatted with their labels and units."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

from regie.core.permissions import can

from .models import AttributeDefinition

# acquisition and insured values: shown (page, API, export) to whom `may_see_values` says only
VALUE_FIELDS = ("acquisition_value", "insured_value")
DataType = AttributeDefinition.DataType


def may_see_values(membership) -> bool:
    """The one rule for an asset's money: the matrix's `assetvalue.view` for the member's role."""
    return membership is not None and can(membership.role, "assetvalue.view")


def format_attribute(definition, value):
    """One stored attribute value as a person reads it (numbers localised with their unit, dates, yes/no)."""
    if value is None or value == "":
        return "—"
    kind = definition.data_type
    if kind == DataType.NUMBER:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        # grouped from five digits (12 500 m²), as French typography does; a year stays 1998
        text = formats.number_format(number, use_l10n=True, force_grouping=abs(number) >= 10000)
        return f"{text}\u00a0{definition.unit}" if definition.unit else text
    if kind == DataType.DATE:
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    if kind == DataType.BOOLEAN:
        return _("Yes") if value is True else _("No")
    text = str(value)
    return f"{text}\u00a0{definition.unit}" if definition.unit and kind == DataType.TEXT else text


def attribute_rows(asset, definitions):
    """[(definition, formatted value, stored value)] of the type's attributes, in their order."""
    values = asset.attributes or {}
    return [(d, format_attribute(d, values.get(d.code)), values.get(d.code)) for d in definitions.values()]
