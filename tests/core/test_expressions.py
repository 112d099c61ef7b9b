"""`Likely`: a planner hint that must never change which rows a filter returns."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q

from regie.core.expressions import Likely
from regie.people.factories import SkillFactory
from regie.people.models import Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills(org_a, org_b):
    for rate in (10, 20, 30, 40):
        SkillFactory(organization=org_a, hourly_rate=Decimal(rate))
    SkillFactory(organization=org_b, hourly_rate=Decimal(30))
    return Skill.objects.filter(organization=org_a)


def test_filters_exactly_like_its_condition(skills):
    plain = set(skills.filter(Q(hourly_rate__in=[20, 30])).values_list("pk", flat=True))
    hinted = set(skills.filter(Likely(Q(hourly_rate__in=[20, 30]))).values_list("pk", flat=True))
    assert hinted == plain and len(plain) == 2
    assert skills.filter(Likely(Q(hourly_rate__gt=100))).count() == 0
    assert skills.filter(Likely(Q(hourly_rate=10) | Q(hourly_rate=40), 0.5)).count() == 2


def test_the_hint_reaches_sqlite_only(skills):
    sql = str(skills.filter(Likely(Q(hourly_rate__in=[20, 30]))).query)
    assert ("likelihood(" in sql) == (connection.vendor == "sqlite")


@pytest.mark.parametrize("probability", [0, 1, -0.5, 2])
def test_probability_must_be_a_probability(probability):
    with pytest.raises(ValueError):
        Likely(Q(pk=1), probability)
