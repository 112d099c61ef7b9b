from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    """Preventive maintenance (plans that generate work orders) and regulatory inspections (catalogue, records,
    observations, compliance). Depends on the asset registry and the interventions app, never the other way."""

    name = "regie.maintenance"
    label = "maintenance"
    verbose_name = _("Maintenance")
    permissions = "regie.maintenance.permissions.ACTIONS"
    urls = []
    menu = []
