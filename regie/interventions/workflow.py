"""The validation workflow of requests and the life cycle of work orders, as data.

Each transition of a table (`REQUESTS`, `WORK_ORDERS`) declares, on its own line:

- its source states, its target, the roles that may fire it, what it needs (a reason, a rating);
- `guard`: (obj, user, membership, workflow settings) → None, or why it may not be fired now (a message);
- `effect`: (step) → None, applied to the locked record inside the service's transaction: timestamps, ratings,
  routing to a second approval (the effect may set `step.target`), hold/resume; it may raise a ValidationError
  for a missing input (a work report);
- `notify`: the `Notice`s sent once it is done (kind declared in apps.py, title, who is told).

System steps (`system=True`, no role) are taken by the services, never offered to a user: a request follows its
work orders ("follow": planned, in progress, done once all of them are finished) and is closed when its
requester lets the acknowledgement delay run out. No user step leads a request to planned, in progress or done.

A table adds what holds for all its transitions: who may act on the record at all (`access`: agents on their
work orders, contractors on their company's) and who owns it (`own_only` transitions: the requester, their
department head, technical services). `Table.refusal` is the one rule the buttons, the API's
`allowed_transitions` and the services apply; `services.transitions.fire` is the one generic service (lock,
find, check, effect, save, audit, notify). The guards and effects are named functions of `transitions.py`,
the states are in `states.py`: adding a state or a step is an edit of these tables.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regie.core.permissions import Role as R

from . import transitions as rules
from .states import FOLLOWS_WORK_ORDERS, REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState

# the states are re-exported: lists, filters and models import them from here with the tables
__all__ = [
    "REQUESTS",
    "REQUEST_BY_NAME",
    "REQUEST_GROUPS",
    "REQUEST_TRANSITIONS",
    "WORK_ORDERS",
    "WORK_ORDER_BY_NAME",
    "WORK_ORDER_GROUPS",
    "WORK_ORDER_TRANSITIONS",
    "Notice",
    "RequestState",
    "Step",
    "Table",
    "Transition",
    "WorkOrderState",
]
S, W = RequestState, WorkOrderState


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
    # taken by the services (following work orders, a delay run out), never offered to a user
    system: bool = False
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

    def refusal(self, transition, obj, user, membership, workflow, *, system=False):
        """Why `user` may not fire `transition` on `obj` now (None if they may): the one rule. `system`: the
        services take one of the table's system steps (no user, no role)."""
        if obj.state not in transition.sources:
            return gettext("This step is not allowed from the status “%(state)s”.") % {"state": obj.get_state_display()}
        if transition.system or system:
            if transition.system != system:
                return (
                    gettext("This step is taken by the system.") if transition.system else gettext("Not a system step.")
                )
            return transition.guard(obj, user, membership, workflow) if transition.guard else None
        if membership is None or membership.role not in transition.roles:
            return gettext("Your role does not allow this step.")
        if transition.own_only and not (self.owner and self.owner(obj, user, membership)):
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


SYSTEM = frozenset()  # no role: the services fire these steps


def _notice(key, kind, title, audience, **kwargs):
    return Notice(key, f"request_{kind}", title, audience, **kwargs)


WORK_DONE = _notice(
    "complete",
    "completed",
    _("Work done on your request %(number)s: please acknowledge it"),
    rules.REQUESTER,
    on=S.DONE,
)


REQUEST_TRANSITIONS = (
    Transition(
        "submit",
        _("Submit"),
        (S.DRAFT,),
        S.SUBMITTED,
        ASKERS,
        own_only=True,
        effect=rules.submitted,
        notify=(_notice("submit", "submitted", _("New request to validate: %(number)s"), rules.submit_audience),),
    ),
    Transition(
        "validate",
        _("Validate (department)"),
        (S.SUBMITTED,),
        S.VALIDATED,
        frozenset({R.DEPARTMENT_HEAD, R.ADMIN}),
        guard=rules.may_validate,
        effect=rules.validated,
        notify=(
            _notice(
                "validate", "validated", _("Request validated by the department: %(number)s"), rules.TECHNICAL_SERVICES
            ),
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
        guard=rules.may_approve,
        effect=rules.approved,
        notify=(
            _notice("approve", "approved", _("Your request %(number)s is approved"), rules.REQUESTER, on=S.APPROVED),
            _notice(
                "second",
                "second_approval",
                _("Second approval needed: %(number)s"),
                rules.TECHNICAL_SERVICES,
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
        guard=rules.may_reject,
        effect=rules.responded,
        notify=(
            _notice("reject", "rejected", _("Your request %(number)s is rejected"), rules.REQUESTER, with_reason=True),
        ),
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
        notify=(_notice("cancel", "cancelled", _("Request cancelled: %(number)s"), rules.TECHNICAL_SERVICES),),
    ),
    Transition(
        "hold",
        _("Put on hold"),
        (S.APPROVED, S.PLANNED, S.IN_PROGRESS),
        S.ON_HOLD,
        MANAGERS,
        needs_reason=True,
        style="secondary",
        effect=rules.held,
    ),
    # back to where its work orders put it (they may have moved meanwhile)
    Transition(
        "resume",
        _("Resume"),
        (S.ON_HOLD,),
        S.IN_PROGRESS,
        MANAGERS,
        effect=rules.request_resumed,
        notify=(WORK_DONE,),
    ),
    # approved but nothing to do (a duplicate, already repaired, not ours): closed with its reason, no work order
    Transition(
        "close_without_work",
        _("Close without work"),
        (S.APPROVED, S.ON_HOLD),
        S.CLOSED_WITHOUT_WORK,
        MANAGERS,
        needs_reason=True,
        style="secondary",
        guard=rules.may_close_without_work,
        effect=rules.closed_without_work,
        notify=(
            _notice(
                "close_without_work",
                "closed_without_work",
                _("Your request %(number)s is closed without work"),
                rules.REQUESTER,
                with_reason=True,
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
        effect=rules.closed,
    ),
    Transition(
        "reopen",
        _("Reopen"),
        (S.CLOSED, S.CLOSED_WITHOUT_WORK, S.DONE),
        S.APPROVED,
        ASKERS,
        needs_reason=True,
        own_only=True,
        style="secondary",
        guard=rules.may_reopen,
        effect=rules.reopened,
        notify=(_notice("reopen", "reopened", _("Request reopened: %(number)s"), rules.TECHNICAL_SERVICES),),
    ),
    # System steps: the services take them (`services.requests`), no user is offered them.
    # Planned, in progress, done: only as its work orders move (done once every one of them is finished).
    Transition(
        "follow",
        _("Follow its work orders"),
        FOLLOWS_WORK_ORDERS,
        S.DONE,
        SYSTEM,
        system=True,
        guard=rules.may_follow,
        effect=rules.followed,
        notify=(WORK_DONE,),
    ),
    # not acknowledged within the organization's delay: closed by the system, the rating left empty
    Transition(
        "close_unacknowledged",
        _("Close unacknowledged work"),
        (S.DONE,),
        S.CLOSED,
        SYSTEM,
        system=True,
        guard=rules.acknowledgement_overdue,
        effect=rules.closed_unacknowledged,
    ),
)

REQUESTS = Table(
    REQUEST_TRANSITIONS,
    moved=_("This request changed meanwhile: it is now “%(state)s”."),
    detail_url="interventions:request-detail",
    owner=rules.is_own_request,
)


CONTRACTOR = frozenset({R.CONTRACTOR})
FIELD = frozenset({R.AGENT, R.MANAGER, R.ADMIN})


def _wo_notice(kind, title, audience=rules.TECHNICAL_SERVICES, **kwargs):
    return Notice(kind, f"workorder_{kind}", title, audience, **kwargs)


WORK_ORDER_TRANSITIONS = (
    Transition("accept", _("Accept"), (W.TO_PLAN, W.PLANNED), W.ACCEPTED, CONTRACTOR, guard=rules.may_accept),
    Transition(
        "start",
        _("Start"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED),
        W.IN_PROGRESS,
        FIELD | CONTRACTOR,
        guard=rules.may_start,  # a work order that asks for a quote starts once the quote is approved
        effect=rules.started,
    ),
    Transition(
        "hold",
        _("Put on hold"),
        (W.PLANNED, W.ACCEPTED, W.IN_PROGRESS),
        W.ON_HOLD,
        FIELD | CONTRACTOR,
        needs_reason=True,
        style="secondary",
        effect=rules.held,
    ),
    Transition("resume", _("Resume"), (W.ON_HOLD,), W.IN_PROGRESS, FIELD | CONTRACTOR, effect=rules.resumed),
    Transition(
        "complete", _("Complete with a report"), (W.IN_PROGRESS,), W.DONE, FIELD | CONTRACTOR, effect=rules.reported
    ),
    Transition("close", _("Close"), (W.DONE,), W.CLOSED, MANAGERS | CONTRACTOR, effect=rules.work_order_closed),
    Transition(
        "cancel",
        _("Cancel"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED, W.ON_HOLD),
        W.CANCELLED,
        MANAGERS,
        needs_reason=True,
        style="danger",
    ),
    # The contractor gives the work back (with a reason): to plan again, without a contractor (`rules.declined`).
    Transition(
        "decline",
        _("Decline the work"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED),
        W.TO_PLAN,
        CONTRACTOR,
        needs_reason=True,
        style="danger",
        effect=rules.declined,
        notify=(_wo_notice("declined", _("Work order declined by the contractor: %(number)s"), with_reason=True),),
    ),
    # The quote (devis) of a work order with `quote_required`: the steps keep the state, they set `quote_status`.
    Transition(
        "submit_quote",
        _("Submit a quote"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED),
        W.TO_PLAN,  # the effect keeps the state
        CONTRACTOR,
        guard=rules.may_submit_quote,
        effect=rules.quote_submitted,
        notify=(_wo_notice("quote_submitted", _("Quote to approve: %(number)s")),),
    ),
    Transition(
        "approve_quote",
        _("Approve the quote"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED),
        W.TO_PLAN,  # the effect keeps the state
        MANAGERS,
        guard=rules.may_decide_quote,
        effect=rules.quote_approved,
        notify=(_wo_notice("quote_approved", _("Your quote is approved: %(number)s"), rules.CONTRACTOR),),
    ),
    Transition(
        "reject_quote",
        _("Reject the quote"),
        (W.TO_PLAN, W.PLANNED, W.ACCEPTED),
        W.TO_PLAN,  # the effect keeps the state
        MANAGERS,
        needs_reason=True,
        style="danger",
        guard=rules.may_decide_quote,
        effect=rules.quote_rejected,
        notify=(
            _wo_notice("quote_rejected", _("Your quote is rejected: %(number)s"), rules.CONTRACTOR, with_reason=True),
        ),
    ),
)

WORK_ORDERS = Table(
    WORK_ORDER_TRANSITIONS,
    moved=_("This work order changed meanwhile: it is now “%(state)s”."),
    detail_url="interventions:workorder-detail",
    access=rules.work_order_access,
)

REQUEST_BY_NAME = REQUESTS.by_name
WORK_ORDER_BY_NAME = WORK_ORDERS.by_name
