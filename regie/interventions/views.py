"""HTML pages of the interventions app: thin views over the services and selectors."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from regie.core.views import Column, RecordDetailView, RecordListView

from . import selectors
from .models import InterventionRequest, WorkOrder


class RequestListView(RecordListView):
    model = InterventionRequest
    permission_action = "request.view"
    manage_action = "request.create"
    title = _("Intervention requests")
    default_sort = "-created"
    columns = [
        Column("number", _("Number"), sort="number", link=True),
        Column("title", _("Title")),
        Column("department", _("Department")),
        Column("category", _("Category")),
        Column("priority", _("Priority")),
        Column("state", _("Status")),
        Column("created_at", _("Filed on"), sort="created_at"),
    ]
    search_fields = ["number", "title", "location"]
    detail_url_name = "interventions:request-detail"

    def base_queryset(self):
        return selectors.request_list(self.organization, self.request.membership)

    def sort_order(self):
        sort = self.current_sort()
        field = {"number": "number", "created": "created_at", "created_at": "created_at"}.get(
            sort.lstrip("-"), "created_at"
        )
        prefix = "-" if sort.startswith("-") else ""
        return [f"{prefix}{field}", f"{prefix}pk"]


class RequestDetailView(RecordDetailView):
    model = InterventionRequest
    permission_action = "request.view"
    template_name = "interventions/request_detail.html"
    fields = [
        "number",
        "state",
        "department",
        "requester",
        "category",
        "priority",
        "location",
        "desired_date",
        "budget_line",
        "estimated_amount",
        "cost_code",
        "submitted_at",
        "resolution_due_at",
    ]

    def get_object(self):
        try:
            return selectors.request_detail(self.organization, self.request.membership, self.kwargs["pk"])
        except (InterventionRequest.DoesNotExist, ValueError):
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = list(selectors.request_timeline(context["object"], self.organization)[:100])
        return context


class WorkOrderListView(RecordListView):
    model = WorkOrder
    permission_action = "workorder.view"
    manage_action = "workorder.manage"
    title = _("Work orders")
    default_sort = "-created"
    columns = [
        Column("number", _("Number"), sort="number", link=True),
        Column("title", _("Title")),
        Column("state", _("Status")),
        Column("priority", _("Priority")),
        Column("team", _("Team")),
        Column("contractor", _("Contractor")),
        Column("planned_start", _("Planned start"), sort="planned_start"),
    ]
    search_fields = ["number", "title"]
    detail_url_name = "interventions:workorder-detail"

    def base_queryset(self):
        return selectors.work_order_list(self.organization, self.request.membership)

    def sort_order(self):
        sort = self.current_sort()
        field = {"number": "number", "planned_start": "planned_start"}.get(sort.lstrip("-"), "created_at")
        prefix = "-" if sort.startswith("-") else ""
        return [f"{prefix}{field}", f"{prefix}pk"]


class WorkOrderDetailView(RecordDetailView):
    model = WorkOrder
    permission_action = "workorder.view"
    template_name = "interventions/workorder_detail.html"
    fields = [
        "number",
        "state",
        "request",
        "kind",
        "category",
        "priority",
        "execution",
        "team",
        "agents",
        "contractor",
        "planned_start",
        "planned_end",
        "estimated_hours",
        "cost_code",
        "report",
    ]

    def get_object(self):
        try:
            return selectors.work_order_list(self.organization, self.request.membership).get(pk=self.kwargs["pk"])
        except (WorkOrder.DoesNotExist, ValueError):
            raise Http404 from None
