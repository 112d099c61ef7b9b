"""`services.work_orders`: the required-skill rule (an agent without a required skill is assigned only with
a reason, which the audit event keeps; what a work order already had stays accepted) and the measurements a
checklist task records (`set_task_done`)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regie.core.models import AuditEvent
from regie.interventions import services
from regie.interventions.models import WorkOrder
from regie.interventions.services.work_orders import SKILL_MISSING
from regie.people.factories import AgentFactory, SkillFactory

from ..checklist_support import boiler_check, tick

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


# --- measurements on the checklist ----------------------------------------------------------------------------


def test_a_number_task_records_its_value_and_is_ticked_audited(town):
    wo, tasks = boiler_check(town)
    task = tick(tasks["Pression"], town.agent_user, value="1.4")
    task.refresh_from_db()
    assert (task.done, task.value, task.passed) == (True, Decimal("1.400"), None)
    assert task.measured_at is not None and task.done_at is not None
    assert task.value_text == "1.4" and task.value_display == "1,4"
    event = events(wo).last()
    assert event.actor == town.agent_user
    measured = {"value": "1.4", "unit": "bar"}
    assert event.changes == {"measurement:Pression": [None, measured], "task:Pression": [False, True]}
    corrected = tick(task, town.agent_user, value=Decimal("1.6"))
    assert corrected.value == Decimal("1.6")
    assert events(wo).last().changes == {"measurement:Pression": [measured, {"value": "1.6", "unit": "bar"}]}


def test_a_pass_fail_task_records_pass_or_fail(town):
    wo, tasks = boiler_check(town)
    task = tick(tasks["Soupape de sécurité"], town.agent_user, passed=False)
    task.refresh_from_db()
    assert (task.done, task.passed, task.value, task.failed) == (True, False, None, True)
    assert events(wo).last().changes == {
        "measurement:Soupape de sécurité": [None, {"passed": False}],
        "task:Soupape de sécurité": [False, True],
    }
    assert tick(task, town.agent_user, passed=True).passed is True


@pytest.mark.parametrize(
    ("label", "field", "message"),
    [
        ("Pression", "value", "Saisissez la valeur mesurée (bar) avant de cocher cette tâche."),
        ("Soupape de sécurité", "passed", "Indiquez si le contrôle est conforme ou non avant de cocher cette tâche."),
    ],
)
def test_ticking_a_measured_task_without_its_measurement_is_refused(town, label, field, message):
    wo, tasks = boiler_check(town)
    before = events(wo).count()
    with pytest.raises(ValidationError) as refused:
        tick(tasks[label], town.agent_user)
    assert refused.value.message_dict == {field: [message]}
    tasks[label].refresh_from_db()
    assert not tasks[label].done and events(wo).count() == before
    assert services.set_task_done(tasks[label], by=town.agent_user, done=False).done is False  # unticking: no need


@pytest.mark.parametrize(
    ("label", "kwargs", "field"),
    [
        ("Pression", {"value": "1000000"}, "value"),  # beyond the bound
        ("Pression", {"value": "-1000000"}, "value"),
        ("Pression", {"value": "1.2345"}, "value"),  # three decimal places at most
        ("Pression", {"value": "beaucoup"}, "value"),
        ("Pression", {"passed": True}, "passed"),  # not a pass / fail check
        ("Soupape de sécurité", {"value": "3"}, "value"),  # asks no number
        ("Purger les radiateurs", {"value": "3"}, "value"),
    ],
)
def test_a_measurement_out_of_bounds_or_of_the_wrong_kind_is_refused_and_nothing_written(town, label, kwargs, field):
    wo, tasks = boiler_check(town)
    before = events(wo).count()
    with pytest.raises(ValidationError) as refused:
        tick(tasks[label], town.agent_user, **kwargs)
    assert list(refused.value.message_dict) == [field] and events(wo).count() == before
    task = tasks[label]
    task.refresh_from_db()
    assert (task.done, task.value, task.passed, task.measured_at) == (False, None, None, None)


def test_a_measurement_recorded_without_ticking_and_kept_when_unticked(town):
    _wo, tasks = boiler_check(town)
    task = services.set_task_done(tasks["Température des fumées"], by=town.agent_user, done=False, value="182")
    assert (task.done, task.value) == (False, Decimal("182"))
    assert tick(task, town.agent_user).done is True  # the value already recorded suffices
    task = services.set_task_done(task, by=town.agent_user, done=False)
    assert (task.done, task.value) == (False, Decimal("182"))
