"""What the registry's pages, API and exports show of an asset: who sees its money (one predicate), its
attributes formatted with their labels and units, in its page and in its history."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.permissions import can

from .models import Asset, AttributeDefinition

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


def attribute_changes(old, new, *, event, memo):
    """The history's lines of a change of `Asset.attributes` (registered with `audit.change_presenter`): one
    per attribute whose value changed, labelled and formatted by the definition of the asset's type (one query
    per asset, one per page for the assets the references name); codes no definition knows shown as stored."""
    old, new = (value if isinstance(value, dict) else {} for value in (old, new))
    codes = [code for code in dict.fromkeys([*old, *new]) if old.get(code) != new.get(code)]
    if not codes:
        return []
    definitions = _event_definitions(event, memo)
    references = [c for c in codes if c in definitions and definitions[c].data_type == DataType.REFERENCE]
    names = _reference_names(event, memo, [v.get(c) for c in references for v in (old, new)])
    position = {code: index for index, code in enumerate(definitions)}
    lines = []
    for code in sorted(codes, key=lambda c: (position.get(c, len(position)), c)):
        definition = definitions.get(code)
        label = definition.label if definition is not None else code
        before, after = (_change_value(definition, v, names) for v in (old.get(code), new.get(code)))
        had, has = old.get(code) not in (None, ""), new.get(code) not in (None, "")
        if not had and not has:
            continue
        kind = "changed" if had and has else "added" if has else "removed"
        lines.append(audit.ChangeLine(label, before, after, kind))
    return lines


def _event_definitions(event, memo):
    """The attribute definitions of the event's asset type by code, archived ones too (older values)."""
    key = ("assets.definitions", event.object_id)
    if key not in memo:
        rows = AttributeDefinition.objects.filter(
            organization_id=event.organization_id,
            asset_type_id=Asset.objects.filter(pk=event.object_id).order_by().values("asset_type_id")[:1],
        ).order_by(F("archived_at").asc(nulls_last=True), "position", "code")  # archived first: active ones win
        definitions = {}
        for definition in rows:
            definitions[definition.code] = definition
        memo[key] = dict(sorted(definitions.items(), key=lambda item: (item[1].position, item[0])))
    return memo[key]


def _reference_names(event, memo, codes):
    """Code → name of the assets the reference values name (the event's organization's, cached in `memo`)."""
    known = memo.setdefault(("assets.names", event.organization_id), {})
    wanted = {str(code) for code in codes if code not in (None, "")} - known.keys()
    if wanted:
        rows = Asset.objects.filter(organization_id=event.organization_id, code__in=wanted).order_by()
        found = dict(rows.values_list("code", "name"))
        known.update({code: found.get(code) for code in wanted})
    return known


def _change_value(definition, value, names):
    if value is None or value == "":
        return "—"
    if definition is None:
        return str(value)
    if definition.data_type == DataType.REFERENCE:
        name = names.get(str(value))
        return f"{value} — {name}" if name else str(value)
    return format_attribute(definition, value)
