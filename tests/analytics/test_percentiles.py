"""Percentiles computed by the database (`analytics.percentiles`): the same as a textbook computation, on SQLite
and PostgreSQL, and as PostgreSQL's own `percentile_cont` there."""

import datetime
import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.db.models import DurationField, ExpressionWrapper, F

from regie.analytics.percentiles import MEDIAN, P90, percentiles
from regie.people.factories import AgentFactory
from regie.people.models import Agent

pytestmark = pytest.mark.django_db


def textbook(values, q):
    """`percentile_cont`: linear interpolation between the closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * Fraction(q)
    low = int(position)
    if position == low:
        return ordered[low]
    return ordered[low] + (ordered[low + 1] - ordered[low]) * float(position - low)


def _events(org, values, group="a"):
    """Agents whose hourly rates are the values."""
    return [AgentFactory(organization=org, hourly_rate=Decimal(value), last_name=group) for value in values]


@pytest.mark.parametrize("values", [[7], [3, 9], [5, 1, 4], [10, 2, 8, 6, 4, 12, 11, 1, 3, 7, 9], list(range(1, 38))])
def test_percentiles_of_numbers_are_the_textbooks(org_a, values):
    _events(org_a, values)
    qs = Agent.objects.filter(organization=org_a)
    found = percentiles(qs, F("hourly_rate"), (MEDIAN, P90, Fraction(1, 4)))
    for q in (MEDIAN, P90, Fraction(1, 4)):
        assert float(found[q]) == pytest.approx(textbook(values, q)), q
    assert found[MEDIAN] == pytest.approx(statistics.median(values))


def test_no_rows_gives_none(org_a):
    assert percentiles(Agent.objects.none(), F("hourly_rate")) == {MEDIAN: None, P90: None}


def test_grouped_percentiles_each_group_apart(org_a):
    _events(org_a, [1, 2, 3, 4], group="x")
    _events(org_a, [10, 50], group="y")
    found = percentiles(Agent.objects.filter(organization=org_a), F("hourly_rate"), group_by="last_name")
    assert found["x"][MEDIAN] == Decimal("2.5")
    assert float(found["x"][P90]) == pytest.approx(textbook([1, 2, 3, 4], P90))
    assert found["y"][MEDIAN] == 30


def test_durations_interpolate_as_durations(org_a):
    events = _events(org_a, [1, 2, 3, 4])
    base = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    for hours, event in zip((1, 2, 4, 10), events, strict=True):
        Agent.objects.filter(pk=event.pk).update(created_at=base + datetime.timedelta(hours=hours))
    span = ExpressionWrapper(F("created_at") - base, output_field=DurationField())
    found = percentiles(Agent.objects.filter(organization=org_a), span)
    assert found[MEDIAN] == datetime.timedelta(hours=3)
    assert found[P90] == datetime.timedelta(hours=textbook([1, 2, 4, 10], P90))


def test_the_same_as_postgresqls_percentile_cont(org_a):
    if connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's")
    values = [17, 3, 99, 42, 8, 8, 61, 5, 23, 77, 14, 2, 30]
    _events(org_a, values)
    found = percentiles(Agent.objects.filter(organization=org_a), F("hourly_rate"), (MEDIAN, P90))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hourly_rate), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY hourly_rate) FROM people_agent WHERE organization_id = %s",
            [org_a.pk],
        )
        median, p90 = cursor.fetchone()
    assert float(found[MEDIAN]) == pytest.approx(median)
    assert float(found[P90]) == pytest.approx(p90)


def test_decimal_values_stay_decimal(org_a):
    _events(org_a, [1, 2])
    assert percentiles(Agent.objects.filter(organization=org_a), F("hourly_rate"))[MEDIAN] == Decimal("1.5")
