"""The interventions' reads behind the agent picker: free or busy in the work order's slot, skills lacked."""

import datetime

import pytest
from django.utils import timezone

from regie.interventions import selectors
from regie.people.factories import AgentFactory, SkillFactory

pytestmark = pytest.mark.django_db


def slot(days=2, hours=3):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(hours=hours)


def test_picker_marks_busy_free_and_missing_skills(town, django_assert_max_num_queries):
    start, end = slot()
    busy = AgentFactory(organization=town.org, last_name="Occupé", team=town.team, skills=[town.plumbing])
    idle = AgentFactory(organization=town.org, last_name="Libre", team=town.team)
    part_time = AgentFactory(organization=town.org, last_name="Absent", team=town.team, weekly_hours=0)
    other = town.work_order(start=start, end=end, agents=[busy])
    with django_assert_max_num_queries(7):
        picker = selectors.agent_picker(town.org, team=town.team, start=start, end=end, required_skills=[town.plumbing])
        lines = {o.pk: o for o in picker.results}
        _skills = [[s.name for s in o.agent.skills.all()] for o in picker.results]
    assert set(lines) == {busy.pk, idle.pk, part_time.pk, town.agent.pk}
    assert lines[busy.pk].busy is True and lines[part_time.pk].busy is True
    assert lines[idle.pk].busy is False and lines[town.agent.pk].busy is False
    assert lines[idle.pk].missing_skills == [town.plumbing] and lines[busy.pk].missing_skills == []
    # the work order being edited does not make its own agents busy
    mine = selectors.agent_picker(town.org, chosen=[busy.pk], start=start, end=end, work_order_pk=other.pk)
    assert [o.pk for o in mine.chosen] == [busy.pk] and mine.chosen[0].busy is False
    # no slot: nothing is said of free or busy
    assert {o.busy for o in selectors.agent_picker(town.org, team=town.team).results} == {None}


def test_picker_query_hints_and_all_teams(town):
    outsider = AgentFactory(organization=town.org, first_name="Jean", last_name="Horsequipe")
    assert selectors.agent_picker(town.org, query="Horseq", team=town.team).results == []
    assert "Horseq" in selectors.agent_picker(town.org, query="Horseq", team=town.team).hint
    found = selectors.agent_picker(town.org, query="Horseq", team=town.team, all_teams=True)
    assert [o.pk for o in found.results] == [outsider.pk] and found.team_name == ""
    nothing = selectors.agent_picker(town.org)
    assert nothing.results == [] and nothing.hint
    done = selectors.agent_picker(town.org, team=town.team, chosen=[town.agent.pk])
    assert done.results == [] and [o.pk for o in done.chosen] == [town.agent.pk] and done.hint


def test_suggestions_still_use_the_same_busy_rule(town):
    start, end = slot()
    gardener = SkillFactory(organization=town.org, name="Serres")
    plumber = AgentFactory(organization=town.org, skills=[town.plumbing])
    AgentFactory(organization=town.org, skills=[gardener])
    wo = town.work_order("Fuite", start=start, end=end, skills=[town.plumbing])
    assert {a.pk for a in selectors.suggest_agents(wo)} == {plumber.pk, town.agent.pk}


def test_picker_counts_an_absent_agent_as_busy(town):
    from regie.people.factories import AbsenceFactory

    start, end = slot()
    away = AgentFactory(organization=town.org, last_name="Encongé", team=town.team)
    AbsenceFactory(organization=town.org, agent=away, start=start - datetime.timedelta(days=1), end=end)
    lines = {o.pk: o for o in selectors.agent_picker(town.org, team=town.team, start=start, end=end).results}
    assert lines[away.pk].busy is True
