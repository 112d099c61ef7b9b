"""The states of requests and work orders, and the groups lists, filters and indicators use
(the transitions between them: `workflow.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated by the department")
    AWAITING_SECOND_APPROVAL = "awaiting_second_approval", _("Awaiting second approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed")
    CLOSED_WITHOUT_WORK = "closed_without_work", _("Closed without work")
    CANCELLED = "cancelled", _("Cancelled")


class WorkOrderState(models.TextChoices):
    TO_PLAN = "to_plan", _("To plan")
    PLANNED = "planned", _("Planned")
    ACCEPTED = "accepted", _("Accepted by the contractor")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


S, W = RequestState, WorkOrderState

# Status groups: lists, filters and indicators use these instead of repeating tuples of states.
REQUEST_GROUPS = {
    "waiting_validation": (S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL),
    "open": (S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL, S.APPROVED, S.PLANNED, S.IN_PROGRESS, S.ON_HOLD),
    "active": (S.APPROVED, S.PLANNED, S.IN_PROGRESS, S.ON_HOLD),
    "finished": (S.DONE, S.CLOSED),
    "ended": (S.DONE, S.CLOSED, S.CLOSED_WITHOUT_WORK, S.REJECTED, S.CANCELLED),
}
# Where a request follows its work orders (`workflow.REQUESTS`' system step "follow"): only they move it there.
FOLLOWS_WORK_ORDERS = (S.APPROVED, S.PLANNED, S.IN_PROGRESS, S.DONE)
WORK_ORDER_GROUPS = {
    "open": (W.TO_PLAN, W.PLANNED, W.ACCEPTED, W.IN_PROGRESS, W.ON_HOLD),
    "scheduled": (W.PLANNED, W.ACCEPTED, W.IN_PROGRESS, W.ON_HOLD),
    "finished": (W.DONE, W.CLOSED),
    "ended": (W.DONE, W.CLOSED, W.CANCELLED),
}
