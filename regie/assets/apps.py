from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "regie.assets"
    label = "assets"
    verbose_name = _("Asset registry")
    permissions = "regie.assets.permissions.ACTIONS"
    # the insurance summary (regie/assets/insurance_views.py); the registry's pages join this list
    urls = [("assets/", "regie.assets.insurance_views")]
