"""Generate the preventive work orders that fall due (what the hourly scheduled job does), for every organization
or one (`--organization <slug or id>`); `--dry-run` counts them without writing."""

from django.core.management.base import BaseCommand, CommandError

from regie.core.models import Organization
from regie.maintenance import generator
from regie.maintenance.models import MaintenancePlan


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="slug or id of one organization")
        parser.add_argument("--dry-run", action="store_true", help="count what is due, write nothing")

    def handle(self, *args, organization=None, dry_run=False, **options):
        organizations = Organization.objects.filter(
            pk__in=MaintenancePlan.objects.filter(archived_at__isnull=True).values("organization_id")
        ).order_by("pk")
        if organization:
            lookup = {"pk": int(organization)} if organization.isdigit() else {"slug": organization}
            found = Organization.objects.filter(**lookup).first()
            if found is None:
                raise CommandError(f"No organization {organization!r}.")
            organizations = [found]
        total = 0
        for org in organizations:
            result = generator.generate(org, dry_run=dry_run)
            count = result.due if dry_run else result.created
            total += count
            verb = "due" if dry_run else "generated"
            line = f"{org.slug}: {count} work order(s) {verb} ({result.considered} plan-asset pairs examined)"
            self.stdout.write(line)
            for plan_id, message in result.errors:
                self.stderr.write(f"{org.slug}: plan {plan_id} skipped: {message}")
        self.stdout.write(f"Total: {total}")
