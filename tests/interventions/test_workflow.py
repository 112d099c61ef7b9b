import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from regie.core.exceptions import Conflict, Forbidden, TransitionNotAllowed
from regie.core.models import AuditEvent
from regie.core.working_time import add_working_hours
from regie.interventions import services
from regie.interventions.models import InterventionRequest, WorkflowSettings
from regie.interventions.selectors import request_timeline
from regie.interventions.services.settings import update_workflow_settings

pytestmark = pytest.mark.django_db


def file(town, **overrides):
    obj, created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(**overrides)
    )
    assert created
    return obj


@pytest.mark.parametrize(
    ("calendar", "response_due"),
    [("", datetime.datetime(2026, 4, 8, 12, 0)), ("57", datetime.datetime(2026, 4, 9, 12, 0))],
)
def test_due_dates_count_working_days_of_the_organizations_region(town, monkeypatch, calendar, response_due):
    """Filed on Thursday 2 April 2026 at noon with "3 working days": Easter Monday never counts, Good Friday
    does not count in Moselle; an emergency counts around the clock."""
    zone = timezone.get_current_timezone()
    filed = datetime.datetime(2026, 4, 2, 12, 0, tzinfo=zone)
    monkeypatch.setattr("regie.interventions.services.requests.timezone.now", lambda: filed)
    update_workflow_settings(by=town.admin, organization=town.org, data={"holiday_calendar": calendar})
    normal = file(town)
    assert normal.priority.working_days_only and normal.submitted_at == filed
    assert normal.response_due_at == response_due.replace(tzinfo=zone)
    urgent = file(town, priority=town.priorities[0])
    assert urgent.response_due_at == filed + datetime.timedelta(hours=2)
    assert urgent.resolution_due_at == filed + datetime.timedelta(hours=24)


def test_full_journey_with_costs_and_timeline(town, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = file(town)
    assert req.state == "submitted" and req.department == town.school and req.number.startswith("DI-")
    assert req.resolution_due_at == add_working_hours(req.submitted_at, 360, working_days_only=True)  # 15 days
    assert [m.to for m in mail.outbox] == [[town.head.email]]  # the head of the school department is told

    req = services.transition_request(req, "validate", by=town.head)
    req = services.transition_request(req, "approve", by=town.manager)
    assert req.state == "approved" and req.responded_at is not None
    start = timezone.now() + datetime.timedelta(days=1)
    wo = services.create_work_order(
        by=town.manager,
        organization=town.org,
        request=req,
        data={
            "team": town.team,
            "planned_start": start,
            "planned_end": start + datetime.timedelta(hours=3),
            "estimated_hours": Decimal(3),
        },
        m2m={"agents": [town.agent], "required_skills": [town.plumbing]},
        tasks=["Couper l'eau", "Changer le joint"],
    )
    req.refresh_from_db()
    assert wo.state == "planned" and req.state == "planned" and wo.category == town.category

    wo = services.transition_work_order(wo, "start", by=town.agent_user)
    req.refresh_from_db()
    assert req.state == "in_progress"
    services.record_time(
        by=town.agent_user, work_order=wo, agent=town.agent, date=timezone.localdate(), hours=Decimal("2.5")
    )
    services.add_cost_line(
        by=town.manager,
        work_order=wo,
        kind="material",
        label="Joint + siphon",
        date=timezone.localdate(),
        quantity=2,
        unit_cost=Decimal("12.40"),
    )
    wo = services.transition_work_order(wo, "complete", by=town.agent_user, report="Joint changé", first_visit_fix=True)
    wo = services.transition_work_order(wo, "close", by=town.manager)
    req.refresh_from_db()
    assert req.state == "done"
    req = services.transition_request(req, "close", by=town.requester, rating=5, comment="Merci !")
    assert req.state == "closed" and req.satisfaction == 5

    req.refresh_from_db()
    assert req.labour_cost == Decimal("88.75")  # 2.5 h × 35.50 €
    assert req.material_cost == Decimal("24.80")
    assert req.total_cost == Decimal("113.55") and req.hours == Decimal("2.50")
    events = list(request_timeline(req, town.org))
    steps = [
        (e.actor_id, e.changes.get("state", [None, None])[1]) for e in reversed(events) if e.action == "transition"
    ]
    assert (town.head.pk, "validated") in steps and (town.manager.pk, "approved") in steps
    assert (town.requester.pk, "closed") in steps and (town.agent_user.pk, "done") in steps
    assert any("time" in e.changes for e in events)


def test_rejection_needs_a_reason_and_notifies(town, django_capture_on_commit_callbacks):
    req = file(town)
    with pytest.raises(ValidationError):
        services.transition_request(req, "reject", by=town.head, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        req = services.transition_request(req, "reject", by=town.head, reason="Hors budget cette année")
    assert req.state == "rejected"
    event = AuditEvent.objects.filter(object_id=req.pk, action="transition").first()
    assert event.reason == "Hors budget cette année" and event.actor == town.head
    assert town.requester.notifications.filter(title__contains=req.number).exists()


def test_illegal_transition_lists_allowed_ones(town):
    req = file(town)
    with pytest.raises(TransitionNotAllowed) as error:
        services.transition_request(req, "approve", by=town.manager)  # department must validate first
    assert error.value.status == 409
    with pytest.raises(TransitionNotAllowed) as error:
        services.transition_request(req, "close", by=town.requester, rating=4)
    assert "cancel" in error.value.extra["allowed_transitions"]
    with pytest.raises(Forbidden):
        services.transition_request(req, "validate", by=town.requester)


def test_village_skips_the_department_step(town):
    WorkflowSettings.objects.filter(organization=town.org).update(department_validation=False)
    req = file(town)
    req = services.transition_request(req, "approve", by=town.manager)
    assert req.state == "approved"


def test_amount_above_threshold_needs_a_second_different_approver(town):
    WorkflowSettings.objects.filter(organization=town.org).update(second_approval_threshold=Decimal("5000"))
    req = file(town, estimated_amount=Decimal("12000"))
    req = services.transition_request(req, "validate", by=town.head)
    req = services.transition_request(req, "approve", by=town.manager)
    assert req.state == "awaiting_second_approval"
    with pytest.raises(TransitionNotAllowed):
        services.transition_request(req, "approve", by=town.manager)
    req = services.transition_request(req, "approve", by=town.manager2)
    assert req.state == "approved"


def test_budget_required_where_the_organization_says_so(town):
    WorkflowSettings.objects.filter(organization=town.org).update(budget_required=True)
    with pytest.raises(ValidationError) as error:
        file(town)
    assert {"budget_line", "estimated_amount"} <= set(error.value.message_dict)
    assert not InterventionRequest.objects.exists()


def test_idempotency_key_creates_one_request(town):
    first, created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(), idempotency_key="abc-123"
    )
    again, created_again = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(), idempotency_key="abc-123"
    )
    assert created and not created_again and first.pk == again.pk
    assert InterventionRequest.objects.count() == 1


def test_requester_cannot_file_for_another_department(town):
    with pytest.raises(ValidationError):
        file(town, department=town.works)


def test_cancel_before_approval_and_reopen_within_delay(town):
    req = file(town)
    req = services.transition_request(req, "cancel", by=town.requester, reason="Réparé par le gardien")
    assert req.state == "cancelled"
    with pytest.raises(TransitionNotAllowed):
        services.transition_request(req, "reopen", by=town.requester, reason="x")


def test_bad_time_entries_change_nothing(town):
    req = file(town)
    services.transition_request(req, "validate", by=town.head)
    services.transition_request(req, "approve", by=town.manager)
    wo = services.create_work_order(
        by=town.manager, organization=town.org, request=req, data={}, m2m={"agents": [town.agent]}
    )
    for hours in (Decimal("-1"), Decimal("0"), Decimal("25")):
        with pytest.raises(ValidationError):
            services.record_time(
                by=town.manager, work_order=wo, agent=town.agent, date=timezone.localdate(), hours=hours
            )
    wo.refresh_from_db()
    assert wo.labour_cost == 0 and not wo.time_entries.exists()


def test_end_before_start_is_refused(town):
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.create_work_order(
            by=town.manager,
            organization=town.org,
            data={
                "title": "Urgence",
                "category": town.category,
                "priority": town.priorities[0],
                "planned_start": start,
                "planned_end": start - datetime.timedelta(hours=1),
            },
        )
    assert "planned_end" in error.value.message_dict


def test_contractor_work_orders(town, make_member):
    from regie.core.permissions import Role
    from regie.people.factories import ContractorFactory

    company = ContractorFactory(organization=town.org)
    other = ContractorFactory(organization=town.org)
    boss = make_member(town.org, Role.CONTRACTOR, contractor=company)
    rival = make_member(town.org, Role.CONTRACTOR, contractor=other)
    wo = services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={
            "title": "Remplacement chaudière",
            "category": town.category,
            "priority": town.priorities[1],
            "execution": "contractor",
            "contractor": company,
        },
    )
    with pytest.raises(Forbidden):
        services.transition_work_order(wo, "accept", by=rival)
    for step in ("accept", "start"):
        wo = services.transition_work_order(wo, step, by=boss)
    services.add_cost_line(
        by=boss,
        work_order=wo,
        kind="contractor",
        label="Facture F-2026-118",
        date=timezone.localdate(),
        unit_cost=Decimal("4200.00"),
    )
    wo = services.transition_work_order(wo, "complete", by=boss, report="Chaudière remplacée", first_visit_fix=True)
    wo = services.transition_work_order(wo, "close", by=boss)
    assert wo.state == "closed" and wo.contractor_cost == Decimal("4200.00")


def test_stale_update_is_a_conflict(town):
    req = file(town)
    seen = req.updated_at - datetime.timedelta(seconds=5)
    with pytest.raises(Conflict):
        services.update_request(req, by=town.requester, data={"title": "Nouveau titre"}, expected_updated_at=seen)


def test_a_needed_follow_up_keeps_the_request_open_until_the_next_visit(town):
    req = file(town)
    services.transition_request(req, "validate", by=town.head)
    services.transition_request(req, "approve", by=town.manager)
    first = services.create_work_order(
        by=town.manager, organization=town.org, request=req, data={}, m2m={"agents": [town.agent]}
    )
    services.transition_work_order(first, "start", by=town.agent_user)
    services.transition_work_order(
        first, "complete", by=town.agent_user, report="Pièce à commander", first_visit_fix=False, follow_up_needed=True
    )
    req.refresh_from_db()
    assert req.state == "in_progress"  # not "done": a second visit is needed
    second = services.create_work_order(
        by=town.manager, organization=town.org, request=req, data={}, m2m={"agents": [town.agent]}
    )
    services.transition_work_order(second, "start", by=town.agent_user)
    services.transition_work_order(second, "complete", by=town.agent_user, report="Pièce posée", first_visit_fix=True)
    req.refresh_from_db()
    assert req.state == "done"
