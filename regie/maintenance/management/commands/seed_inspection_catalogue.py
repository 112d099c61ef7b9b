"""Seed the inspection catalogue of one organization (or all) with the usual French regulatory inspections."""

from django.core.management.base import BaseCommand

from regie.core.management.organizations import add_organization_argument, selected_organizations
from regie.maintenance.catalogue_seed import seed_catalogue
from regie.maintenance.inspection_services import refresh_obligations


class Command(BaseCommand):
    help = "Add the usual regulatory inspections to the catalogue of an organization (--org SLUG) or of all."

    def add_arguments(self, parser):
        add_organization_argument(parser)

    def handle(self, *args, organization=None, **options):
        organizations = selected_organizations(organization)
        for organization in organizations:
            added = seed_catalogue(organization)
            obligations = refresh_obligations(organization)[0]
            self.stdout.write(f"{organization}: {added} inspection types added, {obligations} obligations added")
