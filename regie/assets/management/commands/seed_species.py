"""Seed the species list of one organization (or all) with the common genera (`assets.species_seed`)."""

from django.core.management.base import BaseCommand, CommandError

from regie.assets.species_seed import seed_species
from regie.core.models import Organization


class Command(BaseCommand):
    help = "Add the common tree genera to the species list of an organization (--org SLUG) or of all."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="slug of the organization (all when omitted)")

    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.all()
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization has the slug {org!r}.")
        for organization in organizations:
            added = seed_species(organization)
            self.stdout.write(f"{organization}: {added} genera added")
