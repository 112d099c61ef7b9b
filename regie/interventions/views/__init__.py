"""HTML pages of the interventions app: thin views over the services (every write) and selectors (every read).

Every page goes through `TenantViewMixin` with an action of the permission matrix; a view with a `pk` in its
URL names its `model`. Workflow steps, checklist ticks, time and costs are small POST forms (HTMX where it
helps); a GET never changes anything. Domain errors become messages in the user's language.
"""

from .assets import AssetPickerView
from .costs import BudgetExportView, CostExportView, CostSummaryView
from .occupants import OccupantStatementExportView, OccupantStatementView
from .requests import (
    RequestCreateView,
    RequestDetailView,
    RequestDuplicatesView,
    RequestListView,
    RequestTransitionView,
    RequestUpdateView,
)
from .work_orders import (
    AgentFilterPickerView,
    RequestWorkOrderCreateView,
    WorkOrderAgentPickerView,
    WorkOrderAssignView,
    WorkOrderCostView,
    WorkOrderCreateView,
    WorkOrderDetailView,
    WorkOrderListView,
    WorkOrderTaskView,
    WorkOrderTimeAgentPickerView,
    WorkOrderTimeView,
    WorkOrderTransitionView,
    WorkOrderUpdateView,
)

__all__ = [
    "AgentFilterPickerView",
    "AssetPickerView",
    "BudgetExportView",
    "CostExportView",
    "CostSummaryView",
    "OccupantStatementExportView",
    "OccupantStatementView",
    "RequestCreateView",
    "RequestDetailView",
    "RequestDuplicatesView",
    "RequestListView",
    "RequestTransitionView",
    "RequestUpdateView",
    "RequestWorkOrderCreateView",
    "WorkOrderAgentPickerView",
    "WorkOrderAssignView",
    "WorkOrderCostView",
    "WorkOrderCreateView",
    "WorkOrderDetailView",
    "WorkOrderListView",
    "WorkOrderTaskView",
    "WorkOrderTimeAgentPickerView",
    "WorkOrderTimeView",
    "WorkOrderTransitionView",
    "WorkOrderUpdateView",
]
