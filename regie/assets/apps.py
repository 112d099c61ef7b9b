from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection


class AssetsConfig(AppConfig):
    name = "regie.assets"
    label = "assets"
    verbose_name = _("Asset registry")
    permissions = "regie.assets.permissions.ACTIONS"
    # the short URLs of QR labels (/a/<public_id>) and the label sheets (/assets/labels.pdf); the map's routes are
    # in the `assets` namespace beside the asset pages (map_urls.patterns)
    urls = [("a/", "regie.assets.short_urls"), ("assets/", "regie.assets.labels"), ("assets/", "regie.assets.map_urls")]
    menu = [
        MenuSection("assets", _("Asset registry"), 20, (MenuEntry(_("Map"), "assets:map", "asset.view", weight=30),))
    ]
