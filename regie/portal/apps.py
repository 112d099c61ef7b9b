from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection
from regie.core.scheduler import ScheduledJob
from regie.notifications.kinds import Kind


class PortalConfig(AppConfig):
    """The citizen portal: the public site of each organization (report, follow, public map), the staff's triage
    of residents' reports into requests, and Open311 GeoReport v2 for applications. Builds on the interventions
    module (requests) and the asset registry (assets, organization areas, QR labels)."""

    name = "regie.portal"
    label = "portal"
    verbose_name = _("Citizen portal")
    permissions = "regie.portal.permissions.ACTIONS"
    urls = [
        ("portal/", "regie.portal.urls"),  # staff: triage, catalogue, keys, settings
        ("p/", "regie.portal.public_urls"),  # residents: /p/<organization>/…
        ("open311/", "regie.portal.open311.urls"),  # applications: GeoReport v2 (base, discovery)
    ]
    menu = [
        MenuSection(
            "portal",
            _("Citizen portal"),
            15,
            (
                MenuEntry(_("Residents' reports"), "portal:report-list", "report.view", weight=10),
                MenuEntry(_("Portal services"), "portal:servicecategory-list", "servicecategory.view", weight=20),
                MenuEntry(_("Application keys"), "portal:applicationkey-list", "applicationkey.view", weight=30),
                MenuEntry(_("Portal settings"), "portal:settings", "portalsettings.view", weight=40),
            ),
        )
    ]
    notification_kinds = (Kind("report_received", _("Resident's report to triage"), "portal.Report"),)
    schedule = (
        ScheduledJob(
            name="portal.anonymise_reports",
            function="regie.portal.services.privacy.anonymise_expired",
            every=timedelta(days=1),
            description=_("Erase reporters' personal data once the retention period after closure has passed"),
        ),
    )

    def ready(self):
        from regie.core import audit

        from .hooks import register_hooks
        from .models import CategoryQuestion, Report, ServiceCategory

        register_hooks()
        # the triage's and the catalogue's changes recorded under keys that are no fields (services.triage, catalogue)
        audit.change_label(Report, "public_update", _("public update"))
        audit.change_label(Report, "merged", _("report merged into this one"))
        audit.change_label(ServiceCategory, "questions", CategoryQuestion._meta.verbose_name_plural)
