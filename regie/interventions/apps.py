from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "regie.interventions"
    label = "interventions"
    verbose_name = _("Interventions")

    def ready(self):
        from .attachables import register_attachables

        register_attachables()

    def home_queue(self, request):
        """What the member has to act on, for the home page (see core.shell.HomeView)."""
        from .work_queue import lines_for

        return lines_for(request)
