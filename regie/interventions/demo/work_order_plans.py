"""The work orders of an approved request: trade, team, agents, planned slot."""

import math
from datetime import timedelta
from decimal import Decimal

from regie.core.permissions import Role

from ..models import (
    WorkOrder,
)
from . import data
from .base import MOBILE, ORDER_DELAY, QUARTER, START_DELAY, TWO_TRADES_SHARE, WEB, _hours, _lognormal, _quarter
from .plans import WorkOrderPlan


class WorkOrderPlanning:
    """Which work orders a request needs, who does them and when they are planned."""

    def work(self, plan, approved):
        rng, force, rank = self.rng, plan.force, plan.priority.rank
        created = force.get("ordered_at")
        if created is None:
            created = approved + self.delay(ORDER_DELAY, rank)
            created = self.working(created) if rank > 1 else created
        if created > self.now:
            return
        first = self.work_order(plan, created, plan.category, plan.job, plan.job_hours)
        start = force.get("start") or self.first_start(plan, approved)
        self.run(first, start)
        if force:
            return
        follow_up = plan.category.spec.follow_up
        if follow_up in self.ref.categories and rng.random() < TWO_TRADES_SHARE and first.planned_end:
            category = self.ref.categories[follow_up]
            job = rng.choice(category.spec.jobs)
            second = self.work_order(
                plan,
                created + timedelta(minutes=rng.randrange(2, 30)),
                category,
                job,
                _lognormal(rng, category.spec.hours, 0.5),
            )
            if second is not None:
                day = self.working_day(first.planned_end.date() + timedelta(days=rng.randrange(1, 6)))
                self.run(second, self.at(day, rng.choice((8, 8, 9, 13, 14)), rng.choice((0, 30))))

    def first_start(self, plan, approved):
        rng, rank = self.rng, plan.priority.rank
        start = approved + self.delay(START_DELAY, rank, 1.8 if plan.big else 1.0)
        if rank == 1:
            return start
        if rank == 2 and self.working(start) == start and start.hour < 16:
            return start.replace(minute=0 if start.minute < 30 else 30, second=0, microsecond=0)
        day = self.working_day(start.date() if start.hour < 15 else start.date() + timedelta(days=1))
        if plan.event is not None and plan.desired_date:
            if plan.category.spec.code == "PROPRE":  # cleaning after the event
                day = max(day, self.working_day(plan.desired_date))
            else:  # setting up before it, if there is time
                latest = self.previous_working_day(plan.desired_date)
                if day > latest >= approved.date() + timedelta(days=1):
                    day = latest
        return self.at(day, rng.choice((8, 8, 8, 9, 10, 13, 14)), rng.choice((0, 0, 30)))

    def work_order(self, plan, created, category, job, hours):
        if created > self.now:
            return None
        rng, spec = self.rng, category.spec
        force = plan.force
        kind = WorkOrder.Kind.URGENT if plan.priority.rank == 1 else WorkOrder.Kind.CORRECTIVE
        if spec.code == "LOGIST":
            kind = WorkOrder.Kind.INTERNAL
        order = WorkOrderPlan(
            plan,
            created,
            category,
            plan.title if category is plan.category else job[0][:160],
            job[1],
            self.manager_of(category),
            hours,
            kind=kind,
            force=force,
        )
        contractors = force.get("contractors", self.contractors_for.get(spec.code, []))
        share = data.CONTRACTOR_SHARE[self.key] * (4 if spec.code == "ELAG" and self.key != "agglo" else 1)
        by_contractor = force.get("execution") == WorkOrder.Execution.CONTRACTOR or (
            not force and contractors and rng.random() < (0.75 if plan.big else share)
        )
        teams = self.teams_for.get(spec.code) or []
        if by_contractor and contractors:
            order.execution = WorkOrder.Execution.CONTRACTOR
            order.contractor = force.get("contractor") or rng.choice(contractors)
        elif teams:
            order.team = force.get("team") or rng.choice(teams)
            members = self.members[order.team.pk]
            able = [a for a in members if spec.skills[0] in a.skill_codes or category.skill.code in a.skill_codes]
            crew = rng.choices((1, 2, 3), spec.crew)[0]
            if plan.big:
                crew = max(crew, 2)
            pool = able if len(able) >= crew else members
            order.agents = force.get("agents") or rng.sample(pool, min(crew, len(pool)))
        elif contractors:
            order.execution = WorkOrder.Execution.CONTRACTOR
            order.contractor = rng.choice(contractors)
        plan.work_orders.append(order)
        return order

    def field_actor(self, order):
        """Who moves the work order in the field: the demo agent (mobile app) or contractor, else the manager."""
        if order.contractor is not None and order.contractor.pk == self.demo_contractor.pk:
            return self.users[Role.CONTRACTOR], WEB
        if self.demo_agent is not None and any(a.pk == self.demo_agent.pk for a in order.agents):
            return self.users[Role.AGENT], MOBILE
        return order.manager, WEB

    def schedule(self, order, start):
        """The working days of the job and the hours each agent spends on each."""
        rank = order.request.priority.rank
        crew = max(1, len(order.agents))
        if order.execution == WorkOrder.Execution.CONTRACTOR:
            span = max(1, round(_lognormal(self.rng, 6 if order.request.big else 1, 0.6)))
            per_agent = Decimal(0)
        else:
            per_agent = _quarter(max(0.5, order.job_hours / crew))
            span = 1 if per_agent <= Decimal("7.5") else math.ceil(per_agent / 7)
        days, day = [], start.date()
        for _ in range(span):
            day = day if rank == 1 and not days else self.working_day(day)
            days.append(day)
            day += timedelta(days=1)
        if per_agent:
            each = _quarter(per_agent / span)
            per_day = [each] * (span - 1) + [max(QUARTER, per_agent - each * (span - 1))]
        else:
            per_day = [Decimal(0)] * span
        return days, per_day

    def finish_time(self, order, days, per_day, started):
        if len(days) == 1:
            hours = float(per_day[0]) or _lognormal(self.rng, 3, 0.5)
            lunch = 1 if started.hour < 12 < started.hour + hours else 0
            return started + _hours(hours + lunch)
        hours = float(per_day[-1]) or _lognormal(self.rng, 4, 0.4)
        return self.at(days[-1], 8) + _hours(hours + (1 if hours > 4 else 0))
