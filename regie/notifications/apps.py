from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "regie.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    permissions = "regie.notifications.permissions.ACTIONS"
    urls = [
        ("notifications/", "regie.notifications.urls"),
        ("interventions/notifications/", "regie.notifications.legacy_urls"),
    ]

    def api_routes(self):
        from . import api

        return [("notifications", api.NotificationViewSet, "notification")]
