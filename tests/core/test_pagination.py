"""Bounded pagination: exact counts for small sets, "more than N" past the limit, few queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regie.core.pagination import BadCursor, Page, parse_page_number, slice_page
from regie.people.factories import AgentFactory, SkillFactory, TeamFactory
from regie.people.models import Agent, Skill

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


# --- keyset cursors ------------------------------------------------------------------------------------------


def walk(queryset, size, *, backwards_from=None):
    """Every row reached by following `next` cursors from page 1 (or `previous` cursors from a last page)."""
    page = backwards_from or slice_page(queryset, 1, size)
    seen, pages = list(page.rows), 1
    while (page.previous_cursor if backwards_from else page.next_cursor) and pages < 50:
        cursor = page.previous_cursor if backwards_from else page.next_cursor
        page = slice_page(queryset, page.number + (-1 if backwards_from else 1), size, cursor=cursor)
        seen = [*page.rows, *seen] if backwards_from else [*seen, *page.rows]
        pages += 1
    return seen, page


@pytest.fixture
def agents(org_a):
    """Agents whose team name ties, and some without a team (a nullable sort key)."""
    red, blue = TeamFactory(organization=org_a, name="Rouge"), TeamFactory(organization=org_a, name="Bleu")
    for i in range(23):
        AgentFactory(organization=org_a, team=(red, blue, None)[i % 3], weekly_hours=Decimal(20 + i % 4))
    return Agent.objects.filter(organization=org_a).select_related("team")


@pytest.mark.parametrize("ordering", [["team__name"], ["-team__name"], ["-weekly_hours", "team__name"], ["-pk"]])
def test_cursors_walk_every_row_once_in_order(agents, ordering):
    expected = list(slice_page(agents.order_by(*ordering), 1, 100).rows)  # one page: the reference order
    assert len(expected) == 23
    forward, last = walk(agents.order_by(*ordering), 4)
    assert [a.pk for a in forward] == [a.pk for a in expected]
    assert last.number == 6 and not last.has_next and last.count == 23 and last.count_is_exact
    backward, first = walk(agents.order_by(*ordering), 4, backwards_from=last)
    assert [a.pk for a in backward] == [a.pk for a in expected]
    assert first.number == 1 and not first.has_previous and not first.previous_cursor


def test_nulls_sort_last_on_every_database(agents):
    rows = slice_page(agents.order_by("team__name"), 1, 100).rows
    assert [a.team.name if a.team else None for a in rows[-7:]] == [None] * 7
    rows = slice_page(agents.order_by("-team__name"), 1, 100).rows
    assert rows[0].team.name == "Rouge" and rows[-1].team is None


def test_a_cursor_page_reads_an_index_range_not_an_offset(skills):
    page = slice_page(skills, 1, 5)
    with CaptureQueriesContext(connection) as queries:
        slice_page(skills, 2, 5, cursor=page.next_cursor)
    assert "OFFSET" not in queries.captured_queries[0]["sql"].upper()


def test_foreign_or_tampered_cursors_are_refused(skills, agents):
    token = slice_page(skills, 1, 5).next_cursor
    with pytest.raises(BadCursor):
        slice_page(skills.order_by("-name"), 2, 5, cursor=token)  # another sort order
    with pytest.raises(BadCursor):
        slice_page(agents, 2, 5, cursor=token)  # another list
    with pytest.raises(BadCursor):
        slice_page(skills, 2, 5, cursor=token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(BadCursor):
        slice_page(skills, 2, 5, cursor="not-a-cursor")


def test_a_list_without_plain_ordering_keeps_offset_pages(skills):
    unordered = Skill.objects.filter(pk__in=skills.values("pk")).order_by()
    page = slice_page(unordered.order_by("?"), 1, 5)
    assert len(page.rows) == 5 and page.next_cursor == ""
    with pytest.raises(BadCursor):
        slice_page(unordered.order_by("?"), 2, 5, cursor="x")


def test_a_cursor_page_shows_the_count_its_cursor_carries(skills, django_assert_num_queries):
    first = slice_page(skills, 1, 5, scope="reader-1")
    assert first.count == 15 and first.has_next
    with django_assert_num_queries(1):  # the rows only: no COUNT again
        second = slice_page(skills, 2, 5, cursor=first.next_cursor, scope="reader-1")
    assert second.count == 15 and second.count_is_exact and second.has_next
    with django_assert_num_queries(1):
        back = slice_page(skills, 1, 5, cursor=second.previous_cursor, scope="reader-1")
    assert back.count == 15


def test_a_cursor_of_another_reader_or_filter_counts_again(skills, django_assert_num_queries):
    """The carried count is not trusted for another scope (another user, other filters): it is recomputed."""
    first, one = slice_page(skills, 1, 5, scope="reader-1"), skills[0].pk
    with django_assert_num_queries(2):
        page = slice_page(skills.exclude(pk=one), 2, 5, cursor=first.next_cursor, scope="reader-2")
    assert page.count == 14
    with django_assert_num_queries(2):
        slice_page(skills, 2, 5, cursor=first.next_cursor)  # no scope given: always counted


@pytest.mark.parametrize("changed", ["user", "filter", "path"])
def test_list_scope_names_the_reader_the_list_and_its_filters(rf, changed):
    from types import SimpleNamespace

    from regie.core.pagination import list_scope

    def scope(user=1, path="/interventions/work-orders/", query="team=4&page=3&cursor=abc"):
        request = rf.get(f"{path}?{query}")
        request.user = SimpleNamespace(pk=user)
        return list_scope(request)

    assert scope() == scope(query="team=4&page=9")  # the page and cursor are not part of it
    other = {"user": scope(user=2), "filter": scope(query="team=5&page=3"), "path": scope(path="/interventions/")}
    assert other[changed] != scope()
