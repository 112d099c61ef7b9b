"""The scheduler of periodic jobs (`core.scheduler`): when a job is due, how a run is claimed and recorded, what a
failure leaves behind, the bounded history, and `manage.py run_scheduler`."""

from dataclasses import replace
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from regie.core import scheduler
from regie.core.models import JobRun, ScheduledJobState
from regie.core.scheduler import ScheduledJob

pytestmark = pytest.mark.django_db

CALLS = []


def tidy(now):
    CALLS.append(("tidy", now))
    return "3 things tidied"


def broken(now):
    CALLS.append(("broken", now))
    raise RuntimeError("the disk is full")


TIDY = ScheduledJob("test.tidy", f"{__name__}.tidy", timedelta(hours=1), "Tidy things")
BROKEN = ScheduledJob("test.broken", f"{__name__}.broken", timedelta(days=1))


@pytest.fixture
def declared(monkeypatch):
    """Only the test's jobs are declared (the apps' real ones left aside)."""
    CALLS.clear()
    jobs = [(BROKEN, TIDY)]
    apps = scheduler.contributed
    monkeypatch.setattr(scheduler, "contributed", lambda name: jobs if name == "schedule" else apps(name))
    return jobs


NOW = timezone.now().replace(microsecond=0)


def test_a_job_never_run_is_due_then_after_every():
    assert scheduler.is_due(TIDY, None, NOW)
    state = ScheduledJobState(name=TIDY.name, last_started_at=NOW)
    assert not scheduler.is_due(TIDY, state, NOW + timedelta(minutes=59))
    assert scheduler.is_due(TIDY, state, NOW + timedelta(hours=1))
    assert scheduler.next_due(TIDY, state) == NOW + timedelta(hours=1)


def test_a_run_older_than_the_timeout_no_longer_holds_the_job():
    state = ScheduledJobState(name=TIDY.name, running_since_at=NOW)
    assert scheduler.is_running(TIDY, state, NOW + timedelta(minutes=59))
    assert not scheduler.is_running(TIDY, state, NOW + TIDY.timeout)


def test_the_apps_jobs_are_collected():
    jobs = scheduler.jobs()
    job = jobs["interventions.close_unacknowledged_requests"]
    assert job.every == timedelta(days=1)
    assert job.function == "regie.interventions.services.requests.close_all_unacknowledged"


def test_a_name_declared_twice_is_refused(monkeypatch):
    monkeypatch.setattr(scheduler, "contributed", lambda attribute: [(TIDY,), (TIDY,)])
    with pytest.raises(ValueError, match="declared twice"):
        scheduler.jobs()


def test_a_pass_runs_the_due_jobs_records_them_and_survives_a_failure(declared):
    runs = scheduler.run_due(NOW)

    assert [name for name, _ in CALLS] == ["broken", "tidy"]  # the failure did not stop the next job
    by_name = {run.job.name: run for run in runs}
    assert by_name["test.tidy"].outcome == JobRun.Outcome.SUCCESS
    assert by_name["test.tidy"].summary == "3 things tidied"
    failed = JobRun.objects.get(job__name="test.broken")
    assert failed.outcome == JobRun.Outcome.FAILURE and failed.summary == ""
    assert "RuntimeError: the disk is full" in failed.error and "Traceback" in failed.error
    assert failed.finished_at is not None and failed.duration >= timedelta(0)
    state = ScheduledJobState.objects.get(name="test.tidy")
    assert state.last_started_at == NOW and state.running_since_at is None and state.last_finished_at >= NOW


def test_a_job_runs_once_per_slot(declared):
    scheduler.run_due(NOW)
    CALLS.clear()
    assert scheduler.run_due(NOW + timedelta(minutes=30)) == []  # neither is due
    runs = scheduler.run_due(NOW + timedelta(hours=1))
    assert [run.job.name for run in runs] == ["test.tidy"] and [n for n, _ in CALLS] == ["tidy"]
    assert JobRun.objects.filter(job__name="test.tidy").count() == 2


def test_a_claimed_job_is_not_claimed_again_while_it_runs(declared):
    slow = replace(TIDY, timeout=timedelta(hours=3))
    assert scheduler.claim(slow, now=NOW) is not None
    assert scheduler.claim(slow, now=NOW + timedelta(hours=2)) is None  # due again, but still running
    assert scheduler.claim(slow, now=NOW, force=True) is None  # "Run now" waits for it too
    # the scheduler that held it died: past the timeout, another takes it over
    assert scheduler.claim(slow, now=NOW + slow.timeout) is not None


def test_sqlite_claims_queue_one_after_the_other(declared):
    """On SQLite `select_for_update` is nothing: the claim relies on IMMEDIATE transactions (settings), which
    serialize the two claims: the second reads the first's start and finds the job running."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert scheduler.claim(TIDY, now=NOW) is not None
    assert scheduler.claim(TIDY, now=NOW) is None


def test_the_history_is_bounded(declared, monkeypatch):
    monkeypatch.setattr(scheduler, "HISTORY", 3)
    for hour in range(5):
        scheduler.run_job("test.tidy", now=NOW + timedelta(hours=hour))
    kept = list(JobRun.objects.filter(job__name="test.tidy").values_list("started_at", flat=True))
    assert kept == [NOW + timedelta(hours=hour) for hour in (4, 3, 2)]


def test_a_long_error_keeps_its_tail(declared, monkeypatch):
    def verbose(now):
        raise RuntimeError("x" * 20_000 + " the end")

    monkeypatch.setattr(f"{__name__}.broken", verbose)
    run = scheduler.run_job("test.broken", now=NOW)
    assert len(run.error) <= 10_000 and run.error.rstrip().endswith("the end")
    run.full_clean()


def test_a_forced_run_ignores_the_schedule(declared):
    scheduler.run_job("test.tidy", now=NOW)
    run = scheduler.run_job("test.tidy", now=NOW + timedelta(minutes=1), force=True)
    assert run.trigger == JobRun.Trigger.MANUAL and run.outcome == JobRun.Outcome.SUCCESS


def test_the_command_runs_the_due_jobs_once_and_fails_when_one_failed(declared):
    out = StringIO()
    with pytest.raises(CommandError, match="failed"):
        call_command("run_scheduler", stdout=out)
    assert "test.tidy: success" in out.getvalue() and "test.broken: failure" in out.getvalue()
    assert "RuntimeError: the disk is full" in out.getvalue()
    out = StringIO()
    call_command("run_scheduler", stdout=out)  # nothing due: nothing run, no failure
    assert out.getvalue() == ""
    assert JobRun.objects.count() == 2


def test_the_command_runs_one_job_and_lists_them(declared):
    out = StringIO()
    call_command("run_scheduler", job="test.tidy", stdout=out)
    assert "test.tidy: success" in out.getvalue() and "3 things tidied" in out.getvalue()
    with pytest.raises(CommandError, match="no scheduled job named"):
        call_command("run_scheduler", job="test.nothing")
    out = StringIO()
    call_command("run_scheduler", list=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("test.broken") and "never run" in lines[0] and "next: now" in lines[0]
    assert lines[1].startswith("test.tidy") and "last: success" in lines[1]


def test_the_loop_sleeps_between_passes(declared, monkeypatch):
    passes = []

    def stop_after_two(seconds):
        passes.append(seconds)
        if len(passes) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("regie.core.management.commands.run_scheduler.time.sleep", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        call_command("run_scheduler", loop=True, interval=5, stdout=StringIO())
    assert passes == [5, 5] and [n for n, _ in CALLS] == ["broken", "tidy"]  # the second pass: nothing due


def test_close_unacknowledged_requests_is_a_job():
    """The interventions' daily job runs through the scheduler and reports counts only."""
    run = scheduler.run_job("interventions.close_unacknowledged_requests", now=NOW)
    assert run.outcome == JobRun.Outcome.SUCCESS, run.error
    assert run.summary == "0 unacknowledged request(s) closed in 0 organization(s)"
