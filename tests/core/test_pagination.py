"""Bounded pagination: exact counts for small sets, "more than N" past the limit, few queries."""

import pytest

from regie.core.pagination import Page, parse_page_number, slice_page
from regie.people.factories import SkillFactory
from regie.people.models import Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills(org_a):
    SkillFactory.create_batch(15, organization=org_a)
    return Skill.objects.order_by("pk")


def test_small_set_is_counted_without_a_count_query(skills, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = slice_page(skills, 1, 20)
    assert page.count == 15 and page.count_is_exact and not page.has_next and page.last_number == 1
    assert (page.first_index, page.last_index) == (1, 15)


def test_last_page_is_counted_from_the_offset(skills, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = slice_page(skills, 2, 10)
    assert len(page.rows) == 5 and page.count == 15 and page.count_is_exact
    assert page.has_previous and not page.has_next and page.last_number == 2
    assert (page.first_index, page.last_index) == (11, 15)


def test_middle_page_counts_up_to_the_limit(skills, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = slice_page(skills, 1, 5)
    assert page.count == 15 and page.count_is_exact and page.has_next and page.last_number == 3


def test_count_past_the_limit_is_not_exact(skills):
    page = slice_page(skills, 1, 5, count_limit=10)
    assert page.count == 10 and page.count_is_exact is False and page.last_number is None
    assert [s.pk for s in page.rows] == list(skills.values_list("pk", flat=True)[:5])


def test_count_at_the_limit_is_exact(skills):
    page = slice_page(skills, 1, 5, count_limit=15)
    assert page.count == 15 and page.count_is_exact is True


def test_page_past_the_end(skills):
    page = slice_page(skills, 9, 5, count_limit=100)
    assert page.rows == [] and page.count == 15 and page.count_is_exact and page.first_index == 0


def test_empty_set():
    page = slice_page(Skill.objects.none(), 1, 5)
    assert page.rows == [] and page.count == 0 and page.count_is_exact and page.last_number == 1


@pytest.mark.parametrize(
    ("raw", "number"), [(None, 1), ("", 1), ("3", 3), ("0", 1), ("-4", 1), ("abc", 1), ("99999999999", 1_000_000)]
)
def test_parse_page_number(raw, number):
    assert parse_page_number(raw) == number


def test_page_properties():
    page = Page(rows=[1, 2], number=3, size=2, has_next=True, count=11, count_is_exact=True)
    assert page.has_previous and page.first_index == 5 and page.last_index == 6 and page.last_number == 6
