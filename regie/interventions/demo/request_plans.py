"""How many requests are filed, when, of which category, department and priority."""

import math
from datetime import timedelta
from itertools import accumulate

from regie.core.permissions import Role

from ..models import (
    InterventionRequest,
)
from . import categories, data
from .base import API_SHARE, BIG_JOBS, BIG_SHARE, _lognormal, _share_out, request_volume
from .plans import RequestPlan
from .reference import _affinity_code


class RequestPlanning:
    """The requests of the history: volumes by day and event, category, department, priority."""

    def plans(self):
        """Every request of the history (and the live items), told up to now, oldest first."""
        rng, total = self.rng, request_volume(self.demo, self.key)
        days, base = self.day_weights()
        categories = list(self.ref.categories.values())
        event_total = round(total * data.EVENT_SHARE[self.key]) if self.ref.events else 0
        shares = [c.spec.share for c in categories]
        counts = _share_out(total - event_total, shares)
        plans = []
        for category, count in zip(categories, counts, strict=True):
            season = category.spec.season
            cumulative = list(accumulate(w * season[d.month - 1] for d, w in zip(days, base, strict=True)))
            for index in rng.choices(range(len(days)), cum_weights=cumulative, k=count):
                created = self.moment(days[index])
                if created is not None:
                    plans.append(self.new_plan(created, category))
        plans += self.event_plans(event_total)
        plans += self.live_plans()
        plans.sort(key=lambda p: p.created)
        for plan in plans:
            self.tell(plan)
        return plans

    def event_plans(self, total):
        rng, plans = self.rng, []
        occurrences = self.ref.events
        if not total or not occurrences:
            return plans
        counts = _share_out(total, [o.spec.size for o in occurrences])
        for occurrence, count in zip(occurrences, counts, strict=True):
            spec = occurrence.spec
            mix = [(code, w) for code, w in spec.categories if code in self.ref.categories]
            departments = [self.org.departments[c] for c in spec.departments if c in self.org.departments]
            if not mix:
                continue
            for _ in range(count):
                code = rng.choices([c for c, _ in mix], [w for _, w in mix])[0]
                after = code == "PROPRE"
                if after:
                    day = occurrence.ends + timedelta(days=rng.choice((0, 1, 1, 2)))
                else:
                    day = occurrence.starts - timedelta(days=min(60, max(2, round(_lognormal(rng, 16, 0.6)))))
                created = self.moment(self.working_day(day) if not after else day)
                if created is None:
                    continue
                department = rng.choice(departments) if departments else None
                plan = self.new_plan(created, self.ref.categories[code], department=department, event=occurrence)
                plans.append(plan)
        return plans

    def new_plan(self, created, category, *, department=None, event=None, force=None, priority_rank=None):
        rng, spec, force = self.rng, category.spec, force or {}
        department = department or force.get("department") or self.pick_department(category)
        rank = priority_rank or self.pick_priority(spec)
        if event is not None and rank == 1:
            rank = 2
        priority = self.ref.priorities[rank - 1]
        big = force.get("big", False)
        if not force and event is None and spec.code in BIG_JOBS and rank == 3 and rng.random() < BIG_SHARE:
            big = True
        requesters = self.ref.requesters.get(department.code) or [self.users[Role.REQUESTER]]
        requester = force.get("requester") or requesters[0]
        if "requester" not in force and department.code in self.ref.heads and rng.random() < 0.12:
            requester = self.ref.heads[department.code]  # heads file requests too
        plan = RequestPlan(created, category, department, priority, requester, event=event, force=force, big=big)
        if big:
            plan.job = BIG_JOBS[spec.code]
            plan.job_hours = _lognormal(rng, spec.hours * 10, 0.5)
        else:
            urgent = spec.urgent_jobs if rank <= 2 and spec.urgent_jobs and rng.random() < 0.7 else ()
            plan.job = rng.choice(urgent or spec.jobs)
            plan.job_hours = _lognormal(rng, spec.hours * 1.25, 0.7)
        self.describe(plan)
        self.budget(plan)
        self.attach_asset(plan)
        if rng.random() < API_SHARE:
            plan.channel = InterventionRequest.Channel.API
        return plan

    def pick_department(self, category):
        affinity = categories.AFFINITY[categories.CATEGORY_AFFINITY[category.spec.code]]
        weights = [affinity.get(_affinity_code(d.code), 0.4) for d in self.requesting]
        return self.rng.choices(self.requesting, weights)[0]

    def pick_priority(self, spec):
        u = spec.urgency
        p1, p2, p3, p4 = data.PRIORITY_SHARES
        return self.rng.choices((1, 2, 3, 4), (p1 * u, p2 * math.sqrt(u), p3, p4 / math.sqrt(u)))[0]
