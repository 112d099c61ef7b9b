"""Large imports run here, outside any web request (Django's tasks framework)."""

import logging

from django.tasks import task

from regie.core.models import User

from . import services
from .models import ImportJob

logger = logging.getLogger(__name__)


@task
def run_import(job_id: int, user_id: int, commit: bool) -> str:
    """The dry run or the commit of a job started by `services.start`; returns the job's final status."""
    job = ImportJob.objects.select_related("organization").get(pk=job_id)
    by = User.objects.get(pk=user_id)
    if not job.is_running:  # a task delivered twice
        return job.status
    try:
        return services.execute(job, by=by, commit=commit).status
    except Exception:
        logger.exception("import job %s failed", job_id)
        return services.fail(job_id, by=by).status
