"""Close the requests whose work is done and that their requester did not acknowledge in time.

The scheduler runs it daily (the job "interventions.close_unacknowledged_requests", declared in
regie/interventions/apps.py: `manage.py run_scheduler`, docs/operations.md); this command runs the same function
by hand, for all organizations or one. Each organization's delay is its `WorkflowSettings.acknowledgement_days`
(15 by default). Idempotent: a request is closed once, in its own transaction with its row locked, and one
acknowledged or reopened meanwhile is left alone, so running it twice, or beside users, changes nothing more.
"""

from django.core.management.base import BaseCommand

from regie.core.management.organizations import add_organization_argument, selected_organizations
from regie.interventions.services.requests import close_all_unacknowledged


class Command(BaseCommand):
    help = (
        "Close the requests done and not acknowledged within their organization's delay (by the system, "
        "without a rating). The scheduler runs it daily."
    )

    def add_arguments(self, parser):
        add_organization_argument(parser)

    def handle(self, *args, **options):
        organizations = selected_organizations(options["organization"])
        summary = close_all_unacknowledged(organizations=organizations)
        if options["verbosity"] > 0:
            self.stdout.write(summary)
