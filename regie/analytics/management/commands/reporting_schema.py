"""Create or refresh the PostgreSQL schema `reporting` for BI tools, and the organizations' read-only roles.

    manage.py reporting_schema                                   # the schema and its views (idempotent)
    manage.py reporting_schema --organization chambery           # … and Chambéry's role (NOLOGIN: a DBA grants it)
    manage.py reporting_schema --organization chambery --password-env CHAMBERY_BI_PASSWORD   # a LOGIN role
    manage.py reporting_schema --remove chambery                 # drop Chambéry's role
    manage.py reporting_schema --drop                            # drop every role of this database, and the schema

Everything it writes is one transaction: an error (an unknown organization, a password variable unset) changes
nothing. On SQLite it says it needs PostgreSQL and exits with 1. docs/reporting.md.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from regie.analytics.reporting import schema
from regie.core.models import Organization


class Command(BaseCommand):
    help = "Create or refresh the read-only reporting schema (PostgreSQL) and the organizations' roles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization",
            action="append",
            default=[],
            metavar="SLUG",
            help="create or refresh this organization's role (repeatable)",
        )
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="give the role (one --organization) LOGIN with the password read from this environment variable",
        )
        parser.add_argument(
            "--remove", action="append", default=[], metavar="SLUG", help="drop this organization's role"
        )
        parser.add_argument(
            "--drop", action="store_true", help="drop every reporting role of this database and the schema"
        )

    def handle(self, *args, **options):
        try:
            schema.check_database()
        except schema.NeedsPostgreSQL as error:
            raise CommandError(str(error)) from None
        if options["drop"]:
            if options["organization"] or options["remove"]:
                raise CommandError("--drop takes no --organization nor --remove.")
            roles = schema.drop_schema()
            self.stdout.write(f"Dropped the reporting schema and {len(roles)} role(s).")
            return
        granted = self.organizations(options["organization"])
        removed = self.organizations(options["remove"])
        password = self.password(options["password_env"], granted)
        from django.db import transaction

        with transaction.atomic():
            count = schema.refresh_schema()
            roles = [(schema.grant_organization(o, password=password), o) for o in granted]
            dropped = [schema.remove_organization(o) for o in removed]
        self.stdout.write(f"Reporting schema refreshed: {count} views.")
        for role, organization in roles:
            login = "LOGIN" if password is not None else "NOLOGIN"
            self.stdout.write(f'Role "{role}" ({login}) reads for {organization.name}.')
        for role in dropped:
            self.stdout.write(f'Role "{role}" dropped.')

    def organizations(self, slugs):
        found = {o.slug: o for o in Organization.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise CommandError(f"No organization with the short name {', '.join(map(repr, unknown))}.")
        return [found[slug] for slug in dict.fromkeys(slugs)]

    def password(self, variable, organizations):
        if variable is None:
            return None
        if len(organizations) != 1:
            raise CommandError("--password-env gives one role its password: name exactly one --organization.")
        value = os.environ.get(variable)
        if not value:
            raise CommandError(f"The environment variable {variable} is unset or empty.")
        return value
