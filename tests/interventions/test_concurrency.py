"""Two people act on the same request or work order at once: each change applies in turn or the later one gets a
409, never a lost or stale one (PostgreSQL, real threads)."""

import pytest

from regie.core.audit import snapshot
from regie.core.exceptions import TransitionNotAllowed
from regie.interventions import services
from regie.interventions.models import InterventionRequest
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_approvals_one_wins_the_other_gets_409(town):
    req, _ = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
    services.transition_request(req, "validate", by=town.head)

    results = run_concurrently(
        lambda: services.transition_request(InterventionRequest.objects.get(pk=req.pk), "approve", by=town.manager),
        lambda: services.transition_request(InterventionRequest.objects.get(pk=req.pk), "approve", by=town.manager2),
    )
    winners = [r for r in results if isinstance(r, InterventionRequest)]
    losers = [r for r in results if isinstance(r, TransitionNotAllowed)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].status == 409
    req.refresh_from_db()
    assert req.state == "approved"
    assert req.responded_at is not None


def test_concurrent_time_entries_keep_exact_totals(town):
    from decimal import Decimal

    from django.utils import timezone

    req, _ = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
    services.transition_request(req, "validate", by=town.head)
    services.transition_request(req, "approve", by=town.manager)
    wo = services.create_work_order(
        by=town.manager, organization=town.org, request=req, data={}, m2m={"agents": [town.agent]}
    )
    calls = [
        (
            lambda: services.record_time(
                by=town.manager, work_order=wo, agent=town.agent, date=timezone.localdate(), hours=Decimal("1.5")
            )
        )
        for _ in range(4)
    ]
    results = run_concurrently(*calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    wo.refresh_from_db()
    req.refresh_from_db()
    assert wo.hours == Decimal("6.00") and req.hours == Decimal("6.00")
    assert wo.labour_cost == Decimal("213.00")


def _approved_request(town):
    req, _ = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
    services.transition_request(req, "validate", by=town.head)
    return services.transition_request(req, "approve", by=town.manager)


def test_the_last_two_work_orders_completed_at_once_make_the_request_done(town, monkeypatch):
    from regie.interventions import transitions
    from regie.interventions.models import WorkOrder

    req = _approved_request(town)
    orders = []
    for _ in range(2):
        wo = services.create_work_order(
            by=town.manager, organization=town.org, request=req, data={}, m2m={"agents": [town.agent]}
        )
        orders.append(services.transition_work_order(wo, "start", by=town.agent_user))
    # Between reading the sibling work orders and writing the request: without the request's lock first,
    # each thread sees the other work order still in progress.
    slow_down(monkeypatch, transitions, "derived_request_state")

    def complete(wo):
        return lambda: services.transition_work_order(
            WorkOrder.objects.get(pk=wo.pk), "complete", by=town.agent_user, report="Réparé", first_visit_fix=True
        )

    results = run_concurrently(*(complete(wo) for wo in orders))
    assert all(isinstance(r, WorkOrder) for r in results), results
    req.refresh_from_db()
    assert req.state == "done" and req.done_at is not None


@pytest.mark.parametrize(("cap", "hours"), [(None, "6"), ("24", "13")])
def test_two_time_entries_at_once_never_pass_the_daily_cap(town, monkeypatch, cap, hours):
    from decimal import Decimal

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from regie.interventions.models import TimeEntry
    from regie.interventions.services import costs
    from regie.interventions.services.settings import update_workflow_settings

    if cap:
        update_workflow_settings(by=town.admin, organization=town.org, data={"max_daily_hours": Decimal(cap)})
    limit = Decimal(cap or 10)
    # Two work orders of two requests: nothing but the agent is shared by the two transactions.
    orders = [
        services.create_work_order(
            by=town.manager,
            organization=town.org,
            request=_approved_request(town),
            data={},
            m2m={"agents": [town.agent]},
        )
        for _ in range(2)
    ]
    slow_down(monkeypatch, costs, "agent_rate")  # between summing the day's hours and saving the entry
    today = timezone.localdate()
    results = run_concurrently(
        *(
            (
                lambda wo=wo: services.record_time(
                    by=town.manager, work_order=wo, agent=town.agent, date=today, hours=Decimal(hours)
                )
            )
            for wo in orders
        )
    )
    assert sorted(type(r).__name__ for r in results) == ["TimeEntry", "ValidationError"], results
    error = next(r for r in results if isinstance(r, ValidationError))
    assert "hours" in error.message_dict
    day = TimeEntry.objects.filter(agent=town.agent, date=today, archived_at__isnull=True)
    assert sum(e.hours for e in day) == Decimal(hours) <= limit


def _moves(town):
    """A planned work order of the team with its agent, and two moves of it on the planning board: to another
    day on the team's row, and to a third day on another team's row (which the agent leaves)."""
    import datetime

    from django.utils import timezone

    from regie.people.factories import TeamFactory

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    hours = datetime.timedelta(hours=3)
    wo = services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={"title": "Fuite", "category": town.category, "priority": town.priorities[2], "team": town.team},
        m2m={"agents": [town.agent]},
    )
    wo = services.update_work_order(wo, by=town.manager, data={"planned_start": start, "planned_end": start + hours})
    other = TeamFactory(organization=town.org, name="Équipe voirie", department=town.works)
    day = datetime.timedelta(days=1)
    return wo, [(start + day, start + day + hours, town.team), (start + 2 * day, start + 2 * day + hours, other)]


def _move_events(wo):
    from django.contrib.contenttypes.models import ContentType

    from regie.core.models import AuditEvent
    from regie.interventions.models import WorkOrder

    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(WorkOrder), object_id=wo.pk, action="update"
    )
    return [e.changes for e in events.order_by("pk") if "planned_start" in e.changes][1:]  # after the planning


def _move(wo, move, by, version=None):
    from regie.interventions.models import WorkOrder

    start, end, team = move
    return lambda: services.move_work_order(
        WorkOrder.objects.get(pk=wo.pk), by=by, start=start, end=end, team=team, expected_updated_at=version
    )


def _ends_as_one_of(wo, moves):
    wo.refresh_from_db()
    assert (wo.planned_start, wo.planned_end, wo.team) in moves, (wo.planned_start, wo.team)
    return moves.index((wo.planned_start, wo.planned_end, wo.team))


def test_two_moves_of_one_work_order_at_once_apply_one_after_the_other(town, monkeypatch):
    """Without a version both moves apply, in turn: two audit events, the second starting where the first ended
    (the row was locked before it was read), the row as the last one left it."""
    from regie.interventions.models import WorkOrder
    from regie.interventions.services import work_orders

    wo, moves = _moves(town)
    slow_down(monkeypatch, work_orders, "skill_gaps")  # between reading the work order and saving it
    results = run_concurrently(_move(wo, moves[0], town.manager), _move(wo, moves[1], town.manager2))
    assert all(isinstance(r, WorkOrder) for r in results), results
    _ends_as_one_of(wo, moves)
    first, second = _move_events(wo)  # one event per applied move
    assert first["planned_start"][1] == second["planned_start"][0]  # the second read what the first wrote
    assert second["planned_start"][1] == snapshot(wo, ["planned_start"])["planned_start"]  # the row: the last move


def test_two_moves_from_the_same_version_one_wins_the_other_gets_409(town, monkeypatch):
    from regie.core.exceptions import Conflict
    from regie.interventions.models import WorkOrder
    from regie.interventions.services import work_orders

    wo, moves = _moves(town)
    version = WorkOrder.objects.get(pk=wo.pk).updated_at
    slow_down(monkeypatch, work_orders, "skill_gaps")
    results = run_concurrently(_move(wo, moves[0], town.manager, version), _move(wo, moves[1], town.manager2, version))
    winners = [r for r in results if isinstance(r, WorkOrder)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].status == 409
    won = _ends_as_one_of(wo, moves)
    assert won == results.index(winners[0])  # the row is the winner's move
    (event,) = _move_events(wo)  # one audit event: the applied move's
    assert event["planned_start"][1] == snapshot(wo, ["planned_start"])["planned_start"]
