"""Validators for French public identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose Luhn checksum is valid (INSEE)."""
    if not (isinstance(value, str) and len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_valid(value):
        raise ValidationError(_("This SIREN number is not valid (checksum)."), code="siren_checksum")


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits (SIREN + establishment number) with a valid Luhn checksum."""
    if not (isinstance(value, str) and len(value) == 14 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    # La Poste's establishments are the documented exception to the Luhn rule.
    if not (luhn_valid(value) or (value.startswith("356000000") and sum(map(int, value)) % 5 == 0)):
        raise ValidationError(_("This SIRET number is not valid (checksum)."), code="siret_checksum")
