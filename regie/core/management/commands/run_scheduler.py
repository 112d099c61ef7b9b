"""Run the periodic jobs the apps declare (`core.scheduler`): those due now, once, then exit.

From cron every minute (`* * * * * manage.py run_scheduler`) or a systemd timer, or as a service with `--loop`;
several may run at once (two hosts, an overlap): each job's row lock lets one of them run each slot. Exits with 1
when a job it ran failed (the failure is recorded and logged, and the other jobs still ran).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from regie.core import scheduler


class Command(BaseCommand):
    help = "Run the scheduled jobs that are due, once (--loop: keep running), or one job now (--job NAME)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, a pass every --interval seconds")
        parser.add_argument("--interval", type=int, default=60, help="seconds between two passes (--loop)")
        parser.add_argument("--job", help="run this job now, due or not (unless it is already running)")
        parser.add_argument("--list", action="store_true", help="list the jobs, their schedule and last run")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["list"]:
            return self.list_jobs()
        if options["job"]:
            if options["job"] not in scheduler.jobs():
                raise CommandError(f"no scheduled job named {options['job']!r} (see --list)")
            run = scheduler.run_job(options["job"], force=True)
            if run is None:
                self.stdout.write(f"{options['job']}: already running elsewhere")
                return
            self.report([run])
            if run.outcome == run.Outcome.FAILURE:
                raise CommandError(f"{run.job.name} failed")
            return
        if options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second")
        while True:
            runs = scheduler.run_due()
            self.report(runs)
            if not options["loop"]:
                if any(run.outcome == run.Outcome.FAILURE for run in runs):
                    raise CommandError("a scheduled job failed (see the log and the scheduled jobs page)")
                return
            time.sleep(options["interval"])

    def report(self, runs):
        if self.verbosity < 1:
            return
        for run in runs:
            took = run.duration.total_seconds() if run.duration else 0
            line = run.summary if run.outcome == run.Outcome.SUCCESS else run.error_line
            self.stdout.write(f"{run.job.name}: {run.outcome} in {took:.1f} s — {line}")

    def list_jobs(self):
        now = timezone.now()
        for status in scheduler.statuses(now):
            last = status.last_run
            last_text = f"{last.outcome} at {last.started_at:%Y-%m-%d %H:%M}" if last else "never run"
            due_at = status.next_due_at
            due = "now" if due_at is None or due_at <= now else f"{due_at:%Y-%m-%d %H:%M}"
            running = " (running)" if status.running else ""
            self.stdout.write(f"{status.job.name}  every {status.job.every}  last: {last_text}  next: {due}{running}")
