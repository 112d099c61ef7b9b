"""Seed the species list of one organization (or all) with the common genera (`assets.species_seed`)."""

from django.core.management.base import BaseCommand

from regie.assets.species_seed import seed_species
from regie.core.management.organizations import add_organization_argument, selected_organizations


class Command(BaseCommand):
    help = "Add the common tree genera to the species list of an organization (--org SLUG) or of all."

    def add_arguments(self, parser):
        add_organization_argument(parser)

    def handle(self, *args, organization=None, **options):
        organizations = selected_organizations(organization)
        for organization in organizations:
            added = seed_species(organization)
            self.stdout.write(f"{organization}: {added} genera added")
