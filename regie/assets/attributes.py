"""Typed attribute values of an asset, checked against its type's definitions (one function for forms, API and
imports): numbers within their bounds, dates plausible, choices from their list, references to own assets."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from regie.core.prepared import PreparedQuery

from .models import AttributeDefinition

DataType = AttributeDefinition.DataType
TEXT_LENGTH = 500
TRUE_WORDS = frozenset({"true", "1", "yes", "oui", "ja", "vrai", "y", "o"})
FALSE_WORDS = frozenset({"false", "0", "no", "non", "nein", "faux", "n"})


_DEFINITIONS = PreparedQuery(
    lambda asset_type_id: AttributeDefinition.objects.filter(
        asset_type_id=asset_type_id, archived_at__isnull=True
    ).order_by("position", "code"),
    asset_type_id=int,
)  # every asset page and form: compiled once per process


def definitions_of(asset_type):
    """The type's attributes in use, by code (one query; callers may pass them in again)."""
    found = _DEFINITIONS(asset_type_id=asset_type.pk)
    for definition in found:
        definition.asset_type = asset_type  # as the related manager would: no query to read it back
    return {d.code: d for d in found}


def parse_value(definition, raw, *, organization=None):
    """One value as stored (JSON: numbers as strings of their decimal, dates ISO), from what a person or a file
    gave; None for empty. Raises ValidationError with the reason in the user's language."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = definition.data_type
    if kind == DataType.NUMBER:
        return _number(definition, raw)
    if kind == DataType.DATE:
        return _date(raw)
    if kind == DataType.BOOLEAN:
        return _boolean(raw)
    if kind == DataType.CHOICE:
        return _choice(definition, raw)
    if kind == DataType.REFERENCE:
        return _reference(raw, organization)
    text = str(raw).strip()
    if len(text) > TEXT_LENGTH:
        raise ValidationError(_("At most %(max)s characters.") % {"max": TEXT_LENGTH}, code="too_long")
    return text


def clean_values(asset_type, values, *, organization, definitions=None):
    """All attribute values of an asset: unknown codes refused, required ones present, each parsed.
    Errors come back together, keyed by the attribute's code."""
    definitions = definitions if definitions is not None else definitions_of(asset_type)
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise ValidationError({"attributes": _("Attributes are an object: code → value.")})
    errors, clean = {}, {}
    for code in values:
        if code not in definitions:
            errors[str(code)[:40]] = _("The type %(type)s has no attribute “%(code)s”.") % {
                "type": asset_type.name,
                "code": str(code)[:40],
            }
    for code, definition in definitions.items():
        try:
            value = parse_value(definition, values.get(code), organization=organization)
        except ValidationError as error:
            errors[code] = f"{definition.label}: {' '.join(error.messages)}"
            continue
        if value is None:
            if definition.required:
                errors[code] = _("%(label)s is required.") % {"label": definition.label}
            continue
        clean[code] = value
    if errors:
        raise ValidationError({"attributes": [f"{message}" for message in errors.values()]})
    return clean


def _number(definition, raw):
    text = str(raw).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": str(raw)[:40]}, code="number") from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValidationError(_("This number is out of range."), code="number_range")
    if definition.minimum is not None and number < definition.minimum:
        raise ValidationError(_("At least %(min)s.") % {"min": definition.minimum.normalize()}, code="min_value")
    if definition.maximum is not None and number > definition.maximum:
        raise ValidationError(_("At most %(max)s.") % {"max": definition.maximum.normalize()}, code="max_value")
    return format(number.normalize(), "f")


def _date(raw):
    if isinstance(raw, datetime.date):
        day = raw
    else:
        text = str(raw).strip()[:10]
        try:
            day = parse_date(text) or _french_date(text)
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"value": text})
    if not 1600 <= day.year <= datetime.date.today().year + 50:
        raise ValidationError(_("This date is not plausible."), code="date_range")
    return day.isoformat()


def _french_date(text):
    parts = text.replace(".", "/").replace("-", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    return None


def _boolean(raw):
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Expected yes or no."), code="boolean")


def _choice(definition, raw):
    text = str(raw).strip()
    for choice in definition.choices:
        if choice.casefold() == text.casefold():
            return choice
    raise ValidationError(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": text[:60], "choices": ", ".join(definition.choices[:20])},
        code="choice",
    )


def _reference(raw, organization):
    from .models import Asset

    code = str(raw).strip()
    if organization is None or not Asset.objects.owned_by(organization).active().filter(code=code).exists():
        raise ValidationError(_("No asset has the code “%(code)s”.") % {"code": code[:40]}, code="reference")
    return code
