"""The validation workflow of requests and the life cycle of work orders, as data.

Each transition of a table (`REQUESTS`, `WORK_ORDERS`) declares, on its own line:

- its source states, its target, the roles that may fire it, what it needs (a reason, a rating);
- `guard`: (obj, user, membership, workflow settings) → None, or why it may not be fired now (a message);
- `effect`: (step) → None, applied to the locked record inside the service's transaction: timestamps, ratings,
  routing to a second approval (the effect may set `step.target`), hold/resume; it may raise a ValidationError
  for a missing input (a work report);
- `notify`: the `Notice`s sent once it is done (kind declared in apps.py, title, who is told).

A table adds what holds for all its transitions: who may act on the record at all (`access`: agents on their
work orders, contractors on their company's) and who owns it (`own_only` transitions: the requester, their
department head, technical services). `Table.refusal` is the one rule the buttons, the API's
`allowed_transitions` and the services apply; `services.transitions.fire` is the one generic service (lock,
find, check, effect, save, audit, notify). Adding a state or a step is an edit of this module.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regie.core.permissions import Role
from regie.core.working_time import add_working_hours

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
class Audience:
    """Who a notice goes to: the record's requester, or the active members with `roles` (in `department`)."""

    roles: tuple = ()
    department: object = None
    requester: bool = False


@dataclass(frozen=True)
class Notice:
    """A notification of a done transition: its kind (declared in apps.py), its title (with `%(number)s`) and
    audience (an Audience, or (obj, workflow) → Audience); `on`: only when that target is reached."""

    key: str
    kind: str
    title: str
    audience: object
    on: str | None = None
    with_reason: bool = False

    def audience_for(self, obj, workflow):
        return self.audience(obj, workflow) if callable(self.audience) else self.audience


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
    guard: Callable | None = None  # (obj, user, membership, workflow) → None or why not now
    effect: Callable | None = None  # (step) → None: what firing it changes besides the state
    notify: tuple = ()  # Notices

    def notice_for(self, target):
        return next((n for n in self.notify if n.on in (None, target)), None)


@dataclass
class Step:
    """One firing of a transition, as its effect sees it: the locked record, who fires it, the organization's
    workflow settings, the inputs, the target (an effect may change it), the fields to save, the audited changes."""

    obj: object
    by: object
    transition: Transition
    workflow: object
    now: object
    inputs: dict
    target: str = ""
    fields: set = field(default_factory=lambda: {"state", "updated_at"})
    changes: dict = field(default_factory=dict)

    def set(self, **values):
        for name, value in values.items():
            setattr(self.obj, name, value)
        self.fields |= set(values)


@dataclass(frozen=True)
class Table:
    """A workflow: its transitions and what holds for all of them."""

    transitions: tuple
    moved: str  # the 409 when the record changed meanwhile (`%(state)s`)
    detail_url: str  # the URL name of a record's page, for notifications
    access: Callable | None = None  # (obj, user, membership) → None or why this user may not act on it at all
    owner: Callable | None = None  # (obj, user, membership) → whether `own_only` transitions are theirs

    @cached_property
    def by_name(self):
        return {t.name: t for t in self.transitions}

    def refusal(self, transition, obj, user, membership, workflow):
        """Why `user` may not fire `transition` on `obj` now (None if they may): the one rule."""
        if obj.state not in transition.sources:
            return gettext("This step is not allowed from the status “%(state)s”.") % {"state": obj.get_state_display()}
        if membership is None or membership.role not in transition.roles:
            return gettext("Your role does not allow this step.")
        if transition.own_only and not self.owner(obj, user, membership):
            return gettext("Only the requester or their department can do this.")
        return transition.guard(obj, user, membership, workflow) if transition.guard else None

    def denied(self, obj, user, membership):
        """Why `user` may not act on `obj` at all (a 403), or None."""
        if self.access is None:
            return None
        return self.access(obj, user, membership)

    def allowed(self, obj, user, membership, workflow):
        """The transitions `user` may fire on `obj` now: buttons, the API's `allowed_transitions`, 409 answers."""
        if membership is None or self.denied(obj, user, membership):
            return []
        return [t for t in self.transitions if self.refusal(t, obj, user, membership, workflow) is None]


MANAGERS = frozenset({R.MANAGER, R.ADMIN})
ASKERS = frozenset({R.REQUESTER, R.DEPARTMENT_HEAD, R.MANAGER, R.AGENT, R.ADMIN})  # agents report faults too
TECHNICAL_SERVICES = Audience(roles=(R.MANAGER, R.ADMIN))
REQUESTER = Audience(requester=True)


# --- who may act, guards, effects and audiences of requests ------------------------------------------------


def is_own_request(obj, user, membership):
    """The requester's side of a request: its requester, their department head, and technical services."""
    if obj.requester_id == user.pk or membership.role in MANAGERS:
        return True
    return membership.role == R.DEPARTMENT_HEAD and membership.department_id == obj.department_id


def _needs_department_first(obj, workflow):
    return obj.state == S.SUBMITTED and workflow.department_validation and obj.department_id is not None


def _may_validate(obj, user, membership, workflow):
    if not workflow.department_validation:
        return gettext("Your organization does not use the department validation step.")
    if membership.role == R.DEPARTMENT_HEAD and membership.department_id != obj.department_id:
        return gettext("Only the head of the requesting department can validate this request.")
    return None


def _may_approve(obj, user, membership, workflow):
    if _needs_department_first(obj, workflow):
        return gettext("The department head must validate this request first.")
    if obj.state == S.AWAITING_SECOND_APPROVAL and obj.first_approved_by_id == user.pk:
        return gettext("A second, different approver is required for this amount.")
    return None


def _may_reject(obj, user, membership, workflow):
    if membership.role == R.DEPARTMENT_HEAD:
        if obj.state != S.SUBMITTED or membership.department_id != obj.department_id:
            return gettext("Only the head of the requesting department can reject it at this step.")
    elif _needs_department_first(obj, workflow):
        return gettext("The department head must validate this request first.")
    return None


def _may_reopen(obj, user, membership, workflow):
    if (
        obj.state == S.CLOSED
        and obj.closed_at
        and obj.closed_at < timezone.now() - timedelta(days=workflow.reopen_days)
    ):
        return gettext("This request was closed more than %(days)s days ago: file a new one.") % {
            "days": workflow.reopen_days
        }
    return None


def due_dates(obj, start, workflow):
    """Target times from `start`, in working days where the priority says so (the organization's holidays)."""
    priority = obj.priority
    kwargs = {"working_days_only": priority.working_days_only, "calendar": workflow.holiday_calendar}
    return add_working_hours(start, priority.response_hours, **kwargs), add_working_hours(
        start, priority.resolution_hours, **kwargs
    )


def _submitted(step):
    response, resolution = due_dates(step.obj, step.now, step.workflow)
    step.set(submitted_at=step.now, response_due_at=response, resolution_due_at=resolution)


def _responded(step):
    """The first answer of the services to the requester (validated, approved or rejected)."""
    if step.obj.responded_at is None:
        step.set(responded_at=step.now)


def _validated(step):
    step.set(validated_at=step.now)
    _responded(step)


def _approved(step):
    """Above the organization's threshold, a first approval routes the request to a second, different approver."""
    obj, threshold = step.obj, step.workflow.second_approval_threshold
    if threshold is not None and (obj.estimated_amount or 0) > threshold and obj.state != S.AWAITING_SECOND_APPROVAL:
        step.target = S.AWAITING_SECOND_APPROVAL
        step.set(first_approved_by=step.by)
    else:
        step.set(approved_at=step.now)
    _responded(step)


def _held(step):
    step.set(state_before_hold=step.obj.state)


def _resumed(step):
    step.target = step.obj.state_before_hold or step.transition.target


def _done(step):
    step.set(done_at=step.now)


def _closed(step):
    comment = (step.inputs.get("comment") or "").strip()
    step.set(closed_at=step.now, satisfaction=int(step.inputs["rating"]), satisfaction_comment=comment)
    step.changes["satisfaction"] = [None, step.obj.satisfaction]


def _reopened(step):
    step.set(closed_at=None, done_at=None)


def _submit_audience(obj, workflow):
    if workflow.department_validation and obj.department_id:
        return Audience(roles=(R.DEPARTMENT_HEAD,), department=obj.department)
    return TECHNICAL_SERVICES


def _notice(key, kind, title, audience, **kwargs):
    return Notice(key, f"request_{kind}", title, audience, **kwargs)


REQUEST_TRANSITIONS = (
    Transition(
        "submit",
        _("Submit"),
        (S.DRAFT,),
        S.SUBMITTED,
        ASKERS,
        own_only=True,
        effect=_submitted,
        notify=(_notice("submit", "submitted", _("New request to validate: %(number)s"), _submit_audience),),
    ),
    Transition(
        "validate",
        _("Validate (department)"),
        (S.SUBMITTED,),
        S.VALIDATED,
        frozenset({R.DEPARTMENT_HEAD, R.ADMIN}),
        guard=_may_validate,
        effect=_validated,
        notify=(
            _notice("validate", "validated", _("Request validated by the department: %(number)s"), TECHNICAL_SERVICES),
        ),
    ),
    # From SUBMITTED when the organization skips the department step; from VALIDATED otherwise.
    # Above the threshold, the first approval leads to AWAITING_SECOND_APPROVAL (the effect routes it).
    Transition(
        "approve",
        _("Approve"),
        (S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL),
        S.APPROVED,
        MANAGERS,
        guard=_may_approve,
        effect=_approved,
        notify=(
            _notice("approve", "approved", _("Your request %(number)s is approved"), REQUESTER, on=S.APPROVED),
            _notice(
                "second",
                "second_approval",
                _("Second approval needed: %(number)s"),
                TECHNICAL_SERVICES,
                on=S.AWAITING_SECOND_APPROVAL,
            ),
        ),
    ),
    Transition(
        "reject",
        _("Reject"),
        (S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL),
        S.REJECTED,
        frozenset({R.DEPARTMENT_HEAD, R.MANAGER, R.ADMIN}),
        needs_reason=True,
        style="danger",
        guard=_may_reject,
        effect=_responded,
        notify=(_notice("reject", "rejected", _("Your request %(number)s is rejected"), REQUESTER, with_reason=True),),
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
        notify=(_notice("cancel", "cancelled", _("Request cancelled: %(number)s"), TECHNICAL_SERVICES),),
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
        effect=_held,
    ),
    # back to the status it was put on hold from
    Transition("resume", _("Resume"), (S.ON_HOLD,), S.IN_PROGRESS, MANAGERS, effect=_resumed),
    Transition(
        "complete",
        _("Mark as done"),
        (S.APPROVED, S.PLANNED, S.IN_PROGRESS),
        S.DONE,
        MANAGERS,
        effect=_done,
        notify=(
            _notice(
                "complete", "completed", _("Work done on your request %(number)s: please acknowledge it"), REQUESTER
            ),
        ),
    ),
    Transition(
        "close",
        _("Acknowledge and close"),
        (S.DONE,),
        S.CLOSED,
        ASKERS,
        needs_rating=True,
        own_only=True,
        effect=_closed,
    ),
    Transition(
        "reopen",
        _("Reopen"),
        (S.CLOSED, S.DONE),
        S.APPROVED,
        ASKERS,
        needs_reason=True,
        own_only=True,
        style="secondary",
        guard=_may_reopen,
        effect=_reopened,
        notify=(_notice("reopen", "reopened", _("Request reopened: %(number)s"), TECHNICAL_SERVICES),),
    ),
)

REQUESTS = Table(
    REQUEST_TRANSITIONS,
    moved=_("This request changed meanwhile: it is now “%(state)s”."),
    detail_url="interventions:request-detail",
    owner=is_own_request,
)


# --- who may act, guards and effects of work orders ----------------------------------------------------------


def may_act_on_work_order(obj, user, membership):
    """Agents act on the work orders they (or their team) are given; contractors on theirs only."""
    if membership.role in MANAGERS:
        return True
    if membership.role == R.CONTRACTOR:
        return obj.contractor_id is not None and obj.contractor_id == membership.contractor_id
    if membership.role == R.AGENT:
        agent_ids = set(obj.agents.values_list("pk", flat=True))
        mine = set(user.agent_profiles.filter(organization=obj.organization).values_list("pk", "team_id"))
        return any(pk in agent_ids or (team and team == obj.team_id) for pk, team in mine)
    return False


def _work_order_access(obj, user, membership):
    if not may_act_on_work_order(obj, user, membership):
        return gettext("This work order is not given to you.")
    return None


def _may_accept(obj, user, membership, workflow):
    if obj.execution != "contractor":  # WorkOrder.Execution.CONTRACTOR
        return gettext("Only work given to a contractor is accepted.")
    return None


def _started(step):
    if step.obj.started_at is None:
        step.set(started_at=step.now)


def _reported(step):
    """Completing needs a report and whether it was fixed at the first visit (a follow-up visit keeps the
    request open: `services.work_orders.sync_request`)."""
    report, fixed = (step.inputs.get("report") or "").strip(), step.inputs.get("first_visit_fix")
    if not report:
        raise ValidationError({"report": [gettext("Describe what was done.")]})
    if fixed is None:
        raise ValidationError({"first_visit_fix": [gettext("Say whether it was fixed at the first visit.")]})
    follow_up = bool(step.inputs.get("follow_up_needed"))
    step.set(report=report, first_visit_fix=bool(fixed), follow_up_needed=follow_up, completed_at=step.now)
    step.changes.update(report=[None, report], first_visit_fix=[None, bool(fixed)], follow_up_needed=[None, follow_up])


def _work_order_closed(step):
    step.set(closed_at=step.now)


CONTRACTOR = frozenset({R.CONTRACTOR})
FIELD = frozenset({R.AGENT, R.MANAGER, R.ADMIN})

WORK_ORDER_TRANSITIONS = (
    Transition("accept", _("Accept"), (W.TO_PLAN, W.PLANNED), W.ACCEPTED, CONTRACTOR, guard=_may_accept),
    Transition(
        "start", _("Start"), (W.TO_PLAN, W.PLANNED, W.ACCEPTED), W.IN_PROGRESS, FIELD | CONTRACTOR, effect=_started
    ),
    Transition(
        "hold",
        _("Put on hold"),
        (W.PLANNED, W.ACCEPTED, W.IN_PROGRESS),
        W.ON_HOLD,
        FIELD | CONTRACTOR,
        needs_reason=True,
        style="secondary",
        effect=_held,
    ),
    Transition("resume", _("Resume"), (W.ON_HOLD,), W.IN_PROGRESS, FIELD | CONTRACTOR, effect=_resumed),
    Transition("complete", _("Complete with a report"), (W.IN_PROGRESS,), W.DONE, FIELD | CONTRACTOR, effect=_reported),
    Transition("close", _("Close"), (W.DONE,), W.CLOSED, MANAGERS | CONTRACTOR, effect=_work_order_closed),
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

WORK_ORDERS = Table(
    WORK_ORDER_TRANSITIONS,
    moved=_("This work order changed meanwhile: it is now “%(state)s”."),
    detail_url="interventions:workorder-detail",
    access=_work_order_access,
)

REQUEST_BY_NAME = REQUESTS.by_name
WORK_ORDER_BY_NAME = WORK_ORDERS.by_name


def names_from(state, transitions):
    return [t.name for t in transitions if state in t.sources]
