"""Two people act on the same request at once: one wins, the other gets a 409 (PostgreSQL, real threads)."""

import pytest

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
