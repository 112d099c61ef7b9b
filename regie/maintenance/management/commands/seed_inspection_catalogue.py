"""Seed the inspection catalogue of one organization (or all) with the usual French regulatory inspections."""

from django.core.management.base import BaseCommand, CommandError

from regie.core.models import Organization
from regie.maintenance.catalogue_seed import seed_catalogue
from regie.maintenance.inspection_services import refresh_obligations


class Command(BaseCommand):
    help = "Add the usual regulatory inspections to the catalogue of an organization (--org SLUG) or of all."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="slug of the organization (all when omitted)")

    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.all()
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization has the slug {org!r}.")
        for organization in organizations:
            added = seed_catalogue(organization)
            obligations = refresh_obligations(organization)[0]
            self.stdout.write(f"{organization}: {added} inspection types added, {obligations} obligations added")
