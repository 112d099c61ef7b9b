from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection
from regie.core.scheduler import ScheduledJob
from regie.notifications.kinds import Kind

REQUEST, WORK_ORDER = "interventions.InterventionRequest", "interventions.WorkOrder"


class InterventionsConfig(AppConfig):
    name = "regie.interventions"
    label = "interventions"
    verbose_name = _("Interventions")
    permissions = "regie.interventions.permissions.ACTIONS"
    urls = [("interventions/", "regie.interventions.urls"), ("planning/", "regie.interventions.calendar_urls")]
    menu = [
        MenuSection(
            "interventions",
            _("Interventions"),
            10,
            (
                MenuEntry(_("Requests"), "interventions:request-list", "request.view"),
                MenuEntry(_("Work orders"), "interventions:workorder-list", "workorder.view"),
                MenuEntry(_("Planning"), "planning:calendar", "planning.view"),
                MenuEntry(_("Costs"), "interventions:cost-summary", "cost.view"),
            ),
        )
    ]

    schedule = (
        ScheduledJob(
            name="interventions.close_unacknowledged_requests",
            function="regie.interventions.services.requests.close_all_unacknowledged",
            every=timedelta(days=1),
            description=_("Close the requests done and not acknowledged by their requester within the delay"),
        ),
    )

    def home_figures(self, organization):
        from regie.core.navigation import Figure

        from .selectors import open_request_count

        return [Figure("open_requests", _("open requests"), open_request_count(organization), weight=40)]

    def ready(self):
        from .asset_sections import register_asset_sections
        from .attachables import register_attachables

        register_attachables()
        register_asset_sections()  # the asset page's open work and costs (regie.assets.sections)

    # What this app notifies about (the Notices of workflow.REQUEST_TRANSITIONS, services.work_orders.ASSIGNED_KIND).
    notification_kinds = (
        Kind("request_submitted", _("Request to validate"), REQUEST),
        Kind("request_validated", _("Request validated by the department"), REQUEST),
        Kind("request_second_approval", _("Second approval needed"), REQUEST),
        Kind("request_approved", _("Request approved"), REQUEST),
        Kind("request_rejected", _("Request rejected"), REQUEST),
        Kind("request_completed", _("Work done, to acknowledge"), REQUEST),
        Kind("request_closed_without_work", _("Request closed without work"), REQUEST),
        Kind("request_reopened", _("Request reopened"), REQUEST),
        Kind("request_cancelled", _("Request cancelled"), REQUEST),
        Kind("workorder_assigned", _("Work order assigned"), WORK_ORDER),
        Kind("workorder_declined", _("Work order declined by the contractor"), WORK_ORDER),
        Kind("workorder_quote_submitted", _("Quote to approve"), WORK_ORDER),
        Kind("workorder_quote_approved", _("Quote approved"), WORK_ORDER),
        Kind("workorder_quote_rejected", _("Quote rejected"), WORK_ORDER),
    )

    def home_sections(self, request):
        """An elected official's home: the organization's activity (requests, resolution time, late work, costs)."""
        from regie.core.navigation import HomeSection
        from regie.core.permissions import Role

        from .activity import organization_activity

        membership = request.membership
        if membership is None or membership.role != Role.ELECTED:
            return []
        activity = organization_activity(request.organization, membership)
        return [HomeSection("activity", _("Activity"), "interventions/_home_activity.html", {"activity": activity})]

    def home_queue(self, request):
        """What the member has to act on, for the home page (see core.shell.HomeView)."""
        from .work_queue import lines_for

        return lines_for(request)

    def api_routes(self):
        from . import api

        return [
            ("requests", api.RequestViewSet, "request"),
            ("work-orders", api.WorkOrderViewSet, "workorder"),
            ("costs", api.CostViewSet, "cost"),
            ("categories", api.CategoryViewSet, "category"),
            ("priorities", api.PriorityViewSet, "priority"),
            ("budget-lines", api.BudgetLineViewSet, "budgetline"),
            ("cost-codes", api.CostCodeViewSet, "costcode"),
            ("workflow-settings", api.WorkflowSettingsViewSet, "workflowsettings"),
        ]

    def api_urls(self):
        from django.urls import path

        from . import api

        return [path("work-queue/", api.WorkQueueView.as_view(), name="work-queue")]
