"""Tasks of the platform (Django's tasks framework: the database queue, or Redis in production)."""

from django.tasks import task

from . import scheduler


@task
def run_scheduled_job(name):
    """An administrator's "Run now": the job, due or not, unless a scheduler is running it (`core.scheduler`).
    Returns the run's outcome, or None when another held the job."""
    run = scheduler.run_job(name, force=True, trigger="manual")
    return None if run is None else run.outcome
