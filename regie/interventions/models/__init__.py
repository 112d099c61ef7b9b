"""Requests for work (demandes d'intervention), work orders (bons de travaux), their costs and files.

One module per sub-domain; everything is importable from `regie.interventions.models` as before (migrations
refer to `regie.interventions.models.attachment_path`).
"""

from ..states import REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState
from .base import (
    COST_DATE,
    DESIRED_DATE,
    MAX_HOURS,
    MAX_TASKS,
    MAX_TIME_ENTRY_HORIZON_DAYS,
    MONEY,
    PERIOD_DATE,
    PLANNED_SLOT,
    TIME_ENTRY_DATE,
    CostTotals,
    Overdue,
    OverdueMixin,
    OverdueQuerySet,
)
from .calendar import CalendarFeed
from .costs import CostLine, TimeEntry
from .legacy import attachment_path
from .reference import BudgetLine, Category, CostCode, Priority
from .requests import InterventionRequest, normalize_place
from .work_orders import WorkOrder, WorkOrderTask
from .workflow_settings import WorkflowSettings

__all__ = [
    "COST_DATE",
    "DESIRED_DATE",
    "MAX_HOURS",
    "MAX_TASKS",
    "MAX_TIME_ENTRY_HORIZON_DAYS",
    "MONEY",
    "PERIOD_DATE",
    "PLANNED_SLOT",
    "REQUEST_GROUPS",
    "TIME_ENTRY_DATE",
    "WORK_ORDER_GROUPS",
    "BudgetLine",
    "CalendarFeed",
    "Category",
    "CostCode",
    "CostLine",
    "CostTotals",
    "InterventionRequest",
    "Overdue",
    "OverdueMixin",
    "OverdueQuerySet",
    "Priority",
    "RequestState",
    "TimeEntry",
    "WorkOrder",
    "WorkOrderState",
    "WorkOrderTask",
    "WorkflowSettings",
    "attachment_path",
    "normalize_place",
]
