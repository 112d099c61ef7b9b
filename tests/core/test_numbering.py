"""Record numbers (core.numbering): one sequence per organization and prefix, yearly or continuous."""

import datetime

import pytest
from django.utils import timezone

from regie.core.models import Counter
from regie.core.numbering import next_number

pytestmark = pytest.mark.django_db


def test_yearly_sequences_are_per_organization_and_prefix(org_a, org_b):
    year = timezone.localdate().year
    assert next_number(org_a, "DI") == f"DI-{year}-000001"
    assert next_number(org_a, "DI") == f"DI-{year}-000002"
    assert next_number(org_a, "BT") == f"BT-{year}-000001"
    assert next_number(org_b, "DI") == f"DI-{year}-000001"


def test_a_yearly_sequence_restarts_on_the_first_of_january(org_a, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 12, 31))
    assert next_number(org_a, "DI") == "DI-2026-000001"
    assert next_number(org_a, "DI") == "DI-2026-000002"
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2027, 1, 1))
    assert next_number(org_a, "DI") == "DI-2027-000001"


def test_a_continuous_sequence_never_restarts(org_a, monkeypatch):
    assert next_number(org_a, "EQ", yearly=False, digits=5) == "EQ-00001"
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2030, 1, 1))
    assert next_number(org_a, "EQ", yearly=False, digits=5) == "EQ-00002"
    assert Counter.objects.get(organization=org_a, prefix="EQ").year == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_numbers_of_a_year_are_all_distinct(org_a):
    """Eight requests filed at once, before the year's counter row exists: eight distinct, consecutive numbers."""
    from django.db import transaction

    from tests.concurrency import run_concurrently

    def take():
        with transaction.atomic():
            return next_number(org_a, "DI")

    numbers = run_concurrently(*[take] * 8)
    assert not [n for n in numbers if isinstance(n, Exception)], numbers
    year = timezone.localdate().year
    assert sorted(numbers) == [f"DI-{year}-{i:06d}" for i in range(1, 9)]


def test_a_block_of_numbers_follows_the_sequence_and_the_next_number(org_a):
    from regie.core.numbering import next_numbers

    year = timezone.localdate().year
    assert next_numbers(org_a, "BT", 0) == []
    assert next_numbers(org_a, "BT", 3) == [f"BT-{year}-00000{n}" for n in (1, 2, 3)]  # creates the counter
    assert next_number(org_a, "BT") == f"BT-{year}-000004"
    assert next_numbers(org_a, "BT", 2) == [f"BT-{year}-000005", f"BT-{year}-000006"]
    assert next_numbers(org_a, "EQ", 2, yearly=False, digits=4) == ["EQ-0001", "EQ-0002"]
    assert Counter.objects.get(organization=org_a, prefix="BT", year=year).value == 6
