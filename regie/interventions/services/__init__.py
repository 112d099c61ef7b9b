"""Every write of the interventions app. Views, API, commands and tasks call these, nothing else."""

from regie.core.services import set_email_preference

from .costs import add_cost_line, agent_rate, cancel_cost_line, cancel_time_entry, record_time
from .requests import (
    add_attachments,
    allowed_request_transitions,
    create_request,
    default_priority,
    may_edit_request,
    sync_request,
    transition_request,
    update_request,
)
from .work_orders import (
    allowed_work_order_transitions,
    checklist_error,
    create_work_order,
    move_work_order,
    reschedule_work_order,
    set_task_done,
    transition_work_order,
    update_work_order,
)

__all__ = [
    "add_attachments",
    "add_cost_line",
    "agent_rate",
    "allowed_request_transitions",
    "allowed_work_order_transitions",
    "cancel_cost_line",
    "cancel_time_entry",
    "checklist_error",
    "create_request",
    "create_work_order",
    "default_priority",
    "may_edit_request",
    "move_work_order",
    "record_time",
    "reschedule_work_order",
    "set_email_preference",
    "set_task_done",
    "sync_request",
    "transition_request",
    "transition_work_order",
    "update_request",
    "update_work_order",
]
