from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection
from regie.core.scheduler import ScheduledJob
from regie.notifications.kinds import Kind


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
            (
                MenuEntry(
                    _("Maintenance plans"), "maintenance:maintenanceplan-list", "maintenanceplan.view", weight=20
                ),
                MenuEntry(_("Compliance"), "maintenance:compliance", "inspection.view", weight=30),
                MenuEntry(_("Inspections"), "maintenance:inspection-list", "inspection.view", weight=40),
                MenuEntry(_("Inspection catalogue"), "maintenance:inspectiontype-list", "inspection.view", weight=50),
            ),
        )
    ]
    notification_kinds = (
        Kind("inspection_due", _("Regulatory inspection due soon"), "maintenance.InspectionObligation"),
    )
    schedule = (
        ScheduledJob(
            name="maintenance.inspection_alerts",
            function="regie.maintenance.compliance.send_alerts",
            every=timedelta(days=1),
            description=_("Alert the responsible people before regulatory inspections fall due."),
        ),
        ScheduledJob(
            name="maintenance.generate_work_orders",
            function="regie.maintenance.generator.run",
            every=timedelta(hours=1),
            description=_("Generate the preventive work orders of the maintenance plans that fall due"),
        ),
    )

    def home_figures(self, organization):
        """Overdue regulatory inspections and preventive maintenance, for the home page's figures."""
        from .home import figures

        return figures(organization)

    def home_queue(self, request):
        """For managers and administrators: the overdue inspections and plans, linked to their filtered lists."""
        from .home import lines_for

        return lines_for(request)

    def ready(self):
        from .inspection_hooks import register_inspection_hooks
        from .models.inspections import register_audit_labels
        from .plan_sections import register_plan_section

        register_inspection_hooks()
        register_audit_labels()  # the inspection's timeline: its observations' keys in the user's language
        register_plan_section()  # the asset page's maintenance plans (regie.assets.sections)

    def api_routes(self):
        from . import inspection_api, plan_api

        return [
            ("maintenance-plans", plan_api.PlanViewSet, "maintenanceplan"),
            ("inspection-types", inspection_api.InspectionTypeViewSet, "inspectiontype"),
            ("periodicity-rules", inspection_api.PeriodicityRuleViewSet, "periodicityrule"),
            ("inspections", inspection_api.InspectionViewSet, "inspection"),
            ("inspection-observations", inspection_api.ObservationViewSet, "observation"),
            ("compliance", inspection_api.ComplianceViewSet, "compliance"),
        ]
