from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.notifications.kinds import Kind

REQUEST, WORK_ORDER = "interventions.InterventionRequest", "interventions.WorkOrder"


class InterventionsConfig(AppConfig):
    name = "regie.interventions"
    label = "interventions"
    verbose_name = _("Interventions")

    # What this app notifies about (services.requests.KINDS, services.work_orders.ASSIGNED_KIND).
    notification_kinds = (
        Kind("request_submitted", _("Request to validate"), REQUEST),
        Kind("request_validated", _("Request validated by the department"), REQUEST),
        Kind("request_second_approval", _("Second approval needed"), REQUEST),
        Kind("request_approved", _("Request approved"), REQUEST),
        Kind("request_rejected", _("Request rejected"), REQUEST),
        Kind("request_completed", _("Work done, to acknowledge"), REQUEST),
        Kind("request_reopened", _("Request reopened"), REQUEST),
        Kind("request_cancelled", _("Request cancelled"), REQUEST),
        Kind("workorder_assigned", _("Work order assigned"), WORK_ORDER),
    )

    def home_queue(self, request):
        """What the member has to act on, for the home page (see core.shell.HomeView)."""
        from .work_queue import lines_for

        return lines_for(request)
