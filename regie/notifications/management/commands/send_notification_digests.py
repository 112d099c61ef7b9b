"""Daily: e-mail each user who chose a summary their unread notifications (cron, e.g. `0 7 * * 1-5`)."""

from django.core.management.base import BaseCommand

from regie.notifications.tasks import send_notification_digests


class Command(BaseCommand):
    help = "E-mail the daily summary of unread notifications to the users who chose it."

    def handle(self, *args, **options):
        sent = send_notification_digests.call()
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} summary e-mail(s) sent")
