from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection


class AssetsConfig(AppConfig):
    name = "regie.assets"
    label = "assets"
    verbose_name = _("Asset registry")
    permissions = "regie.assets.permissions.ACTIONS"
    # the registry's pages; the short URLs of QR labels (/a/<public_id>) and the label sheets (/assets/labels.pdf)
    urls = [("assets/", "regie.assets.urls"), ("a/", "regie.assets.short_urls"), ("assets/", "regie.assets.labels")]
    menu = [
        MenuSection(
            "assets",
            _("Assets"),
            30,
            (
                MenuEntry(_("Registry"), "assets:asset-list", "asset.view", weight=10),
                MenuEntry(_("Tree"), "assets:asset-tree", "asset.view", weight=20),
            ),
        )
    ]

    def ready(self):
        from .attachables import register_attachables

        register_attachables()

    def api_routes(self):
        from . import api

        return [("assets", api.AssetViewSet, "asset")]
