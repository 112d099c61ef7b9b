from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "regie.imports"
    label = "imports"
    verbose_name = _("Imports and exports")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its import targets in its own `imports.py` (see registry.register_import).
        autodiscover_modules("imports")
