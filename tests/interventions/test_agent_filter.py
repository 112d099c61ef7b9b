"""The filters' agent picker (issue 14): the planning's agent filter and the work-order list's are the agent
picker of the work-order form (search as you type, narrowed by the team chosen), one agent, `?agent=<id>` as
the `<select>` of every agent they replace; without JavaScript the picker's "Search" button sends the filters
and the page comes again with the agents found."""

import pytest
from django.urls import reverse

from regie.core.permissions import Role
from regie.people.factories import AgentFactory, ContractorFactory, TeamFactory

from .api_support import work_order

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = "interventions:workorder-list"
PICKER = "interventions:agent-filter-picker"


@pytest.fixture
def crew(town):
    roads = TeamFactory(organization=town.org, name="Voirie")
    AgentFactory.create_batch(30, organization=town.org, team=roads)
    return {
        "roads": roads,
        "quenet": AgentFactory(
            organization=town.org, first_name="Nadia", last_name="Quenet", employee_number="Q12", team=roads
        ),
        "quentin": AgentFactory(
            organization=town.org, first_name="Hugo", last_name="Quentin", employee_number="Q13", team=town.team
        ),
    }


def radio(name, agent, checked=False):
    return f'type="radio" name="{name}" value="{agent.pk}"' + (" checked" if checked else "")


def listed(response):
    return {row.pk for row in response.context["page"].rows}


def test_the_work_order_list_filters_by_agent_with_the_picker(town, crew, client_for):
    mine = work_order(town, title="Fuite", agents=[town.agent])
    theirs = work_order(town, title="Nid-de-poule", agents=[crew["quenet"]])
    client = client_for(town.manager)
    page = client.get(reverse(LIST))
    body = page.content.decode()
    assert page.status_code == 200 and listed(page) == {mine.pk, theirs.pk}
    # a search field with its endpoint, "All agents" chosen, no <select> of 33 agents
    assert 'name="agent_search"' in body and f'hx-get="{reverse(PICKER)}"' in body and "data-agent-picker" in body
    assert '<select name="agent"' not in body and body.count('name="agent"') == 1
    assert 'type="radio" name="agent" value="" data-picker-none checked' in body and "Tous les agents" in body
    assert 'id="list-filters"' in body and "picker-change" in body
    filtered = client.get(reverse(LIST), {"agent": crew["quenet"].pk})
    assert listed(filtered) == {theirs.pk}
    # the agent chosen is the picker's chip; the others are found by typing
    chosen = filtered.content.decode()
    assert radio("agent", crew["quenet"], checked=True) in chosen and radio("agent", crew["quentin"]) not in chosen
    assert 'value="" data-picker-none>' in chosen
    assert listed(client.get(reverse(LIST), {"agent": ""})) == {mine.pk, theirs.pk}
    assert client.get(reverse(LIST), {"agent": "nope"}).status_code == 200  # an invalid filter, the page still


def test_the_list_picker_searches_without_javascript(town, crew, client_for):
    mine = work_order(town, title="Fuite", agents=[town.agent])
    client = client_for(town.manager)
    # the picker's "Search" button sends the filters: the list as filtered, the agents found to choose from
    page = client.get(reverse(LIST), {"agent": town.agent.pk, "agent_search": "quen", "picker": "agent"})
    body = page.content.decode()
    assert page.status_code == 200 and listed(page) == {mine.pk}
    assert radio("agent", crew["quenet"]) in body and radio("agent", crew["quentin"]) in body
    assert radio("agent", town.agent, checked=True) in body and 'value="quen"' in body
    assert not page.context["ignored_parameters"]  # the picker's parameters are the list's own
    # narrowed by the team the filters choose, unless "All teams"
    team = client.get(reverse(LIST), {"team": town.team.pk, "agent_search": "quen", "picker": "agent"})
    assert radio("agent", crew["quentin"]) in team.content.decode()
    assert radio("agent", crew["quenet"]) not in team.content.decode()
    everywhere = client.get(reverse(LIST), {"team": town.team.pk, "agent_search": "quen", "agent_all_teams": "1"})
    assert radio("agent", crew["quenet"]) in everywhere.content.decode()


def test_contractors_have_no_agent_filter(town, make_member, client_for):
    company = ContractorFactory(organization=town.org, name="Plomberie Martin")
    contractor = make_member(town.org, Role.CONTRACTOR, contractor=company)
    body = client_for(contractor).get(reverse(LIST)).content.decode()
    assert "data-agent-picker" not in body and 'name="agent"' not in body


def test_the_filters_picker_endpoint_is_narrowed_by_the_team(town, crew, client_for):
    client = client_for(town.manager)
    url = reverse(PICKER)
    team = client.get(url, {"team": crew["roads"].pk}, **HTMX)
    body = team.content.decode()
    assert team.status_code == 200 and "<html" not in body
    assert body.count('type="radio" name="agent"') == 12 and "précisez le nom" in body  # one screen, "type more"
    assert radio("agent", town.agent) not in body
    typed = client.get(url, {"team": crew["roads"].pk, "agent_search": "quen"}, **HTMX).content.decode()
    assert radio("agent", crew["quenet"]) in typed and radio("agent", crew["quentin"]) not in typed
    everywhere = client.get(
        url, {"team": crew["roads"].pk, "agent_search": "quen", "agent_all_teams": "1"}, **HTMX
    ).content.decode()
    assert radio("agent", crew["quenet"]) in everywhere and radio("agent", crew["quentin"]) in everywhere
    chosen = client.get(url, {"agent_search": "quen", "agent": crew["quenet"].pk}, **HTMX).content.decode()
    assert radio("agent", crew["quenet"]) not in chosen and radio("agent", crew["quentin"]) in chosen
    nothing = client.get(url, **HTMX).content.decode()
    assert 'name="agent"' not in nothing and "picker-hint" not in nothing  # no team, nothing typed: no 33 agents
    unknown = client.get(url, {"agent_search": "zzz"}, **HTMX).content.decode()
    assert "picker-hint" in unknown and "zzz" in unknown
    garbage = client.get(url, {"team": "x", "agent": "9" * 30, "agent_search": "q" * 500}, **HTMX)
    assert garbage.status_code == 200
    # the picker shows who the agents are: the roles that see the agents only
    assert client_for(town.agent_user).get(url, {"agent_search": "quen"}).status_code == 200
    assert client_for(town.requester).get(url, {"agent_search": "quen"}).status_code == 403


def test_the_planning_filters_by_agent_with_the_picker(town, crew, client_for):
    client = client_for(town.manager)
    page = client.get(reverse("planning:calendar"), {"view": "timeGridWeek", "team": crew["roads"].pk})
    body = page.content.decode()
    assert page.status_code == 200 and '<select name="agent"' not in body
    assert 'id="planning-agent_search"' in body and 'name="agent_search"' in body
    assert f'hx-get="{reverse(PICKER)}"' in body and "change from:#planning-team" in body
    assert f'<option value="{crew["roads"].pk}" selected>' in body
    # the team chosen lists its agents (one screen of them), not the town's
    assert radio("agent", crew["quentin"]) not in body and body.count('type="radio" name="agent"') == 13  # + "All"
    chosen = client.get(reverse("planning:calendar"), {"agent": crew["quenet"].pk}).content.decode()
    assert radio("agent", crew["quenet"], checked=True) in chosen
    # the agent's own team is the default, and its agents are listed
    own = client_for(town.agent_user).get(reverse("planning:calendar")).content.decode()
    assert radio("agent", crew["quentin"]) in own and radio("agent", crew["quenet"]) not in own


def test_the_planning_events_still_filter_by_agent(town, crew, client_for):
    from .test_calendar import MONDAY, ids, plan, week

    mine = plan(town, MONDAY.replace(hour=8), agents=[town.agent])
    theirs = plan(town, MONDAY.replace(hour=13), agents=[crew["quenet"]])
    client = client_for(town.manager)
    assert ids(week(client, agent=crew["quenet"].pk)) == {theirs.pk}
    assert ids(week(client)) == {mine.pk, theirs.pk}
