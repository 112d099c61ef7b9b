from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "regie.assets"
    label = "assets"
    verbose_name = _("Asset registry")
    permissions = "regie.assets.permissions.ACTIONS"
    # the short URLs of QR labels (/a/<public_id>) and the label sheets (/assets/labels.pdf)
    urls = [("a/", "regie.assets.short_urls"), ("assets/", "regie.assets.labels")]
