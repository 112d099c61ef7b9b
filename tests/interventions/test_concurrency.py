"""Two people act on the same request at once: one wins, the other gets a 409 (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from regie.core.exceptions import TransitionNotAllowed
from regie.interventions import services
from regie.interventions.models import InterventionRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_concurrently(*calls):
    """Run each call in its own thread and database connection, released together; returns results/errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


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
