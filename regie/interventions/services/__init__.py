"""Every write of the interventions app. Views, API, commands and tasks call these, nothing else."""

from regie.core.services import set_email_preference

from .attachments import check_files, save_attachments
from .costs import add_cost_line, agent_rate, cancel_cost_line, cancel_time_entry, record_time
from .notifications import mark_all_read, mark_read
from .requests import (
    add_attachments,
    allowed_request_transitions,
    create_request,
    default_priority,
    transition_request,
    update_request,
)
from .work_orders import (
    allowed_work_order_transitions,
    checklist_error,
    create_work_order,
    reschedule_work_order,
    set_task_done,
    sync_request,
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
    "check_files",
    "checklist_error",
    "create_request",
    "create_work_order",
    "default_priority",
    "mark_all_read",
    "mark_read",
    "record_time",
    "reschedule_work_order",
    "save_attachments",
    "set_email_preference",
    "set_task_done",
    "sync_request",
    "transition_request",
    "transition_work_order",
    "update_request",
    "update_work_order",
]
