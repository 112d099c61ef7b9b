"""The story of a work order: planned, started, on hold, done, closed."""

from datetime import timedelta

from regie.core.permissions import Role

from ..models import (
    CostLine,
    WorkOrder,
)
from ..workflow import WorkOrderState as W
from . import data
from .base import (
    CREATE,
    FIRST_VISIT_FIX,
    FOLLOW_UP_SHARE,
    HOLD_SHARE,
    PLANNED_AT_ONCE,
    TRANSITION,
    UPDATE,
    WEB,
    WORK_ORDER_CLOSE_DELAY,
    _hours,
    _lognormal,
    _quarter,
)


class WorkOrderRun:
    """Each work order's workflow events up to the present moment."""

    def run(self, order, start):
        """The life of a work order from its creation (planned at once or later) up to now."""
        rng, now, force = self.rng, self.now, order.force
        rank = order.request.priority.rank
        manager = order.manager
        contractor_work = order.execution == WorkOrder.Execution.CONTRACTOR
        start = max(start, order.created + timedelta(minutes=5))
        days, per_day = self.schedule(order, start)
        morning = start.replace(hour=8, minute=30)
        if len(days) == 1 and rank > 1 and start.hour + float(per_day[0]) > 16.5 and morning > order.created:
            start = morning  # a long job starts in the morning
        order.estimated_hours = _quarter(order.job_hours) if not contractor_work else None
        order.planned_start = start
        if len(days) == 1:
            hours = max(1.0, float(per_day[0]))
            order.planned_end = start + _hours(hours + (1 if start.hour < 12 < start.hour + hours else 0))
        else:
            order.planned_end = self.at(days[-1], 17)
        if force.get("start") or rng.random() < PLANNED_AT_ONCE:
            order.created_state = order.state = W.PLANNED
            self.event(order, order.created, CREATE, None, manager, WEB)
        else:
            order.created_state = W.TO_PLAN
            self.event(order, order.created, CREATE, None, manager, WEB)
            planned = min(start - timedelta(minutes=30), self.working(order.created + _hours(_lognormal(rng, 6, 1))))
            planned = max(planned, order.created + timedelta(minutes=1))
            if planned > now:
                order.planned_start = order.planned_end = None
                return
            changes = {
                "planned_start": [None, start.isoformat()],
                "planned_end": [None, order.planned_end.isoformat()],
                "state": [W.TO_PLAN, W.PLANNED],
            }
            if order.team is not None:
                changes["team"] = [None, order.team.pk]
                changes["agents"] = [[], sorted(a.pk for a in order.agents)]
            self.event(order, planned, UPDATE, changes, manager, WEB)
            order.state = W.PLANNED
        field_actor, field_channel = self.field_actor(order)
        if contractor_work and force.get("accept", True):
            accepted = min(start - timedelta(minutes=10), order.created + _hours(_lognormal(rng, 20, 0.8)))
            accepted = max(accepted, order.created + timedelta(minutes=2))
            if accepted > now:
                return
            self.move(order, accepted, W.ACCEPTED, field_actor, field_channel)
        started = start + timedelta(minutes=rng.randrange(-10, 40) if rank > 1 else rng.randrange(0, 20))
        if started > now or (contractor_work and not force.get("accept", True)):
            return
        self.move(order, started, W.IN_PROGRESS, field_actor, field_channel)
        order.started_at = started
        hold = None
        if not force and rng.random() < HOLD_SHARE and len(days) > 1:
            held = max(self.at(days[0], 16, rng.randrange(30)), started + _hours(1))
            resumed = self.at(self.working_day(days[0] + timedelta(days=rng.randrange(3, 21))), 8, rng.randrange(60))
            hold = (held, resumed)
            shift = (resumed.date() - days[1]).days
            days = [days[0]] + [self.working_day(d + timedelta(days=shift)) for d in days[1:]]
        completed = self.finish_time(order, days, per_day, started)
        self.costs(order, days, per_day, started, completed)
        if hold:
            held, resumed = hold
            if held > now:
                return
            order.state_before_hold = W.IN_PROGRESS
            self.move(order, held, W.ON_HOLD, field_actor, field_channel, rng.choice(data.HOLD_REASONS))
            if resumed > now:
                return
            self.move(order, resumed, W.IN_PROGRESS, field_actor, field_channel)
        if completed > now:
            return
        fixed = force.get("fixed", rng.random() < FIRST_VISIT_FIX * (1.1 if contractor_work else 1))
        follow_up = not fixed and not force and not contractor_work and rng.random() < FOLLOW_UP_SHARE
        report = order.report if fixed else rng.choice(data.NOT_FIXED_REPORTS)
        if contractor_work:
            report = f"Intervention de l'entreprise : {report}"
        if follow_up and len(order.request.work_orders) < 3:
            again = completed - timedelta(minutes=rng.randrange(5, 60))
            second = self.work_order(
                order.request,
                again,
                order.category,
                (order.title, order.report),
                order.job_hours * rng.uniform(0.4, 1.0),
            )
            if second is not None:
                second.title = f"{order.title} — second passage"[:160]
                soon = 3 if rank <= 2 else 9  # urgent and high-priority work comes back within days
                day = self.working_day(completed.date() + timedelta(days=rng.randrange(1, soon)))
                self.run(second, self.at(day, rng.choice((8, 9, 13, 14)), rng.choice((0, 30))))
        order.report, order.first_visit_fix, order.follow_up_needed = report, fixed, follow_up
        order.completed_at = completed
        changes = {
            "state": [order.state, W.DONE],
            "report": [None, report],
            "first_visit_fix": [None, fixed],
            "follow_up_needed": [None, follow_up],
        }
        self.event(order, completed, TRANSITION, changes, field_actor, field_channel)
        order.state = W.DONE
        if force.get("no_close") or rng.random() < 0.03:
            return
        after = completed
        if contractor_work:
            invoices = [line for line in order.lines if line[0] == CostLine.Kind.CONTRACTOR]
            if not invoices:
                return  # closed once the invoice is in
            after = invoices[0][8]
        recorded = [e[5] for e in order.entries] + [line[8] for line in order.lines]
        closed = self.working(after + _hours(_lognormal(rng, *WORK_ORDER_CLOSE_DELAY)))
        closed = max([closed, *(r + timedelta(minutes=5) for r in recorded)])
        if closed > now:
            return
        closer = field_actor if contractor_work and field_actor == self.users[Role.CONTRACTOR] else manager
        self.move(order, closed, W.CLOSED, closer, WEB)
        order.closed_at = closed
