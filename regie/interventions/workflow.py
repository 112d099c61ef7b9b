"""The validation workflow of requests and the life cycle of work orders, as data.

A transition names its source states, its target, the roles that may fire it, and what it needs
(a reason, a rating...). Services (`services.transition_request`, `services.transition_work_order`)
enforce it; templates and the API list `allowed_*_transitions(...)` for the current user.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.permissions import Role

R = Role


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
    "ended": (S.DONE, S.CLOSED, S.REJECTED, S.CANCELLED),
}
WORK_ORDER_GROUPS = {
    "open": (W.TO_PLAN, W.PLANNED, W.ACCEPTED, W.IN_PROGRESS, W.ON_HOLD),
    "scheduled": (W.PLANNED, W.ACCEPTED, W.IN_PROGRESS, W.ON_HOLD),
    "finished": (W.DONE, W.CLOSED),
    "ended": (W.DONE, W.CLOSED, W.CANCELLED),
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    roles: frozenset
    needs_reason: bool = False
    needs_rating: bool = False
    style: str = "primary"
    # requester-side transitions: only the person who asked (or their department head) may fire them
    own_only: bool = False
    extra: dict = field(default_factory=dict)


MANAGERS = frozenset({R.MANAGER, R.ADMIN})
ASKERS = frozenset({R.REQUESTER, R.DEPARTMENT_HEAD, R.MANAGER, R.AGENT, R.ADMIN})  # agents report faults too

REQUEST_TRANSITIONS = (
    Transition("submit", _("Submit"), (S.DRAFT,), S.SUBMITTED, ASKERS, own_only=True),
    Transition(
        "validate", _("Validate (department)"), (S.SUBMITTED,), S.VALIDATED, frozenset({R.DEPARTMENT_HEAD, R.ADMIN})
    ),
    # From SUBMITTED when the organization skips the department step; from VALIDATED otherwise.
    # Above the threshold, the first approval leads to AWAITING_SECOND_APPROVAL (see services).
    Transition("approve", _("Approve"), (S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL), S.APPROVED, MANAGERS),
    Transition(
        "reject",
        _("Reject"),
        (S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL),
        S.REJECTED,
        frozenset({R.DEPARTMENT_HEAD, R.MANAGER, R.ADMIN}),
        needs_reason=True,
        style="danger",
    ),
    Transition(
        "cancel",
        _("Cancel the request"),
        (S.DRAFT, S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL),
        S.CANCELLED,
        ASKERS,
        needs_reason=True,
        own_only=True,
        style="danger",
    ),
    Transition("plan", _("Mark as planned"), (S.APPROVED,), S.PLANNED, MANAGERS),
    Transition("start", _("Start"), (S.APPROVED, S.PLANNED), S.IN_PROGRESS, MANAGERS | {R.AGENT}),
    Transition(
        "hold",
        _("Put on hold"),
        (S.APPROVED, S.PLANNED, S.IN_PROGRESS),
        S.ON_HOLD,
        MANAGERS,
        needs_reason=True,
        style="secondary",
    ),
    Transition("resume", _("Resume"), (S.ON_HOLD,), S.IN_PROGRESS, MANAGERS),
    Transition("complete", _("Mark as done"), (S.APPROVED, S.PLANNED, S.IN_PROGRESS), S.DONE, MANAGERS),
    Transition("close", _("Acknowledge and close"), (S.DONE,), S.CLOSED, ASKERS, needs_rating=True, own_only=True),
    Transition(
        "reopen",
        _("Reopen"),
        (S.CLOSED, S.DONE),
        S.APPROVED,
        ASKERS,
        needs_reason=True,
        own_only=True,
        style="secondary",
    ),
)

CONTRACTOR = frozenset({R.CONTRACTOR})
FIELD = frozenset({R.AGENT, R.MANAGER, R.ADMIN})

WORK_ORDER_TRANSITIONS = (
    Transition("accept", _("Accept"), (W.TO_PLAN, W.PLANNED), W.ACCEPTED, CONTRACTOR),
    Transition("start", _("Start"), (W.TO_PLAN, W.PLANNED, W.ACCEPTED), W.IN_PROGRESS, FIELD | CONTRACTOR),
    Transition(
        "hold",
        _("Put on hold"),
        (W.PLANNED, W.ACCEPTED, W.IN_PROGRESS),
        W.ON_HOLD,
        FIELD | CONTRACTOR,
        needs_reason=True,
        style="secondary",
    ),
    Transition("resume", _("Resume"), (W.ON_HOLD,), W.IN_PROGRESS, FIELD | CONTRACTOR),
    Transition("complete", _("Complete with a report"), (W.IN_PROGRESS,), W.DONE, FIELD | CONTRACTOR),
    Transition("close", _("Close"), (W.DONE,), W.CLOSED, MANAGERS | CONTRACTOR),
    Transition(
        "cancel",
        _("Cancel"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED, W.ON_HOLD),
        W.CANCELLED,
        MANAGERS,
        needs_reason=True,
        style="danger",
    ),
)

REQUEST_BY_NAME = {t.name: t for t in REQUEST_TRANSITIONS}
WORK_ORDER_BY_NAME = {t.name: t for t in WORK_ORDER_TRANSITIONS}


def names_from(state, transitions):
    return [t.name for t in transitions if state in t.sources]
