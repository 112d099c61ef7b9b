"""The planning by team (resource view): the board, its default scope, and moves with their confirmations."""

import datetime
import json

import pytest
from django.urls import reverse

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions.calendar.checks import slot_warnings
from regie.interventions.services.settings import update_workflow_settings
from regie.people.factories import AbsenceFactory, AgentFactory, TeamFactory

from ..test_calendar import MONDAY, PARIS, plan

pytestmark = pytest.mark.django_db

BOARD = reverse("planning:resources")


@pytest.fixture
def crew(town):
    """A second team (roads) with two agents, and a plumbing agent besides the town's."""
    roads = TeamFactory(organization=town.org, name="Voirie", department=town.works)
    return {
        "roads": roads,
        "paul": AgentFactory(organization=town.org, first_name="Paul", last_name="Bernard", team=roads),
        "lea": AgentFactory(organization=town.org, first_name="Léa", last_name="Colin", team=roads),
        "marc": AgentFactory(organization=town.org, first_name="Marc", last_name="Durand", team=town.team),
    }


def move(client, wo, *, from_slot, to_slot, from_row, to_row, confirm=False, version=None):
    body = {
        "version": (version or wo.updated_at).isoformat(),
        "from_slot": from_slot,
        "to_slot": to_slot,
        "from_row": from_row,
        "to_row": to_row,
        "confirm": confirm,
    }
    return client.post(reverse("planning:move", args=[wo.pk]), json.dumps(body), content_type="application/json")


def test_dispatchers_land_on_the_board_of_all_teams_agents_on_their_calendar(town, crew, client_for):
    manager = client_for(town.manager)
    assert manager.get(reverse("planning:calendar")).url == BOARD
    assert manager.get(reverse("planning:calendar"), {"view": "timeGridWeek"}).status_code == 200
    response = manager.get(BOARD, {"date": "2026-12-09"})
    assert response.status_code == 200 and response.context["scope"] == "all"
    assert [g.team for g in response.context["groups"]] == [town.team, crew["roads"]]  # as read in French: É(quipe) < V
    assert [s.key for s in response.context["slots"]][:2] == ["2026-12-07T00:00:00", "2026-12-08T00:00:00"]
    assert client_for(town.agent_user).get(reverse("planning:calendar")).status_code == 200  # no redirect
    assert client_for(town.requester).get(BOARD).status_code == 403


def test_the_default_scope_is_the_own_team_then_the_departments_teams(town, crew, make_member, client_for):
    town.agent.user = town.manager
    town.agent.save()
    assert client_for(town.manager).get(BOARD).context["scope"] == f"t{town.team.pk}"
    head = make_member(town.org, Role.MANAGER, department=town.works)
    response = client_for(head).get(BOARD)
    assert response.context["scope"] == f"d{town.works.pk}"
    assert client_for(head).get(BOARD, {"scope": "all"}).context["scope"] == "all"
    assert client_for(head).get(BOARD, {"scope": "t999999"}).context["scope"] == f"d{town.works.pk}"


def test_the_board_places_work_orders_in_their_rows_and_days(town, crew, client_for):
    wo = plan(town, MONDAY.replace(day=8, hour=9))  # Tuesday, plumbing team, the town's agent
    roads = plan(town, MONDAY.replace(day=10, hour=14), team=crew["roads"], agents=[])  # Thursday
    AbsenceFactory(organization=town.org, agent=crew["paul"], start=MONDAY, end=MONDAY + datetime.timedelta(days=2))
    response = client_for(town.manager).get(BOARD, {"date": "2026-12-07"})
    groups = {g.team.pk: g for g in response.context["groups"]}
    plumbing = groups[town.team.pk]
    assert [c.work_order for c in plumbing.row.cells[1]] == [wo] and plumbing.row.cells[1][0].staffed
    agent_row = next(r for r in plumbing.agents if r.agent == town.agent)
    assert [c.work_order for c in agent_row.cells[1]] == [wo]
    assert [c.work_order for c in groups[crew["roads"].pk].row.cells[3]] == [roads]
    paul = next(r for r in groups[crew["roads"].pk].agents if r.agent == crew["paul"])
    assert [len(a) for a in paul.absences] == [1, 1, 0, 0, 0, 0, 0]
    html = response.content.decode()
    assert f'data-move-url="{reverse("planning:move", args=[wo.pk])}"' in html and "Congés" in html
    by_agent = client_for(town.manager).get(BOARD, {"date": "2026-12-07", "rows": "agents", "span": "day"})
    assert by_agent.context["rows"][0].kind == "none"  # the work orders no agent has yet come first


def test_the_board_query_count_does_not_grow_with_work_orders(town, crew, client_for, django_assert_max_num_queries):
    client = client_for(town.manager)
    client.get(BOARD, {"date": "2026-12-07"})
    for day in range(7, 12):
        plan(town, MONDAY.replace(day=day, hour=10), agents=[town.agent, crew["marc"]])
    with django_assert_max_num_queries(16):
        response = client.get(BOARD, {"date": "2026-12-07"})
    assert sum(g.row.count for g in response.context["groups"]) == 5


def test_dragging_onto_another_agents_row_reassigns_and_audits(town, crew, client_for):
    wo = plan(town, MONDAY.replace(day=8, hour=9))
    response = move(
        client_for(town.manager),
        wo,
        from_slot="2026-12-08T00:00:00",
        to_slot="2026-12-09T00:00:00",
        from_row=f"agent:{town.agent.pk}",
        to_row=f"agent:{crew['paul'].pk}",
    )
    assert response.status_code == 200, response.content
    wo.refresh_from_db()
    assert list(wo.agents.all()) == [crew["paul"]] and wo.team == crew["roads"]
    assert wo.planned_start == datetime.datetime(2026, 12, 9, 9, tzinfo=PARIS)  # the same hour, a day later
    event = AuditEvent.objects.filter(object_id=str(wo.pk), action="update").latest("at")
    assert event.changes["agents"] == [[town.agent.pk], [crew["paul"].pk]] and "team" in event.changes


def test_dropping_on_a_team_row_changes_the_team_and_lets_the_other_teams_agents_go(town, crew, client_for):
    wo = plan(town, MONDAY.replace(day=8, hour=9), agents=[town.agent])
    response = move(
        client_for(town.manager),
        wo,
        from_slot="2026-12-08T00:00:00",
        to_slot="2026-12-08T00:00:00",
        from_row=f"team:{town.team.pk}",
        to_row=f"team:{crew['roads'].pk}",
    )
    assert response.status_code == 200, response.content
    wo.refresh_from_db()
    assert wo.team == crew["roads"] and list(wo.agents.all()) == []


@pytest.mark.parametrize(
    ("to_slot", "to_agent", "codes"),
    [
        ("2026-12-12T00:00:00", "lea", ["weekend"]),  # Saturday
        ("2026-12-25T00:00:00", "lea", ["holiday"]),  # Christmas, a Friday
        ("2026-12-09T00:00:00", "paul", ["absence"]),
    ],
)
def test_moves_that_need_a_confirmation_are_409_until_confirmed(town, crew, client_for, to_slot, to_agent, codes):
    wo = plan(town, MONDAY.replace(day=8, hour=9))
    AbsenceFactory(organization=town.org, agent=crew["paul"], start=MONDAY.replace(day=9), end=MONDAY.replace(day=10))
    client = client_for(town.manager)
    rows = {"from_row": f"agent:{town.agent.pk}", "to_row": f"agent:{crew[to_agent].pk}"}
    response = move(client, wo, from_slot="2026-12-08T00:00:00", to_slot=to_slot, **rows)
    assert response.status_code == 409 and response.json()["code"] == "needs_confirmation"
    assert [r["code"] for r in response.json()["reasons"]] == codes
    wo.refresh_from_db()
    assert wo.planned_start == MONDAY.replace(day=8, hour=9)  # nothing moved
    response = move(client, wo, from_slot="2026-12-08T00:00:00", to_slot=to_slot, confirm=True, **rows)
    assert response.status_code == 200
    wo.refresh_from_db()
    assert list(wo.agents.all()) == [crew[to_agent]]


def test_the_working_hours_are_a_setting(town, crew):
    start = MONDAY.replace(day=8, hour=7)
    assert [w.code for w in slot_warnings(town.org, start, start + datetime.timedelta(hours=2), [])] == [
        "out_of_hours"
    ]  # 07:00, before the default 07:30
    update_workflow_settings(by=town.admin, organization=town.org, data={"working_day_start": datetime.time(6, 30)})
    assert slot_warnings(town.org, start, start + datetime.timedelta(hours=2), []) == []


def test_the_calendar_reschedule_asks_too(town, client_for):
    wo = plan(town, MONDAY.replace(day=8, hour=9))
    body = {"start": "2026-12-08T19:00:00", "end": "2026-12-08T21:00:00", "version": wo.updated_at.isoformat()}
    url = reverse("planning:reschedule", args=[wo.pk])
    client = client_for(town.manager)
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 409 and response.json()["reasons"][0]["code"] == "out_of_hours"
    response = client.post(url, json.dumps({**body, "confirm": True}), content_type="application/json")
    assert response.status_code == 200


def test_moves_are_refused_when_stale_foreign_or_by_an_agent(town, crew, client_for, org_b):
    wo = plan(town, MONDAY.replace(day=8, hour=9))
    rows = {"from_row": "", "to_row": f"agent:{crew['paul'].pk}", "from_slot": "2026-12-08", "to_slot": "2026-12-08"}
    stale = move(client_for(town.manager), wo, version=wo.updated_at - datetime.timedelta(seconds=5), **rows)
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert move(client_for(town.agent_user), wo, **rows).status_code == 403
    foreign = AgentFactory(organization=org_b)
    response = move(client_for(town.manager), wo, **{**rows, "to_row": f"agent:{foreign.pk}"})
    assert response.status_code == 400 and "to_row" in response.json()["fields"]
    response = move(client_for(town.manager), wo, **{**rows, "to_slot": "not a date"})
    assert response.status_code == 400 and "to_slot" in response.json()["fields"]
