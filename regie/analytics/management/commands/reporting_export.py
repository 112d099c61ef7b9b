"""Write the reporting files (CSV and Parquet of every fact) of the organizations, now (docs/reporting.md).

    manage.py reporting_export                          # every active organization, into REGIE_REPORTING_EXPORT_DIR
    manage.py reporting_export --organization chambery --directory /srv/bi

The scheduled job `analytics.reporting_export` runs the same every day. Works on SQLite and PostgreSQL.
"""

from django.core.management.base import BaseCommand, CommandError

from regie.analytics.reporting import exports
from regie.core.models import Organization


class Command(BaseCommand):
    help = "Write the reporting CSV and Parquet files of the organizations (default: REGIE_REPORTING_EXPORT_DIR)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization", action="append", default=[], metavar="SLUG", help="only these (repeatable)"
        )
        parser.add_argument("--directory", help="write here instead of REGIE_REPORTING_EXPORT_DIR")

    def handle(self, *args, **options):
        directory = options["directory"] or exports.export_directory()
        if directory is None:
            raise CommandError("Set REGIE_REPORTING_EXPORT_DIR or give --directory.")
        organizations = None
        if options["organization"]:
            slugs = options["organization"]
            found = {o.slug: o for o in Organization.objects.filter(slug__in=slugs)}
            unknown = [slug for slug in slugs if slug not in found]
            if unknown:
                raise CommandError(f"No organization with the short name {', '.join(map(repr, unknown))}.")
            organizations = [found[slug] for slug in dict.fromkeys(slugs)]
        self.stdout.write(exports.run(organizations=organizations, directory=directory))
