from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.scheduler import ScheduledJob


class MaintenanceConfig(AppConfig):
    """Preventive maintenance (plans that generate work orders) and regulatory inspections (catalogue, records,
    observations, compliance). Depends on the asset registry and the interventions app, never the other way."""

    name = "regie.maintenance"
    label = "maintenance"
    verbose_name = _("Maintenance")
    permissions = "regie.maintenance.permissions.ACTIONS"
    urls = []
    menu = []
    schedule = (
        ScheduledJob(
            name="maintenance.generate_work_orders",
            function="regie.maintenance.generator.run",
            every=timedelta(hours=1),
            description=_("Generate the preventive work orders of the maintenance plans that fall due"),
        ),
    )
