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


# --- plausible dates ---------------------------------------------------------------------------------------


def test_plausible_date_window():
    import datetime

    from django.utils import timezone, translation

    from regie.core.validators import plausible_date

    today = timezone.localdate()
    slot = plausible_date(years_back=5, years_ahead=5)
    slot(today)
    slot(datetime.datetime(today.year + 4, 1, 1, 8, tzinfo=datetime.UTC))
    for absurd in (
        datetime.date(1, 1, 1),
        datetime.date(598, 5, 4),
        datetime.date(1900, 1, 1),
        datetime.date(9999, 1, 1),
    ):
        with pytest.raises(ValidationError):
            slot(absurd)
    never_ahead = plausible_date(days_ahead=0)
    never_ahead(today)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            never_ahead(today + datetime.timedelta(days=1))
        assert error.value.code == "date_too_late" and error.value.messages == ["This date is in the future."]
    assert plausible_date(years_back=1) == plausible_date(years_back=1) != plausible_date(years_back=2)


@pytest.mark.django_db
def test_an_old_work_order_stays_editable_but_its_dates_are_checked_when_they_change(org_a, make_member):
    """Dates bounded around today are checked when they change: a slot planned years ago does not block an edit."""
    import datetime

    from django.utils import timezone

    from regie.core.permissions import Role
    from regie.interventions import services
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.interventions.models import WorkOrder

    manager = make_member(org_a, Role.MANAGER)
    work_order = services.create_work_order(
        by=manager,
        organization=org_a,
        data={
            "title": "Old",
            "category": CategoryFactory(organization=org_a),
            "priority": standard_priorities(org_a)[0],
        },
    )
    long_ago = timezone.now() - datetime.timedelta(days=7 * 366)
    WorkOrder.objects.filter(pk=work_order.pk).update(
        planned_start=long_ago, planned_end=long_ago + datetime.timedelta(hours=2), state="planned"
    )
    work_order.refresh_from_db()
    services.update_work_order(work_order, by=manager, data={"title": "Renamed"})
    with pytest.raises(ValidationError) as error:
        services.update_work_order(work_order, by=manager, data={"planned_end": long_ago + datetime.timedelta(hours=3)})
    assert "planned_end" in error.value.message_dict
    assert WorkOrder.objects.get(pk=work_order.pk).title == "Renamed"
