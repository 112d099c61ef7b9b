"""Reference data of the interventions app, and the organization's workflow settings."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from regie.core.api import ORG_HEADER, ModelSerializer, TenantAPIMixin, record_viewset

from ..models import BudgetLine, Category, CostCode, Priority, WorkflowSettings
from ..services import reference
from ..services.settings import FIELDS as SETTINGS_FIELDS
from ..services.settings import update_workflow_settings
from .common import ERRORS, WRITE_ERRORS

CategoryViewSet = record_viewset(
    Category,
    "category",
    ["code", "name", "skill", "department"],
    reference.create_category,
    reference.update_category,
    filters=["code", "skill", "department"],
    search=["code", "name"],
    ordering=["name", "code"],
)
PriorityViewSet = record_viewset(
    Priority,
    "priority",
    ["code", "name", "rank", "response_hours", "resolution_hours", "working_days_only"],
    reference.create_priority,
    reference.update_priority,
    filters=["code", "rank"],
    search=["code", "name"],
    ordering=["rank", "code", "name"],
)
BudgetLineViewSet = record_viewset(
    BudgetLine,
    "budgetline",
    ["code", "name", "section", "department", "year", "amount"],
    reference.create_budget_line,
    reference.update_budget_line,
    filters=["section", "department", "year"],
    search=["code", "name"],
    ordering=["code", "name", "year"],
)
CostCodeViewSet = record_viewset(
    CostCode,
    "costcode",
    ["code", "name", "starts_on", "ends_on"],
    reference.create_cost_code,
    reference.update_cost_code,
    filters=["code"],
    search=["code", "name"],
    ordering=["code", "name", "starts_on"],
)


class WorkflowSettingsSerializer(ModelSerializer):
    class Meta:
        model = WorkflowSettings
        fields = list(SETTINGS_FIELDS)


@extend_schema(parameters=[ORG_HEADER])
class WorkflowSettingsViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    """How the organization runs its validation workflow (read: managers; change: administrators)."""

    model = WorkflowSettings
    queryset = WorkflowSettings.objects.none()
    serializer_class = WorkflowSettingsSerializer
    permission_resource = "workflowsettings"
    permission_actions = {"current": "workflowsettings.view", "update_current": "workflowsettings.manage"}
    filter_backends = []
    pagination_class = None

    @extend_schema(responses={200: WorkflowSettingsSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def current(self, request):
        """The settings in force (the defaults until an administrator changes one)."""
        return Response(WorkflowSettingsSerializer(WorkflowSettings.for_org(self.organization)).data)

    @extend_schema(request=WorkflowSettingsSerializer, responses={200: WorkflowSettingsSerializer, **WRITE_ERRORS})
    @current.mapping.patch
    def update_current(self, request):
        serializer = WorkflowSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = update_workflow_settings(by=request.user, organization=self.organization, data=serializer.validated_data)
        return Response(WorkflowSettingsSerializer(obj).data)
