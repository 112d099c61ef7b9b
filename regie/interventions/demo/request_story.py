"""The story of a request: validation, approvals, refusals, follow-ups, acknowledgement."""

from datetime import timedelta
from functools import partial

from regie.core.permissions import Role
from regie.core.working_time import add_working_hours

from ..models import (
    InterventionRequest,
)
from ..services.requests import UNACKNOWLEDGED
from ..transitions import derived_request_state
from ..workflow import RequestState as S
from . import data
from .base import (
    API,
    APPROVAL_DELAY,
    CLOSE_DELAY,
    CREATE,
    DRAFT_SHARE,
    NEVER_ACKNOWLEDGED,
    SECOND_APPROVAL_DELAY,
    SYSTEM,
    TRANSITION,
    VALIDATION_DELAY,
    WEB,
    _hours,
    _lognormal,
)


class RequestStory:
    """Each request's workflow events up to the present moment."""

    # (a request's plan or a work order's: both keep their events, state and last reason the same way)
    def event(self, record, at, action, changes, actor, channel, reason=""):
        record.events.append((at, action, changes, actor, channel, reason))

    def move(self, record, at, target, actor, channel, reason=""):
        self.event(record, at, TRANSITION, {"state": [record.state, target]}, actor, channel, reason)
        record.state = target
        if reason:
            record.last_reason = reason

    def decision_channel(self):
        return API if self.rng.random() < 0.03 else WEB

    def tell(self, plan):
        rng, now, force = self.rng, self.now, plan.force
        rank = plan.priority.rank
        channel = API if plan.channel == InterventionRequest.Channel.API else WEB
        self.event(plan, plan.created, CREATE, None, plan.requester, channel)
        if force.get("stop") == "draft" or (
            not force and now - plan.created < timedelta(days=20) and rng.random() < DRAFT_SHARE * 5
        ):
            return
        t = plan.created + timedelta(seconds=rng.randrange(2, 40))
        t = min(t, now)
        self.move(plan, t, S.SUBMITTED, plan.requester, channel)
        plan.submitted_at = t
        due = partial(
            add_working_hours,
            t,
            working_days_only=plan.priority.working_days_only,
            calendar=self.workflow.holiday_calendar,
        )
        plan.response_due, plan.resolution_due = due(plan.priority.response_hours), due(plan.priority.resolution_hours)
        stop = force.get("stop")
        if stop == "submitted":
            return
        outcome = force.get("outcome") or self.outcome()
        head = self.ref.heads.get(plan.department.code)
        if self.workflow.department_validation and head is not None:
            decided = force.get("validated_at") or self.working(t + self.delay(VALIDATION_DELAY, rank), rank)
            if self.cancelled(plan, outcome, t, decided):
                return
            if decided > now:
                return
            plan.responded_at = decided
            if outcome == "reject_head":
                self.move(plan, decided, S.REJECTED, head, self.decision_channel(), rng.choice(data.REJECTION_REASONS))
                return
            self.move(plan, decided, S.VALIDATED, head, self.decision_channel())
            plan.validated_at = t = decided
            if stop == "validated":
                return
        decided = force.get("approved_at") or self.working(t + self.delay(APPROVAL_DELAY, rank), rank)
        if plan.state == S.SUBMITTED and self.cancelled(plan, outcome, t, decided):
            return
        if decided > now:
            return
        manager = self.approver(plan)
        plan.responded_at = plan.responded_at or decided
        if outcome in ("reject_head", "reject_manager"):
            self.move(plan, decided, S.REJECTED, manager, self.decision_channel(), rng.choice(data.REJECTION_REASONS))
            return
        threshold = self.workflow.second_approval_threshold
        if threshold is not None and (plan.estimated or 0) > threshold:
            first = force.get("first_approver") or manager
            self.move(plan, decided, S.AWAITING_SECOND_APPROVAL, first, self.decision_channel())
            plan.first_approved_by = first
            if stop == "first_approval":
                return
            decided = self.working(decided + self.delay(SECOND_APPROVAL_DELAY, rank), rank)
            if decided > now:
                return
            manager = self.users[Role.MANAGER] if first != self.users[Role.MANAGER] else self.users[Role.ADMIN]
        self.move(plan, decided, S.APPROVED, manager, self.decision_channel())
        plan.approved_at = decided
        self.work(plan, decided)
        self.follow(plan)
        self.acknowledge(plan)

    def outcome(self):
        r = self.rng.random()
        rejected = data.REJECTED_SHARE[self.key]
        if r < rejected * 0.65:
            return "reject_head"
        if r < rejected:
            return "reject_manager"
        if r < rejected + data.CANCELLED_SHARE:
            return "cancel"
        return "approve"

    def cancelled(self, plan, outcome, since, decided):
        if outcome != "cancel":
            return False
        at = since + (decided - since) * self.rng.uniform(0.2, 0.9)
        if at <= self.now:
            self.move(plan, at, S.CANCELLED, plan.requester, WEB, self.rng.choice(data.CANCELLATION_REASONS))
        return True

    def approver(self, plan):
        manager = self.ref.managers.get(plan.category.department.code)
        if self.key == "village":
            return self.demo.users["manager.agglo"] if self.rng.random() < 0.3 else self.users[Role.MANAGER]
        if manager is None or self.rng.random() < 0.2:
            return self.users[Role.MANAGER] if self.rng.random() < 0.85 else self.users[Role.ADMIN]
        return manager

    def manager_of(self, category):
        return self.ref.managers.get(category.department.code) or self.users[Role.MANAGER]

    def follow(self, plan):
        """The system steps `sync_request` records: planned, in progress, done as the work orders move."""
        moves = []
        for order in plan.work_orders:
            moves.append((order.created, order, order.created_state))
            moves += [(e[0], order, e[2]["state"][1]) for e in order.events if e[2] and "state" in e[2]]
        moves.sort(key=lambda m: m[0])
        states = {}
        for at, order, state in moves:
            states[id(order)] = state
            target = derived_request_state(states.values())
            if plan.state == target or plan.state not in (S.APPROVED, S.PLANNED, S.IN_PROGRESS, S.DONE):
                continue
            actor = next((e[3] for e in order.events if e[0] == at), order.manager)
            self.move(plan, at, target, actor, SYSTEM)
            plan.done_at = at if target == S.DONE else None

    def acknowledge(self, plan):
        rng = self.rng
        if plan.state != S.DONE or plan.force.get("no_close"):
            return
        never = rng.random() < NEVER_ACKNOWLEDGED
        closed = self.working(plan.done_at + _hours(_lognormal(rng, *CLOSE_DELAY)))
        # the daily job closes what is not acknowledged within the organization's delay (its night run)
        days = self.workflow.acknowledgement_days
        expires = (plan.done_at + timedelta(days=days + 1)).replace(hour=2, minute=30, second=0, microsecond=0)
        if never or closed > expires:
            if expires <= self.now:
                reason = str(UNACKNOWLEDGED % {"days": days})
                self.event(plan, expires, TRANSITION, {"state": [S.DONE, S.CLOSED]}, None, SYSTEM, reason)
                plan.state, plan.closed_at, plan.last_reason = S.CLOSED, expires, reason
            return
        if closed > self.now:
            return
        late = plan.resolution_due is not None and plan.done_at > plan.resolution_due
        weights = ((5, 30), (4, 35), (3, 20), (2, 10), (1, 5)) if late else data.SATISFACTION
        rating = rng.choices([r for r, _ in weights], [w for _, w in weights])[0]
        comments = data.LATE_COMMENTS if late and rating in data.LATE_COMMENTS else data.SATISFACTION_COMMENTS
        comment = rng.choice(comments[rating]) if rng.random() < (0.25 if rating >= 4 else 0.7) else ""
        changes = {"state": [S.DONE, S.CLOSED], "satisfaction": [None, rating]}
        channel = API if plan.channel == InterventionRequest.Channel.API else WEB
        self.event(plan, closed, TRANSITION, changes, plan.requester, channel)
        plan.state, plan.closed_at, plan.satisfaction, plan.satisfaction_comment = S.CLOSED, closed, rating, comment
