"""Daily: close the requests whose work is done and that their requester did not acknowledge in time.

Cron, e.g. `30 2 * * *  manage.py close_unacknowledged_requests` (until the maintenance module's scheduler runs
it). Each organization's delay is its `WorkflowSettings.acknowledgement_days` (15 by default). Idempotent: a
request is closed once, in its own transaction with its row locked, and one acknowledged or reopened meanwhile is
left alone, so running it twice, or beside users, changes nothing more.
"""

from django.core.management.base import BaseCommand

from regie.core.models import Organization
from regie.interventions.services.requests import close_unacknowledged, unacknowledged


class Command(BaseCommand):
    help = (
        "Close the requests done and not acknowledged within their organization's delay (by the system, "
        "without a rating). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="only this organization (its slug)")

    def handle(self, *args, **options):
        organizations = Organization.objects.order_by("pk")
        if options["organization"]:
            organizations = organizations.filter(slug=options["organization"])
        total = 0
        for organization in organizations:
            closed = sum(close_unacknowledged(pk) for pk in unacknowledged(organization))
            total += closed
            if closed and options["verbosity"] > 1:
                self.stdout.write(f"{organization.slug}: {closed} request(s) closed")
        if options["verbosity"] > 0:
            self.stdout.write(f"{total} unacknowledged request(s) closed")
