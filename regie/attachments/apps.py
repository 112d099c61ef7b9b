from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "regie.attachments"
    label = "attachments"
    verbose_name = _("Attachments")
    permissions = "regie.attachments.permissions.ACTIONS"
    urls = [("attachments/", "regie.attachments.urls")]

    def api_routes(self):
        from . import api

        return [("attachments", api.AttachmentViewSet, "attachment")]
