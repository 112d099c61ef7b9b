"""The required-skill rule of `services.work_orders`: an agent without a required skill is assigned only with
a reason, which the audit event keeps; what a work order already had stays accepted."""

import pytest
from django.core.exceptions import ValidationError

from regie.core.models import AuditEvent
from regie.interventions import services
from regie.interventions.models import WorkOrder
from regie.interventions.services.work_orders import SKILL_MISSING
from regie.people.factories import AgentFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gardener(town):
    greenhouse = SkillFactory(organization=town.org, name="Serres", code="SER")
    return AgentFactory(
        organization=town.org, first_name="Rose", last_name="Jardin", employee_number="J042", skills=[greenhouse]
    )


def create(town, agents, reason=""):
    return services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={"title": "Fuite", "category": town.category, "priority": town.priorities[2]},
        m2m={"agents": agents, "required_skills": [town.plumbing]},
        skill_override_reason=reason,
    )


def events(wo):
    return AuditEvent.objects.filter(object_id=wo.pk, content_type__model="workorder").order_by("pk")


def test_an_agent_without_the_required_skill_is_refused_without_a_reason(town, gardener):
    with pytest.raises(ValidationError) as refused:
        create(town, [town.agent, gardener])
    error = refused.value.error_dict["agents"][0]
    assert error.code == SKILL_MISSING
    assert "Rose Jardin (J042)" in error.messages[0] and "Plomberie" in error.messages[0]
    with pytest.raises(ValidationError):
        create(town, [gardener], reason="   ")
    assert not WorkOrder.objects.filter(organization=town.org).exists()


def test_a_reason_lets_it_through_and_is_audited(town, gardener):
    wo = create(town, [gardener], reason="Le plombier est en congé, Rose a déjà fait ce dépannage.")
    assert list(wo.agents.all()) == [gardener]
    event = events(wo).get()
    assert event.reason == "Le plombier est en congé, Rose a déjà fait ce dépannage."
    assert event.changes["skill_override"] == [None, ["Rose Jardin (J042): Plomberie"]]


def test_qualified_agents_need_no_reason_and_leave_no_override(town):
    wo = create(town, [town.agent])
    assert events(wo).get().reason == "" and "skill_override" not in events(wo).get().changes


def test_update_asks_only_for_new_gaps(town, gardener):
    wo = create(town, [gardener], reason="Dépannage simple")
    # the gap accepted at creation stays accepted: changing the title or adding a plumber asks nothing
    services.update_work_order(wo, by=town.manager, data={"title": "Fuite (suite)"}, m2m={})
    services.update_work_order(wo, by=town.manager, data={}, m2m={"agents": [gardener, town.agent]})
    assert "skill_override" not in events(wo).last().changes
    # a newly required skill that an assigned agent lacks is a new gap
    masonry = SkillFactory(organization=town.org, name="Maçonnerie")
    with pytest.raises(ValidationError) as refused:
        services.update_work_order(wo, by=town.manager, data={}, m2m={"required_skills": [town.plumbing, masonry]})
    assert refused.value.error_dict["agents"][0].code == SKILL_MISSING
    services.update_work_order(
        wo,
        by=town.manager,
        data={},
        m2m={"required_skills": [town.plumbing, masonry]},
        skill_override_reason="Petit joint",
    )
    last = events(wo).last()
    assert last.reason == "Petit joint"
    assert sorted(last.changes["skill_override"][1]) == sorted(
        [f"{gardener} (J042): Maçonnerie", f"{town.agent} ({town.agent.employee_number}): Maçonnerie"]
    )


def test_the_reason_is_bounded(town, gardener):
    with pytest.raises(ValidationError) as refused:
        create(town, [gardener], reason="x" * 2001)
    assert "skill_override_reason" in refused.value.error_dict
