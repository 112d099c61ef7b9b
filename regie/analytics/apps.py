from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection
from regie.core.scheduler import ScheduledJob


class AnalyticsConfig(AppConfig):
    """The decision side: indicators defined once (`indicators`), the role dashboards, their exports and the
    council's monthly report, recharge statements between organizations, reporting views for BI tools. Reads
    the other modules through their selectors; later modules (stock, fleet, energy) register their indicators."""

    name = "regie.analytics"
    label = "analytics"
    verbose_name = _("Dashboards and indicators")
    permissions = "regie.analytics.permissions.ACTIONS"
    urls = [("analytics/", "regie.analytics.urls")]
    menu = [
        MenuSection(
            "analytics",
            _("Dashboards"),
            5,
            (
                MenuEntry(_("Dashboard"), "analytics:dashboard", "indicator.view", weight=10),
                MenuEntry(_("Report for the council"), "analytics:council", "indicator.view", weight=20),
            ),
        )
    ]

    schedule = (
        ScheduledJob(
            name="analytics.reporting_export",
            function="regie.analytics.reporting.exports.run",
            every=timedelta(days=1),
            description=_("Write each organization's reporting files (CSV and Parquet) for BI tools"),
            timeout=timedelta(hours=6),
        ),
    )

    def api_routes(self):
        from . import api

        return [("indicators", api.IndicatorViewSet, "indicator")]
