"""SIREN and SIRET validators (INSEE rules: 9/14 digits, Luhn checksum, La Poste exception)."""

import pytest
from django.core.exceptions import ValidationError

from regie.core.factories import siren_for
from regie.core.validators import luhn_valid, validate_siren, validate_siret


@pytest.mark.parametrize("value", ["732829320", "443061841", "356000000"])
def test_valid_siren(value):
    validate_siren(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("732829321", "siren_checksum"),
        ("12345678", "siren_format"),
        ("1234567890", "siren_format"),
        ("73282932A", "siren_format"),
        ("ABCDEFGHI", "siren_format"),
        ("732 829 320", "siren_format"),
        ("７３２８２９３２０", "siren_format"),  # full-width digits: isdigit() but not ASCII
        ("", "siren_format"),
        (732829320, "siren_format"),
    ],
)
def test_invalid_siren(value, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(value)
    assert error.value.code == code


@pytest.mark.parametrize(
    "value",
    [
        "73282932000074",  # Michelin head office
        "44306184100047",
        "35600000000048",  # La Poste, Luhn-valid
        "35600000049837",  # La Poste: Luhn-invalid, but the digit sum is a multiple of 5
    ],
)
def test_valid_siret(value):
    validate_siret(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("73282932000075", "siret_checksum"),
        ("73282932000072", "siret_checksum"),  # digit sum multiple of 5 but not La Poste: no exception
        ("35600000000049", "siret_checksum"),  # La Poste, but neither rule holds
        ("7328293200007", "siret_format"),
        ("732829320000740", "siret_format"),
        ("7328293200007A", "siret_format"),
        ("", "siret_format"),
    ],
)
def test_invalid_siret(value, code):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert error.value.code == code


def test_la_poste_exception_really_is_an_exception():
    assert not luhn_valid("35600000049837")
    assert not luhn_valid("73282932000072")


def test_factory_sirens_are_valid():
    for n in range(50):
        validate_siren(siren_for(n))
