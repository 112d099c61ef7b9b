"""The agent picker's reads: search by name words or employee number, narrowed by team, namesakes marked."""

import pytest

from regie.people import selectors
from regie.people.factories import AgentFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(org_a, org_b):
    roads = TeamFactory(organization=org_a, name="Voirie")
    parks = TeamFactory(organization=org_a, name="Espaces verts")
    agents = {
        "martin_roads": AgentFactory(
            organization=org_a, first_name="Marie", last_name="Martin", employee_number="V001", team=roads
        ),
        "martin_parks": AgentFactory(
            organization=org_a, first_name="Marie", last_name="Martin", employee_number="E002", team=parks
        ),
        "bernard": AgentFactory(
            organization=org_a, first_name="Paul", last_name="Bernard", employee_number="V003", team=roads
        ),
        "elsewhere": AgentFactory(organization=org_b, first_name="Marie", last_name="Martin", employee_number="X1"),
    }
    return roads, parks, agents


def test_no_search_and_no_team_lists_nobody(org_a, crew):
    assert selectors.search_agents(org_a) == ([], False)


def test_search_by_name_words_in_any_order_or_number(org_a, crew):
    _roads, _parks, agents = crew
    found, more = selectors.search_agents(org_a, query="martin  MARIE")
    assert {a.pk for a in found} == {agents["martin_roads"].pk, agents["martin_parks"].pk} and not more
    assert [a.pk for a in selectors.search_agents(org_a, query="v003")[0]] == [agents["bernard"].pk]
    assert selectors.search_agents(org_a, query="Nobody")[0] == []


def test_team_narrows_and_chosen_are_left_out(org_a, crew):
    roads, _parks, agents = crew
    found, _more = selectors.search_agents(org_a, team=roads)
    assert [a.pk for a in found] == [agents["bernard"].pk, agents["martin_roads"].pk]
    found, _more = selectors.search_agents(org_a, query="mar", team=roads, exclude=[agents["martin_roads"].pk])
    assert found == []


def test_results_are_bounded_and_say_more_match(org_a):
    team = TeamFactory(organization=org_a)
    AgentFactory.create_batch(5, organization=org_a, team=team)
    found, more = selectors.search_agents(org_a, team=team, limit=3)
    assert len(found) == 3 and more
    found, more = selectors.search_agents(org_a, team=team, limit=5)
    assert len(found) == 5 and not more


def test_namesakes_are_marked_within_the_organization(org_a, crew, django_assert_num_queries):
    _roads, _parks, agents = crew
    chosen = selectors.chosen_agents(org_a, [agents["martin_roads"].pk, agents["bernard"].pk, agents["elsewhere"].pk])
    assert {a.pk for a in chosen} == {agents["martin_roads"].pk, agents["bernard"].pk}  # not another town's
    with django_assert_num_queries(1):
        options = {o.pk: o for o in selectors.as_options(org_a, chosen)}
    assert options[agents["martin_roads"].pk].namesake and not options[agents["bernard"].pk].namesake
    archived = agents["martin_parks"]
    archived.archived_at = archived.created_at
    archived.save(update_fields=["archived_at"])
    assert not selectors.as_options(org_a, [agents["martin_roads"]])[0].namesake


def test_chosen_ids_no_column_holds_are_left_out(org_a, crew):
    _roads, _parks, agents = crew
    assert [a.pk for a in selectors.chosen_agents(org_a, [agents["bernard"].pk, 10**30, -(10**30)])] == [
        agents["bernard"].pk
    ]
