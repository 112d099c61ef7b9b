"""Two schedulers at once (PostgreSQL, real threads): each due job runs exactly once, none twice at once."""

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from regie.core import scheduler
from regie.core.models import JobRun
from regie.core.scheduler import ScheduledJob
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RUNNING = {"now": 0, "most": 0}
CALLS = []
LOCK = threading.Lock()


def slow_job(now):
    """Long enough that the other scheduler reaches the job while it runs."""
    with LOCK:
        RUNNING["now"] += 1
        RUNNING["most"] = max(RUNNING["most"], RUNNING["now"])
        CALLS.append(now)
    time.sleep(0.4)
    with LOCK:
        RUNNING["now"] -= 1
    return "done"


JOBS = tuple(ScheduledJob(f"test.slow{i}", f"{__name__}.slow_job", timedelta(hours=1)) for i in range(3))


def test_two_schedulers_run_each_due_job_once(monkeypatch):
    monkeypatch.setattr(scheduler, "contributed", lambda attribute: [JOBS] if attribute == "schedule" else [])
    CALLS.clear()
    now = timezone.now()

    results = run_concurrently(lambda: scheduler.run_due(now), lambda: scheduler.run_due(now))

    assert not [r for r in results if isinstance(r, Exception)], results
    ran = sorted(run.job.name for runs in results for run in runs)
    assert ran == [job.name for job in JOBS], ran  # each once, between the two schedulers
    assert len(CALLS) == 3 and RUNNING["most"] <= 2  # never the same job twice at once (2: two different jobs)
    assert JobRun.objects.filter(outcome=JobRun.Outcome.SUCCESS).count() == 3

    # the same again a minute later, and two "Run now" of one job at once: nothing due, one forced run
    later = now + timedelta(minutes=1)
    results = run_concurrently(
        lambda: scheduler.run_due(later),
        lambda: scheduler.run_job("test.slow0", force=True, now=later),
        lambda: scheduler.run_job("test.slow0", force=True, now=later),
    )
    assert results[0] == [], results
    assert len([r for r in results[1:] if r is not None]) == 1, results
    assert JobRun.objects.filter(job__name="test.slow0").count() == 2


def test_run_now_waits_for_a_scheduler_checking_the_job(monkeypatch):
    """A "Run now" that comes while a scheduler holds the job's row (checking whether it is due) waits for it,
    then runs: it is not dropped as a second scheduler's claim is."""
    from tests.concurrency import slow_down

    monkeypatch.setattr(scheduler, "contributed", lambda attribute: [JOBS[:1]] if attribute == "schedule" else [])
    CALLS.clear()
    now = timezone.now()
    assert scheduler.run_job("test.slow0", force=True, now=now) is not None  # ran: not due again for an hour
    slow_down(monkeypatch, scheduler, "is_due", 0.5)  # the scheduler's check, inside its claim's lock
    later = now + timedelta(minutes=1)

    def run_now():
        time.sleep(0.15)  # once the scheduler holds the row
        return scheduler.run_job("test.slow0", force=True, now=later)

    results = run_concurrently(lambda: scheduler.run_job("test.slow0", now=later), run_now)
    assert results[0] is None, results  # not due
    assert results[1] is not None and results[1].trigger == JobRun.Trigger.MANUAL, results
    assert JobRun.objects.filter(job__name="test.slow0").count() == 2
