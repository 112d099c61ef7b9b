"""REST API of the interventions app (under /api/v1/): the same services and selectors as the HTML pages.

Every view goes through `core.api.TenantAPIMixin` (organization + permission matrix); input and output
serializers are separate; services receive plain values.
"""

from .costs import CostViewSet
from .reference import BudgetLineViewSet, CategoryViewSet, CostCodeViewSet, PriorityViewSet, WorkflowSettingsViewSet
from .requests import RequestViewSet
from .work_orders import WorkOrderViewSet
from .work_queue import WorkQueueView

__all__ = [
    "BudgetLineViewSet",
    "CategoryViewSet",
    "CostCodeViewSet",
    "CostViewSet",
    "PriorityViewSet",
    "RequestViewSet",
    "WorkOrderViewSet",
    "WorkQueueView",
    "WorkflowSettingsViewSet",
]
