from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection
from regie.core.scheduler import ScheduledJob


class MaintenanceConfig(AppConfig):
    """Preventive maintenance (plans that generate work orders) and regulatory inspections (catalogue, records,
    observations, compliance). Depends on the asset registry and the interventions app, never the other way."""

    name = "regie.maintenance"
    label = "maintenance"
    verbose_name = _("Maintenance")
    permissions = "regie.maintenance.permissions.ACTIONS"
    urls = [("maintenance/", "regie.maintenance.urls")]
    menu = [
        MenuSection(
            "maintenance",
            _("Maintenance"),
            20,
            (MenuEntry(_("Maintenance plans"), "maintenance:maintenanceplan-list", "maintenanceplan.view"),),
        )
    ]
    schedule = (
        ScheduledJob(
            name="maintenance.generate_work_orders",
            function="regie.maintenance.generator.run",
            every=timedelta(hours=1),
            description=_("Generate the preventive work orders of the maintenance plans that fall due"),
        ),
    )

    def ready(self):
        from .plan_sections import register_plan_section

        register_plan_section()  # the asset page's maintenance plans (regie.assets.sections)

    def api_routes(self):
        from . import plan_api

        return [("maintenance-plans", plan_api.PlanViewSet, "maintenanceplan")]
