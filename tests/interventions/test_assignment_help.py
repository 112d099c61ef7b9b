"""The assignment help: who is free for a work order's slot (work orders and absences make an agent busy)."""

import datetime

import pytest

from regie.core import services as core_services
from regie.interventions import selectors, services
from regie.people.factories import AbsenceFactory, AgentFactory

from .api_support import slot

pytestmark = pytest.mark.django_db


def planned(town, start, end):
    wo = services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={"title": "Robinet", "category": town.category, "priority": town.priorities[2]},
        m2m={"required_skills": [town.plumbing]},
    )
    return services.reschedule_work_order(wo, by=town.manager, start=start, end=end)


def test_an_absent_agent_is_busy_in_the_slot_and_free_outside_it(town):
    start, end = slot(days=3, hours=4)
    wo = planned(town, start, end)
    away = AgentFactory(organization=town.org, last_name="Absent", skills=[town.plumbing])
    assert set(selectors.suggest_agents(wo)) == {town.agent, away}

    absence = AbsenceFactory(organization=town.org, agent=away, start=start + datetime.timedelta(hours=3), end=end)
    assert list(selectors.suggest_agents(wo)) == [town.agent]  # an hour of overlap is enough

    absence.start, absence.end = end, end + datetime.timedelta(days=1)  # from the end of the slot: free
    absence.save()
    assert set(selectors.suggest_agents(wo)) == {town.agent, away}


def test_an_archived_absence_or_another_organizations_does_not_count(town, org_b):
    start, end = slot(days=3, hours=4)
    wo = planned(town, start, end)
    absence = AbsenceFactory(organization=town.org, agent=town.agent, start=start, end=end)
    assert list(selectors.suggest_agents(wo)) == []
    core_services.archive_record(absence, by=town.manager, action="absence.manage")
    assert list(selectors.suggest_agents(wo)) == [town.agent]
    assert list(selectors.absent_agents(org_b, start, end)) == []
