"""The administrators' page of the scheduled jobs: their schedule, last run and outcome, and "Run now"."""

import logging

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scheduler
from .views import ServiceFormView, TenantViewMixin

logger = logging.getLogger(__name__)


class RunJobForm(forms.Form):
    job = forms.ChoiceField(label=gettext_lazy("Job"), choices=lambda: [(name, name) for name in scheduler.jobs()])


class ScheduledJobsView(TenantViewMixin, ServiceFormView):
    """GET: every job the apps declare, with its last run. POST ("Run now", `scheduler.run`): the job is queued
    (`core.tasks.run_scheduled_job`) once the request commits; the scheduler's lock keeps it from running twice."""

    permission_action = "scheduler.view"  # and "scheduler.run" to post
    template_name = "core/scheduled_jobs.html"
    form_class = RunJobForm
    errors_on_page = invalid_on_page = False
    title = gettext_lazy("Scheduled jobs")

    def get_permission_action(self):
        return "scheduler.run" if self.request.method == "POST" else self.permission_action

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, rows=scheduler.statuses(), may_run=self.can("scheduler.run"))
        return context

    def perform(self, form):
        from .tasks import run_scheduled_job

        name = form.cleaned_data["job"]
        logger.info("scheduled job %s queued by user %s", name, self.request.user.pk)
        transaction.on_commit(lambda: run_scheduled_job.enqueue(name))
        return name

    def success_message(self, result):
        return _("The job %(job)s is queued: it runs in a moment, unless it is already running.") % {"job": result}

    def success_url(self, result):
        return reverse("core:scheduled-jobs")
