"""Generate the preventive work orders that fall due (what the hourly scheduled job does), for every organization
or one (`--organization <slug or id>`); `--dry-run` counts them without writing."""

from django.core.management.base import BaseCommand

from regie.core.management.organizations import add_organization_argument, selected_organizations
from regie.core.models import Organization
from regie.maintenance import generator
from regie.maintenance.models import MaintenancePlan


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        add_organization_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="count what is due, write nothing")

    def handle(self, *args, organization=None, dry_run=False, **options):
        with_plans = Organization.objects.filter(
            pk__in=MaintenancePlan.objects.filter(archived_at__isnull=True).values("organization_id")
        )
        organizations = selected_organizations(organization, with_plans)
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
