"""Periodic jobs that apps declare through their AppConfig (`schedule = (ScheduledJob(...), ...)`), and the
scheduler that runs them (`manage.py run_scheduler`, from cron or a systemd timer: docs/operations.md).

A run is claimed, then run, then recorded, each claim and record in its own short transaction:
- the claim locks the job's `ScheduledJobState` row (`select_for_update(skip_locked=not force)`: on PostgreSQL a second
  scheduler skips a job another one is claiming; SQLite's IMMEDIATE transactions (settings) queue the two claims
  instead), then reads it again: a job already running, or no longer due, is left alone. It sets
  `last_started_at`, which is what "due" reads, so two schedulers never run one slot twice, and
  `running_since_at`, so they never run one job twice at once;
- the job runs outside any transaction (it writes through services, each with its own);
- its end is recorded (outcome, summary or the traceback's tail), the run history cut to `HISTORY` runs per
  job, and `running_since_at` cleared. A scheduler that dies mid-run leaves `running_since_at` set: after the
  job's `timeout` another may claim it again.
A job that fails is recorded and logged; the next job still runs.
"""

import logging
import time
import traceback
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import ngettext

from .navigation import contributed
from .validators import REASON_LENGTH, REPORT_LENGTH

logger = logging.getLogger(__name__)

HISTORY = 50  # runs kept per job


@dataclass(frozen=True)
class ScheduledJob:
    """A job run every `every` by the scheduler: `function` is the dotted path of a callable taking `now` (an
    aware datetime) and returning a one-line summary of what it did (kept as the run's outcome). Administrators
    of every organization read the summaries: counts, never an organization's records."""

    name: str  # unique, "<app label>.<what it does>": "maintenance.generate_work_orders"
    function: str
    every: timedelta
    description: str = ""
    timeout: timedelta = timedelta(hours=1)  # a run older than this is a scheduler that died: claimable again


def jobs():
    """Every job the installed apps declare, by name (a name declared twice is a programming error)."""
    declared = {}
    for schedule in contributed("schedule"):
        for job in schedule:
            if job.name in declared:
                raise ValueError(f"the scheduled job {job.name!r} is declared twice")
            declared[job.name] = job
    return dict(sorted(declared.items()))


def job_named(name):
    try:
        return jobs()[name]
    except KeyError:
        raise KeyError(f"no scheduled job named {name!r}") from None


def next_due(job, state):
    """When `job` is next due: now for a job never run, else its last start + `every`."""
    if state is None or state.last_started_at is None:
        return None
    return state.last_started_at + job.every


def is_due(job, state, now):
    due = next_due(job, state)
    return due is None or due <= now


def is_running(job, state, now):
    return state is not None and state.running_since_at is not None and state.running_since_at + job.timeout > now


def _states(names):
    from .models import ScheduledJobState

    ScheduledJobState.objects.bulk_create([ScheduledJobState(name=n) for n in names], ignore_conflicts=True)


def claim(job, *, now=None, force=False, trigger=None):
    """The `JobRun` this scheduler may now run for `job`, or None: another holds it, or it is not due (`force`:
    due or not, but never beside a run in progress). A scheduler's claim skips a row another is claiming; a
    forced one ("Run now") waits the few milliseconds of that claim instead, then reads the row as it committed:
    a "Run now" that met a scheduler checking the job is not dropped, and two at once still make one run."""
    from .models import JobRun, ScheduledJobState

    _states([job.name])
    with transaction.atomic():
        state = ScheduledJobState.objects.select_for_update(skip_locked=not force).filter(name=job.name).first()
        now = now or timezone.now()
        if state is None or is_running(job, state, now) or not (force or is_due(job, state, now)):
            return None
        state.last_started_at = state.running_since_at = now
        state.save(update_fields=["last_started_at", "running_since_at"])
        trigger = trigger or (JobRun.Trigger.MANUAL if force else JobRun.Trigger.SCHEDULE)
        return JobRun.objects.create(job=state, started_at=now, trigger=trigger)


def execute(job, run):
    """Run the claimed `run` of `job` and record how it ended; returns the run. Never raises for the job's error."""
    from .models import JobRun

    started = time.monotonic()
    try:
        summary = str(import_string(job.function)(run.started_at) or "")
        outcome, error = JobRun.Outcome.SUCCESS, ""
    except Exception:
        logger.exception("scheduled job %s failed", job.name)
        summary, outcome = "", JobRun.Outcome.FAILURE
        error = traceback.format_exc()[-REPORT_LENGTH:]  # the tail: where it failed
    run.finished_at = run.started_at + timedelta(seconds=time.monotonic() - started)
    run.outcome, run.summary, run.error = outcome, summary[:REASON_LENGTH], error
    _record(run)
    logger.info("scheduled job %s: %s %s", job.name, outcome, run.summary, extra={"job": job.name})
    return run


def _record(run):
    from .models import JobRun, ScheduledJobState

    with transaction.atomic():
        state = ScheduledJobState.objects.select_for_update().get(pk=run.job_id)
        run.save(update_fields=["finished_at", "outcome", "summary", "error"])
        state.last_finished_at, state.running_since_at = run.finished_at, None
        state.save(update_fields=["last_finished_at", "running_since_at"])
        old = JobRun.objects.filter(job=state).order_by("-started_at", "-id").values_list("pk", flat=True)[HISTORY:]
        JobRun.objects.filter(pk__in=list(old)).delete()


def run_job(name, *, force=False, now=None, trigger=None):
    """Claim and run the job `name`: its `JobRun`, or None when another scheduler holds it or it is not due."""
    job = job_named(name)
    run = claim(job, now=now, force=force, trigger=trigger)
    return None if run is None else execute(job, run)


def run_due(now=None):
    """One pass: every job due now, one after the other; the runs this scheduler made."""
    declared = jobs()
    _states(declared)
    runs = []
    for name in declared:
        run = run_job(name, now=now)
        if run is not None:
            runs.append(run)
    return runs


@dataclass(frozen=True)
class JobStatus:
    job: ScheduledJob
    state: object  # ScheduledJobState or None (never run)
    last_run: object  # JobRun or None
    next_due_at: object
    running: bool

    @property
    def every_text(self):
        return every_text(self.job.every)


def every_text(every):
    """A job's period in words: "every day", "every 6 hours", "every 15 minutes"."""
    seconds = int(every.total_seconds())
    if seconds % 86400 == 0:
        return ngettext("every day", "every %(count)d days", seconds // 86400) % {"count": seconds // 86400}
    if seconds % 3600 == 0:
        return ngettext("every hour", "every %(count)d hours", seconds // 3600) % {"count": seconds // 3600}
    minutes = max(1, seconds // 60)
    return ngettext("every minute", "every %(count)d minutes", minutes) % {"count": minutes}


def statuses(now=None):
    """Every declared job with its state and last run, for the administrators' page (two queries)."""
    from django.db.models import OuterRef, Subquery

    from .models import JobRun, ScheduledJobState

    now = now or timezone.now()
    declared = jobs()
    last = JobRun.objects.filter(job=OuterRef("pk")).order_by("-started_at", "-id").values("pk")[:1]
    states = {s.name: s for s in ScheduledJobState.objects.filter(name__in=declared).annotate(last_run=Subquery(last))}
    runs = JobRun.objects.in_bulk([s.last_run for s in states.values() if s.last_run])
    result = []
    for name, job in declared.items():
        state = states.get(name)
        last_run = runs.get(state.last_run) if state else None
        result.append(JobStatus(job, state, last_run, next_due(job, state), is_running(job, state, now)))
    return result
