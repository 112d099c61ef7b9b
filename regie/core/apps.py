from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .navigation import MenuEntry, administration


class CoreConfig(AppConfig):
    name = "regie.core"
    label = "core"
    verbose_name = _("Platform")
    permissions = "regie.core.permissions.PLATFORM"
    menu = [
        administration(
            MenuEntry(_("Shared resources"), "core:share-list", "share.view"),
            MenuEntry(_("Audit trail"), "core:audit-list", "audit.view"),
            MenuEntry(_("Scheduled jobs"), "core:scheduled-jobs", "scheduler.view", weight=90),
        )
    ]

    def ready(self):
        from . import permissions, signals  # noqa: F401

        permissions.assemble()

    def api_routes(self):
        from . import api_views

        return [
            ("organizations", api_views.OrganizationViewSet, "organization"),
            ("audit-events", api_views.AuditEventViewSet, "auditevent"),
        ]
