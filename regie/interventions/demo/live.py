"""The live items left for the demo users (see `LIVE`)."""

from datetime import timedelta

from regie.core.permissions import Role

from ..models import (
    WorkOrder,
)
from .base import BIG_JOBS, LIVE, _hours, _round_estimate


class LivePlans:
    """Requests and work orders waiting for the demo users today."""

    def reported_twice(self, first=None, second=None):
        """The second request is about the asset of the first (the department head's duplicate hint shows it),
        when both are of the same category."""
        if first is None or second is None or first.category is not second.category:
            return
        if first.asset is None:
            self.attach_asset(first, required=True)
        if first.asset is not None:
            self._take_place(second, first.asset)

    def live_plans(self):
        """A few items waiting for the demo users now: to validate, to approve, to acknowledge, to do this week."""
        rng, now, users = self.demo.rng("interventions_live", self.key), self.now, self.users
        saved, self.rng = self.rng, rng
        try:
            own = self.org.departments[self.org.spec.request_department]
            building = [c for c in self.ref.categories.values() if not c.spec.outdoor and c.spec.jobs]
            plans = []

            def plan(kind, created, category, **force):
                force.setdefault("requester", users[Role.REQUESTER])
                force.setdefault("department", own)
                force["stop"] = force.get("stop", kind)
                made = self.new_plan(created, category, force=force, priority_rank=force.pop("rank", 3))
                plans.append(made)
                return made

            counts = dict(LIVE)
            leak = self.ref.categories.get("PLOMB")  # the first two: a leak reported twice (`reported_twice`)
            submitted = []
            for index in range(counts["submitted"]):
                created, category = now - timedelta(hours=rng.uniform(1, 30)), rng.choice(building)
                category = leak if leak is not None and index < 2 else category
                submitted.append(plan("submitted", created, category, outcome="approve"))
            self.reported_twice(*submitted[:2])
            for _ in range(counts["validated"] if self.workflow.department_validation else 0):
                created = now - timedelta(hours=rng.uniform(30, 80))
                validated = min(now - timedelta(minutes=20), created + timedelta(hours=rng.uniform(2, 20)))
                plan("validated", created, rng.choice(building), outcome="approve", validated_at=validated)
            threshold = self.workflow.second_approval_threshold
            big = [c for c in building if c.spec.code in BIG_JOBS]
            for _ in range(counts["first_approval"] if threshold is not None and big else 0):
                created = now - timedelta(days=rng.uniform(4, 6))
                plan(
                    "first_approval",
                    created,
                    rng.choice(big),
                    outcome="approve",
                    big=True,
                    estimate=_round_estimate(float(threshold) * rng.uniform(1.2, 2.5)),
                    validated_at=created + timedelta(hours=rng.uniform(3, 20)),
                    approved_at=now - timedelta(hours=rng.uniform(2, 20)),
                    first_approver=users[Role.ADMIN],
                )
            for _ in range(counts["done"]):
                created = now - timedelta(days=rng.uniform(8, 12))
                start = self.at(self.previous_working_day(self.today - timedelta(days=3)), 9)
                plan(
                    "done",
                    created,
                    rng.choice(building),
                    outcome="approve",
                    stop=None,
                    no_close=True,
                    fixed=True,
                    start=start,
                    validated_at=created + _hours(2),
                    approved_at=created + _hours(5),
                    ordered_at=created + _hours(6),
                )
            plans += self._this_week(plan, counts["this_week"])
            plans += self._contractor_job(plan, counts["contractor"])
            return list({id(p): p for p in plans}.values())
        finally:
            self.rng = saved

    def _this_week(self, plan, count):
        """Work orders of the demo agent's team on each day of the current week (the planning calendar)."""
        agent, rng, now = self.demo_agent, self.rng, self.now
        if agent is None or agent.team is None:
            return []
        trade = self.team_trade.get(agent.team.pk)
        categories = [c for c in self.ref.categories.values() if c.skill.code == trade] or [
            c for c in self.ref.categories.values() if c.skill.code in agent.skill_codes
        ]
        if not categories:
            return []
        mates = [a for a in self.members[agent.team.pk] if a.pk != agent.pk]
        monday = self.today - timedelta(days=self.today.weekday())
        made = []
        for index in range(count):
            day = self.working_day(monday + timedelta(days=index % 5 + (7 if index >= 5 else 0)))
            start = self.at(day, 8 if index % 2 else 13, 30)
            created = self.at(monday, 9) - timedelta(days=rng.randrange(3, 10))
            crew = [agent, *rng.sample(mates, min(len(mates), rng.choice((0, 1))))]
            made.append(
                plan(
                    "this_week",
                    created,
                    rng.choice(categories),
                    stop=None,
                    outcome="approve",
                    start=start,
                    team=agent.team,
                    agents=crew,
                    contractors=[],
                    fixed=True,
                    validated_at=created + _hours(3),
                    approved_at=created + _hours(26),
                    ordered_at=min(now - timedelta(minutes=30), created + _hours(28)),
                    requester=None if rng.random() < 0.5 else self.users[Role.REQUESTER],
                    department=None,
                )
            )
        return made

    def _contractor_job(self, plan, count):
        """A work order given to the demo contractor's company, waiting for it to accept."""
        contractor, rng, now = self.demo_contractor, self.rng, self.now
        trades = {s.code for s in contractor.trade_skills}
        categories = [c for c in self.ref.categories.values() if c.skill.code in trades]
        if not categories or not count:
            return []
        created = now - timedelta(days=3)
        start = self.at(self.working_day(self.today + timedelta(days=3)), 9)
        return [
            plan(
                "contractor",
                created,
                rng.choice(categories),
                stop=None,
                outcome="approve",
                execution=WorkOrder.Execution.CONTRACTOR,
                contractor=contractor,
                contractors=[contractor],
                accept=False,
                start=start,
                validated_at=created + _hours(4),
                approved_at=created + _hours(24),
                ordered_at=min(now - timedelta(minutes=30), created + _hours(26)),
            )
        ]
