"""Demo steps of the interventions app: reference data, then two years of activity ending today.

`interventions_reference` gives each demo organization its categories (each with its usual trade and
technical department), the four standard priorities, M57 budget lines per requesting department and year,
cost codes for its events (one per edition) and works projects, its workflow settings, and the people the
history needs: a referent and a head per requesting department, a manager per technical department. Those
are users of the organization (memberships audited like the rest of the demo) who cannot sign in.

`interventions_history` tells the story of ~15,000 requests a year in the big town (3,000 in the mid-size
town, 150 in the village, 1,000 at the agglomeration; times `--scale`, times `--history`) over the 730 days
before today: when they are filed (seasons, events, weekdays, August), how long each step takes by priority,
who acts (requester, department head, manager, agent, contractor), which team and agents do the work, the
hours at the agent's rate, materials, equipment, contractor invoices, reports, first-visit fixes, ratings.
Each story stops at the present moment, so old requests are closed (or rejected, cancelled) and recent ones
are at every step of the workflow. Rows are built in Python and inserted in bulk, with their audit trail
(timestamped as the history says), the number sequences (DI-/BT-YYYY-NNNNNN, the counters left at the last
number) and notifications; a few live items wait for the demo users (see `LIVE`).

The cost totals of work orders and requests are the sums of their time entries and cost lines, as the cost
services keep them.
"""

import json
import math
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from itertools import accumulate
from zoneinfo import ZoneInfo

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.urls import reverse
from django.utils import timezone, translation

from regie.core import audit
from regie.core.factories import MembershipFactory, UserFactory
from regie.core.models import AuditEvent, Counter, User
from regie.core.permissions import Role
from regie.core.working_time import add_working_hours
from regie.demo import data
from regie.demo.accounts import username as demo_username
from regie.demo.generator import demo_step
from regie.notifications.models import Notification
from regie.people.models import Department

from .factories import BudgetLineFactory, CategoryFactory, CostCodeFactory, PriorityFactory, standard_priority_fields
from .models import (
    BudgetLine,
    CostLine,
    InterventionRequest,
    TimeEntry,
    WorkflowSettings,
    WorkOrder,
    normalize_place,
)
from .services.requests import KINDS, MESSAGES
from .services.work_orders import ASSIGNED, ASSIGNED_KIND, derived_request_state
from .workflow import RequestState as S
from .workflow import WorkOrderState as W

HISTORY_DAYS = 730
BATCH = 2000
CENT, QUARTER = Decimal("0.01"), Decimal("0.25")
ZERO = Decimal("0.00")
TECHNICAL, REQUESTING = Department.Kind.TECHNICAL, Department.Kind.REQUESTING
CREATE, TRANSITION, UPDATE = AuditEvent.Action.CREATE, AuditEvent.Action.TRANSITION, AuditEvent.Action.UPDATE
WEB, API, MOBILE, SYSTEM = (
    AuditEvent.Channel.WEB,
    AuditEvent.Channel.API,
    AuditEvent.Channel.MOBILE,
    AuditEvent.Channel.SYSTEM,
)

# Delays by priority rank (1 → 4): (median hours, spread) of a log-normal draw.
VALIDATION_DELAY = {1: (0.4, 0.6), 2: (2, 0.9), 3: (18, 1.0), 4: (40, 1.0)}
APPROVAL_DELAY = {1: (0.3, 0.6), 2: (1.5, 0.9), 3: (20, 1.0), 4: (50, 1.0)}
ORDER_DELAY = {1: (0.1, 0.5), 2: (0.5, 0.8), 3: (4, 0.9), 4: (12, 0.9)}  # approval → work order
START_DELAY = {1: (1.5, 0.6), 2: (2.5, 0.7), 3: (100, 0.8), 4: (420, 0.7)}  # approval → planned start
SECOND_APPROVAL_DELAY = (50, 0.8)
CLOSE_DELAY = (40, 1.1)  # done → the requester acknowledges
WORK_ORDER_CLOSE_DELAY = (30, 1.0)  # done → the manager closes the work order
PLANNED_AT_ONCE = 0.85  # work orders planned as they are created (the others are planned later)
HOLD_SHARE = 0.05
FIRST_VISIT_FIX = 0.8
FOLLOW_UP_SHARE = 0.75  # of the visits that did not fix it: a second work order
TWO_TRADES_SHARE = 0.05
BIG_SHARE = 0.012  # capital works among building and road requests
DRAFT_SHARE = 0.004  # requests left as drafts (recent ones only)
NEVER_ACKNOWLEDGED = 0.04
NOTIFIED_DAYS = 14  # notifications of the demo users for the last two weeks of history
API_SHARE = 0.1  # requests filed through the API (a building-management system, a tablet app)
MAX_DAY_HOURS = Decimal(10)
BIG_JOBS = {
    "PLOMB": ("Réfection complète des sanitaires", "Sanitaires refaits à neuf (réseaux, appareils, faïence)"),
    "ELEC": ("Mise aux normes du tableau électrique", "Tableau général remplacé, circuits repérés"),
    "PEINT": ("Remise en peinture complète du bâtiment", "Bâtiment repeint (murs, plafonds, boiseries)"),
    "SERRUR": ("Remplacement du contrôle d'accès", "Contrôle d'accès par badges posé"),
    "MENUIS": ("Remplacement des menuiseries extérieures", "Fenêtres remplacées par du double vitrage"),
    "MACON": ("Réfection de la toiture-terrasse", "Étanchéité de la toiture-terrasse refaite"),
    "CHAUFF": ("Remplacement de la chaudière", "Chaudière à condensation posée et mise en service"),
    "VOIRIE": ("Réfection de la chaussée", "Chaussée rabotée et enrobé posé sur 200 m"),
    "ECLPUB": ("Rénovation de l'éclairage de la rue", "Candélabres et lanternes LED posés"),
}

# Live items left for the demo users: (what, how many). See `Simulation.live_plans`.
LIVE = (("submitted", 3), ("validated", 3), ("first_approval", 1), ("done", 2), ("this_week", 6), ("contractor", 1))


def _lognormal(rng, median, sigma):
    return rng.lognormvariate(math.log(median), sigma)


def _hours(value):
    return timedelta(hours=value)


def _quarter(hours):
    """Hours to the quarter (at least a quarter)."""
    return max(QUARTER, (Decimal(str(hours)) / QUARTER).quantize(Decimal(1), ROUND_HALF_UP) * QUARTER)


def _money(value):
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def _round_estimate(amount):
    step = 10 if amount < 1000 else 50 if amount < 5000 else 100
    return Decimal(max(step, round(amount / step) * step)).quantize(CENT)


def _easter(year):
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def public_holidays(years):
    days = set()
    for year in years:
        days |= {date(year, m, d) for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))}
        easter = _easter(year)
        days |= {easter + timedelta(days=n) for n in (1, 39, 50)}
    return days


# --- Reference data -------------------------------------------------------------------------------------------
@dataclass
class Occurrence:
    """One edition of an event or one project, with its cost code."""

    spec: object
    starts: date
    ends: date
    cost_code: object = None


@dataclass
class Reference:
    """What the history step needs to know of one organization's interventions set-up."""

    categories: dict = field(default_factory=dict)  # code → Category (its spec on `.spec`)
    priorities: list = field(default_factory=list)  # by rank
    budget_lines: dict = field(default_factory=dict)  # (department code, nature, year) → BudgetLine
    events: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    workflow: WorkflowSettings | None = None
    requesters: dict = field(default_factory=dict)  # requesting department code → [User]
    heads: dict = field(default_factory=dict)  # requesting department code → User
    managers: dict = field(default_factory=dict)  # technical department code → User


def history_window(today):
    return today - timedelta(days=HISTORY_DAYS), today


def _event_dates(spec, year):
    start = date(year, spec.month, spec.day)
    if spec.weekday is not None:
        start += timedelta(days=(spec.weekday - start.weekday()) % 7)
    return start, start + timedelta(days=spec.days - 1)


def _first(mapping, codes, kind=None):
    for code in codes:
        found = mapping.get(code)
        if found is not None and (kind is None or found.kind == kind):
            return found
    return None


@demo_step("interventions_reference", after="accounts")
def create_reference(demo):
    today = timezone.localdate()
    start, end = history_window(today)
    years = range(start.year, end.year + 1)
    people, memberships = [], []
    for key, org in demo.orgs.items():
        ref, organization = Reference(), org.organization
        rng = demo.rng("interventions_reference", key)
        org.extra["interventions"] = ref
        for category in data.CATEGORIES:
            department = _first(org.departments, category.departments, TECHNICAL)
            skill = _first(org.skills, category.skills)
            if department is None or skill is None:
                continue
            built = CategoryFactory.build(
                organization=organization, code=category.code, name=category.name, skill=skill, department=department
            )
            built.spec = category
            ref.categories[category.code] = built
        ref.priorities = [
            PriorityFactory.build(organization=organization, **fields) for fields in standard_priority_fields()
        ]
        requesting = [d for d in org.departments.values() if d.kind == REQUESTING]
        for department in requesting:
            for nature in data.BUDGET_NATURES:
                if nature.departments and _affinity_code(department.code) not in nature.departments:
                    continue
                for year in years:
                    ref.budget_lines[(department.code, nature.code, year)] = BudgetLineFactory.build(
                        organization=organization,
                        code=f"{nature.code}-{department.code}-{year}",
                        name=f"{nature.name} — {department.name} {year}"[:160],
                        section=nature.section,
                        department=department,
                        year=year,
                        amount=None,  # voted amounts: set from the history's spending (see `_vote_budgets`)
                    )
        for event in data.EVENTS:
            if key not in event.organizations:
                continue
            for year in range(start.year, end.year + 2):
                starts, ends = _event_dates(event, year)
                if (event.years and year not in event.years) or ends < start or starts > end + timedelta(days=60):
                    continue
                code = CostCodeFactory.build(
                    organization=organization,
                    code=f"EVT-{year}-{event.stem}",
                    name=f"{event.name} {year}",
                    starts_on=starts,
                    ends_on=ends,
                )
                ref.events.append(Occurrence(event, starts, ends, code))
        for project in data.PROJECTS:
            if key not in project.organizations or project.department not in org.departments:
                continue
            starts, ends = today - timedelta(days=project.starts), today - timedelta(days=project.ends)
            code = CostCodeFactory.build(
                organization=organization,
                code=f"PRJ-{starts.year}-{project.stem}",
                name=project.name,
                starts_on=starts,
                ends_on=ends,
            )
            ref.projects.append(Occurrence(project, starts, ends, code))
        validation, threshold, budget = data.WORKFLOWS[key]
        ref.workflow = WorkflowSettings(
            organization=organization,
            department_validation=validation,
            second_approval_threshold=threshold,
            budget_required=budget,
        )
        demo.save(list(ref.categories.values()))
        demo.save(ref.priorities)
        demo.save(list(ref.budget_lines.values()))
        demo.save([o.cost_code for o in ref.events + ref.projects])
        demo.save([ref.workflow])
        _history_people(demo, org, ref, rng, requesting, people, memberships)
    User.objects.bulk_create(people)  # platform records, like the demo accounts: no audit event of their own
    for membership in memberships:
        membership.user_id = membership.user.pk
    demo.save(memberships)


def _history_people(demo, org, ref, rng, requesting, people, memberships):
    """A referent and a head per requesting department, a manager per technical department with teams."""
    spec = org.spec
    own = spec.request_department
    ref.requesters[own] = [demo.users[demo_username(spec, Role.REQUESTER)]]
    ref.heads[own] = demo.users[demo_username(spec, Role.DEPARTMENT_HEAD)]

    def person(role, department):
        name = f"{role}.{department.code.lower()}.{spec.login}"
        user = UserFactory.build(
            username=name,
            first_name=rng.choice(data.FIRST_NAMES),
            last_name=rng.choice(data.LAST_NAMES),
            email=f"{name}@{spec.domain}",
            password=factory.Transformer.Force(make_password(None)),  # not a login: cannot sign in
            language="fr",
        )
        people.append(user)
        memberships.append(
            MembershipFactory.build(
                user=user,
                organization=org.organization,
                role=role,
                department=department if role != Role.MANAGER else None,
            )
        )
        return user

    for department in requesting:
        if department.code == own:
            continue
        ref.requesters[department.code] = [person(Role.REQUESTER, department)]
        if ref.workflow.department_validation:
            ref.heads[department.code] = person(Role.DEPARTMENT_HEAD, department)
    if len(org.teams) > 1:  # the village's two agents answer to its manager directly
        for code in sorted({team.department.code for team in org.teams}):
            ref.managers[code] = person(Role.MANAGER, org.departments[code])


def _affinity_code(code):
    return "ECOLES" if code.startswith("GS") else code  # the school groups added at higher scales ask like schools


# --- The simulation ---------------------------------------------------------------------------------------------
@dataclass(slots=True, eq=False)
class RequestPlan:
    created: datetime
    category: object
    department: object
    priority: object
    requester: object
    channel: str = InterventionRequest.Channel.WEB
    title: str = ""
    description: str = ""
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    desired_date: date | None = None
    budget_line: object = None
    estimated: Decimal | None = None
    cost_code: object = None
    big: bool = False
    job: tuple = ("", "")
    job_hours: float = 1.0
    event: Occurrence | None = None
    force: dict = field(default_factory=dict)
    events: list = field(default_factory=list)  # (at, action, changes, actor, channel, reason)
    state: str = S.DRAFT
    submitted_at: datetime | None = None
    validated_at: datetime | None = None
    first_approved_by: object = None
    approved_at: datetime | None = None
    responded_at: datetime | None = None
    done_at: datetime | None = None
    closed_at: datetime | None = None
    response_due: datetime | None = None
    resolution_due: datetime | None = None
    last_reason: str = ""
    satisfaction: int | None = None
    satisfaction_comment: str = ""
    work_orders: list = field(default_factory=list)
    pk: int | None = None
    number: str = ""
    values: dict | None = None
    totals: dict | None = None


@dataclass(slots=True, eq=False)
class WorkOrderPlan:
    request: RequestPlan
    created: datetime
    category: object
    title: str
    report: str
    manager: object
    job_hours: float
    kind: str = WorkOrder.Kind.CORRECTIVE
    execution: str = WorkOrder.Execution.IN_HOUSE
    team: object = None
    agents: list = field(default_factory=list)
    contractor: object = None
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    estimated_hours: Decimal | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    closed_at: datetime | None = None
    first_visit_fix: bool | None = None
    follow_up_needed: bool = False
    last_reason: str = ""
    state: str = W.TO_PLAN
    state_before_hold: str = ""
    created_state: str = W.TO_PLAN
    events: list = field(default_factory=list)
    entries: list = field(default_factory=list)  # (agent, date, hours, rate, recorded_by, at)
    lines: list = field(default_factory=list)  # (kind, label, date, quantity, unit, unit_cost, reference, by, at)
    force: dict = field(default_factory=dict)
    pk: int | None = None
    number: str = ""
    values: dict | None = None
    totals: dict | None = None
    costs: list | None = None
    amounts: list | None = None


class Simulation:
    """The history of one organization: plans of requests and work orders, told up to `now`."""

    def __init__(self, demo, key, now):
        self.demo, self.key, self.now = demo, key, now
        self.org = demo.orgs[key]
        self.ref = self.org.extra["interventions"]
        self.rng = demo.rng("interventions_history", key)
        self.tz = ZoneInfo(settings.TIME_ZONE)  # every moment of the history is a wall-clock time of this zone
        self.now = now.astimezone(self.tz)
        self.today = self.now.date()
        self.start, _ = history_window(self.today)
        self.holidays = public_holidays(range(self.start.year, self.today.year + 2))
        spec = self.org.spec
        self.users = {role: demo.users[demo_username(spec, role)] for role in Role.values}
        self.workflow = self.ref.workflow
        self.load = defaultdict(Decimal)  # (agent pk, date) → hours booked
        self._prepare_workforce()
        self._prepare_places()
        self.requesting = [d for d in self.org.departments.values() if d.kind == REQUESTING]

    # -- set-up -----------------------------------------------------------------------------------------------
    def _prepare_workforce(self):
        org = self.org
        self.members = defaultdict(list)
        for agent in org.agents:
            if agent.team is not None:
                self.members[agent.team.pk].append(agent)
        self.team_trade = {
            team.pk: self.members[team.pk][0].skill_codes[0] for team in org.teams if self.members[team.pk]
        }
        self.rates = {
            agent.pk: Decimal(str(agent.hourly_rate))
            if agent.hourly_rate is not None
            else max(org.skills[code].hourly_rate for code in agent.skill_codes)
            for agent in org.agents
        }
        self.demo_agent = next((a for a in org.agents if a.user_id == self.users[Role.AGENT].pk), None)
        self.teams_for = {}
        for code, category in self.ref.categories.items():
            skill = category.skill.code
            # The team of the trade in the department in charge; else of the trade; else with some members of
            # the trade (a second skill); else the department's teams; else any.
            staffed = [t for t in org.teams if self.members[t.pk]]
            trade = [t for t in staffed if self.team_trade[t.pk] == skill]
            choices = (
                [t for t in trade if t.department_id == category.department_id],
                trade,
                [t for t in staffed if any(skill in a.skill_codes for a in self.members[t.pk])],
                [t for t in staffed if t.department_id == category.department_id],
                staffed,
            )
            self.teams_for[code] = next((teams for teams in choices if teams), [])
        contractors = list(org.contractors)
        if self.key != "agglo":  # the agglomeration's group-purchase company, lent to its communes
            contractors += list(self.demo.orgs["agglo"].contractors[:1])
        self.contractors_for = {
            code: [c for c in contractors if category.skill.code in {s.code for s in c.trade_skills}]
            for code, category in self.ref.categories.items()
        }
        self.demo_contractor = org.contractors[0]
        magasin = "MAGASIN" in org.departments
        self.storekeeper = self.users[Role.STOREKEEPER] if magasin else None

    def _prepare_places(self):
        size = {"town": None, "agglo": None, "mid": 2, "village": 1}[self.key]
        self.places = {code: (places if size is None else places[:size]) for code, places in data.PLACES.items()}
        self.centre = data.CENTRES[self.key]
        self.communes = [(o.spec.name, o.spec.population) for k, o in self.demo.orgs.items() if k != "agglo"]

    def _coordinates(self, name, spread):
        rng = random.Random(f"{self.demo.seed}:{self.key}:{name}")  # noqa: S311 (a place keeps its spot)
        lat, lon = self.centre
        return (
            (lat + Decimal(rng.uniform(-spread, spread))).quantize(Decimal("0.000001")),
            (lon + Decimal(rng.uniform(-spread * 1.5, spread * 1.5))).quantize(Decimal("0.000001")),
        )

    # -- time -------------------------------------------------------------------------------------------------
    def working(self, t, rank=3):
        """`t`, or the next working slot (weekdays 8:00–17:00 outside public holidays); urgent work any time."""
        if rank == 1:
            return t
        if t.weekday() < 5 and 8 <= t.hour < 17 and t.date() not in self.holidays:
            return t
        day = t.date() if t.hour < 8 else t.date() + timedelta(days=1)
        day = self.working_day(day)
        return datetime.combine(day, time(8), tzinfo=self.tz) + timedelta(minutes=self.rng.randrange(150))

    def working_day(self, day):
        while day.weekday() >= 5 or day in self.holidays:
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day):
        while day.weekday() >= 5 or day in self.holidays:
            day -= timedelta(days=1)
        return day

    def at(self, day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def delay(self, table, rank, factor=1.0):
        median, sigma = table[rank] if isinstance(table, dict) else table
        return _hours(_lognormal(self.rng, median * factor, sigma))

    # -- volumes and dates --------------------------------------------------------------------------------------
    def day_weights(self):
        days = [self.start + timedelta(days=n) for n in range(HISTORY_DAYS + 1)]
        base = []
        for index, day in enumerate(days):
            weight = data.MONTH_FACTOR[day.month - 1] * data.WEEKDAY_FACTOR[day.weekday()]
            if day in self.holidays:
                weight *= 0.08
            base.append(weight * (0.95 + 0.1 * index / HISTORY_DAYS))  # a little more every year
        return days, base

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

    def moment(self, day):
        hour = self.rng.choices(range(24), data.HOUR_WEIGHTS)[0]
        moment = self.at(day, hour, self.rng.randrange(60)) + timedelta(seconds=self.rng.randrange(60))
        if moment > self.now:
            if day != self.today:
                return None
            moment = self.now - timedelta(minutes=self.rng.randrange(5, 600))
        return moment if moment.date() >= self.start else None

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

    # -- one request ------------------------------------------------------------------------------------------
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
        if rng.random() < API_SHARE:
            plan.channel = InterventionRequest.Channel.API
        return plan

    def pick_department(self, category):
        affinity = data.AFFINITY[data.CATEGORY_AFFINITY[category.spec.code]]
        weights = [affinity.get(_affinity_code(d.code), 0.4) for d in self.requesting]
        return self.rng.choices(self.requesting, weights)[0]

    def pick_priority(self, spec):
        u = spec.urgency
        p1, p2, p3, p4 = data.PRIORITY_SHARES
        return self.rng.choices((1, 2, 3, 4), (p1 * u, p2 * math.sqrt(u), p3, p4 / math.sqrt(u)))[0]

    def describe(self, plan):
        rng, spec = self.rng, plan.category.spec
        title = plan.job[0]
        if plan.event is not None:
            prefix = "Nettoyage après" if spec.code == "PROPRE" else title
            title = f"{prefix} — {plan.event.spec.name}"
            if self.key == "village":
                places = ("Place de l'Église", "Salle des fêtes")
            elif self.key == "agglo":
                places = self.places.get(plan.department.code) or data.DEFAULT_PLACES
            else:
                places = self.places["EVENTS"]
            place = rng.choice(places)
            plan.location = place
            plan.latitude, plan.longitude = self._coordinates(place, 0.004)
            gap = 1 if spec.code == "PROPRE" else -1
            plan.desired_date = (plan.event.ends if gap > 0 else plan.event.starts) + timedelta(days=gap)
        elif spec.outdoor:
            street = rng.choice(data.STREET_NAMES)
            numbered = street.startswith(data.STREET_TYPES) and rng.random() < 0.6
            plan.location = f"{rng.randrange(1, 120)} {street}" if numbered else street
            if self.key == "agglo":
                commune = rng.choices([n for n, _ in self.communes], [p for _, p in self.communes])[0]
                plan.location = f"{plan.location}, {commune}"
            if rng.random() < 0.8:
                plan.latitude, plan.longitude = self._coordinates(plan.location + str(rng.random()), 0.02)
        else:
            places = self.places.get(_affinity_code(plan.department.code)) or data.DEFAULT_PLACES
            if plan.department.code.startswith("GS"):
                places = (plan.department.name,)
            building = rng.choice(places)
            room = rng.choice(data.ROOMS)
            plan.location = f"{building}, {room}" if room else building
            plan.latitude, plan.longitude = self._coordinates(building, 0.015)
        plan.title = title[:160]
        note = rng.choice(data.REQUEST_NOTES)
        if plan.priority.rank == 1:
            note = data.URGENT_NOTE
        plan.description = f"{plan.job[0]} ({plan.location}). {note}".strip()
        if plan.desired_date is None and rng.random() < 0.12:
            plan.desired_date = plan.created.date() + timedelta(days=rng.randrange(7, 45))

    def budget(self, plan):
        """The budget line and estimate: always where the organization requires them, sometimes elsewhere."""
        rng, spec = self.rng, plan.category.spec
        rates = 40 * plan.job_hours
        materials = 70 * spec.materials_rate + 60 * spec.equipment_rate
        if plan.big:
            estimate = min(90_000, max(8_000, _lognormal(rng, 14_000, 0.6)))
        else:
            estimate = (rates + materials) * _lognormal(rng, 1, 0.3)
        required = self.workflow.budget_required
        if required or rng.random() < (0.5 if self.key == "mid" else 0.1):
            plan.estimated = plan.force.get("estimate") or _round_estimate(estimate)
        if required or rng.random() < (0.6 if self.key == "mid" else 0.1):
            natures = ("2135", "2152") if plan.estimated and plan.estimated >= data.CAPITAL_FROM else ()
            natures += (*spec.natures, "615221", "6068")
            year = plan.created.year
            plan.budget_line = next(
                (
                    self.ref.budget_lines[k]
                    for k in ((plan.department.code, n, year) for n in natures)
                    if k in self.ref.budget_lines
                ),
                None,
            )
        if plan.event is not None:
            plan.cost_code = plan.event.cost_code
        else:
            self.project(plan)

    def project(self, plan):
        """Works of a running project are charged to its cost code (and done at its place)."""
        rng, day = self.rng, plan.created.date()
        for project in self.ref.projects:
            spec = project.spec
            if not (
                project.starts <= day <= project.ends
                and plan.category.spec.code in spec.categories
                and plan.department.code == spec.department
            ):
                continue
            at_place = bool(spec.place) and plan.location.startswith(spec.place)
            if plan.big or (at_place and rng.random() < data.PROJECT_SHARE) or rng.random() < data.PROJECT_SHARE / 6:
                plan.cost_code = project.cost_code
                if spec.place and not at_place:
                    room = rng.choice(data.ROOMS)
                    location = f"{spec.place}, {room}" if room else spec.place
                    plan.description = plan.description.replace(plan.location, location)
                    plan.location = location
                    plan.latitude, plan.longitude = self._coordinates(spec.place, 0.015)
                return

    # -- the story of a request -------------------------------------------------------------------------------
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

    # -- work orders ------------------------------------------------------------------------------------------
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

    def costs(self, order, days, per_day, started, completed):
        """Time entries (each agent, each day, at the agent's rate), materials, equipment, the invoice."""
        rng, now, spec = self.rng, self.now, order.category.spec
        manager = order.manager
        for index, day in enumerate(days):
            end = completed if index == len(days) - 1 else self.at(day, 17)
            if end > now:
                break
            for agent in order.agents:
                hours = per_day[index]
                booked = self.load[(agent.pk, day)]
                hours = min(hours, MAX_DAY_HOURS - booked)
                if hours < Decimal("0.5"):
                    continue
                self.load[(agent.pk, day)] = booked + hours
                recorder = self.users[Role.AGENT] if agent is self.demo_agent else manager
                recorded = min(now, end + timedelta(minutes=rng.randrange(5, 90)))
                order.entries.append((agent, day, hours, self.rates[agent.pk], recorder, recorded))
        first_end = self.at(days[0], 17) if len(days) > 1 else completed
        if order.execution == WorkOrder.Execution.CONTRACTOR:
            invoiced = self.working(completed + timedelta(days=rng.randrange(5, 35)))
            if invoiced <= now:
                base = float(order.request.estimated or 0) or (order.job_hours * 58 + 60 * spec.materials_rate)
                amount = _money(max(80, base * _lognormal(rng, 1, 0.15 if order.request.big else 0.3)))
                number = f"F{invoiced.year}-{rng.randrange(100, 99999):05d}"
                recorder = self.users[Role.CONTRACTOR] if order.contractor.pk == self.demo_contractor.pk else manager
                label = f"Facture {order.contractor.name} — {order.title}"[:200]
                order.lines.append(
                    (
                        CostLine.Kind.CONTRACTOR,
                        label,
                        invoiced.date(),
                        Decimal(1),
                        "forfait",
                        amount,
                        number,
                        recorder,
                        invoiced,
                    )
                )
            return
        if first_end > now:
            return
        big = 6 if order.request.big else 1
        if spec.materials and rng.random() < spec.materials_rate:
            for label, unit, low, high in rng.sample(
                spec.materials, min(len(spec.materials), rng.choice((1, 1, 2, 3)))
            ):
                quantity = self.quantity(unit) * big
                unit_cost = _money(rng.uniform(float(low), float(high)))
                by = self.storekeeper or manager
                order.lines.append(
                    (
                        CostLine.Kind.MATERIAL,
                        label,
                        days[0],
                        quantity,
                        unit,
                        unit_cost,
                        "",
                        by,
                        min(now, first_end + timedelta(minutes=rng.randrange(10, 120))),
                    )
                )
        if spec.equipment and rng.random() < spec.equipment_rate:
            label, unit, cost = rng.choice(spec.equipment)
            quantity = min(Decimal(8), per_day[0]) if per_day[0] else Decimal(2)
            order.lines.append(
                (
                    CostLine.Kind.EQUIPMENT,
                    label,
                    days[0],
                    quantity.quantize(Decimal("0.001")),
                    unit,
                    Decimal(cost),
                    "",
                    manager,
                    min(now, first_end + timedelta(minutes=rng.randrange(10, 120))),
                )
            )

    def quantity(self, unit):
        rng = self.rng
        if unit == "u":
            value = rng.choice((1, 1, 1, 2, 2, 3, 4))
        elif unit in ("m", "m²"):
            value = rng.randrange(2, 25) if unit == "m" else rng.randrange(1, 9)
        elif unit in ("kg", "L"):
            value = rng.randrange(1, 11)
        elif unit in ("t", "m³"):
            return Decimal(rng.uniform(0.2, 2)).quantize(Decimal("0.001"))
        else:
            value = rng.choice((1, 1, 2, 3))
        return Decimal(value).quantize(Decimal("0.001"))

    # -- the request follows its work orders, then the requester acknowledges ------------------------------
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
        if plan.state != S.DONE or plan.force.get("no_close") or rng.random() < NEVER_ACKNOWLEDGED:
            return
        closed = self.working(plan.done_at + _hours(_lognormal(rng, *CLOSE_DELAY)))
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

    # -- live items for the demo users -------------------------------------------------------------------------
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
            for _ in range(counts["submitted"]):
                created = now - timedelta(hours=rng.uniform(1, 30))
                plan("submitted", created, rng.choice(building), outcome="approve")
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


def request_volume(demo, key):
    """Requests of the history of organization `key`: its yearly volume over two years, × scale, × history."""
    spec = demo.orgs[key].spec
    return max(1, round(demo.scaled(spec, data.REQUESTS_PER_YEAR[key]) * HISTORY_DAYS / 365 * demo.history))


def _share_out(total, weights):
    """Split `total` in proportion to `weights` (largest remainder)."""
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: int(exact[i]) - exact[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- Writing it down ---------------------------------------------------------------------------------------------
class Table:
    """Rows of one model written straight to its table: `executemany` (SQLite) or `COPY` (PostgreSQL).

    Hundreds of thousands of rows: model instances and `bulk_create` would cost more than the whole simulation.
    Values are given by attname; absent ones take the field's default. Ids, when the rows need them before
    they are written (other rows point at them), are reserved first: from the table's sequence on PostgreSQL,
    past the highest ever used on SQLite (the build holds the write lock).
    """

    def __init__(self, model, columns=None, *, with_ids=False):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.postgres = self.connection.vendor == "postgresql"
        fields = [model._meta.get_field(name) for name in columns] if columns else model._meta.concrete_fields
        self.fields = [f for f in fields if columns or with_ids or not f.primary_key]
        # (attname, default: the field's, "" or None as Django gives it, converter)
        self.spec = [(f.attname, None if f.primary_key else f.get_default(), self.converter(f)) for f in self.fields]

    def converter(self, f):
        """What a value needs before the driver takes it (dates and decimals pass as they are)."""
        internal = f.get_internal_type()
        if internal == "DateTimeField" and not self.postgres:
            return _utc_naive  # SQLite keeps UTC without an offset (Django's adapter writes naive values)
        if internal == "JSONField":
            return json.dumps
        return None

    def row(self, values):
        """A row (tuple, in column order, converted for the database) from values by attname."""
        return tuple(values.get(a, d) if c is None else c(values.get(a, d)) for a, d, c in self.spec)

    def reserve(self, count):
        """`count` new ids for this table."""
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT max(id) FROM "{table}"')  # noqa: S608 (a model's own table name)
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            first = max(highest, found[0] if found else 0) + 1
            return list(range(first, first + count))

    def insert(self, rows):
        if not rows:
            return
        table = self.model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(self.fields))
            sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'  # noqa: S608 (model metadata only)
            for start in range(0, len(rows), 10 * BATCH):
                cursor.executemany(sql, rows[start : start + 10 * BATCH])


def _utc_naive(value):
    """An aware datetime as SQLite columns keep it under USE_TZ: UTC, no offset (as Django's adapter writes it)."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


_TRACKED = {}


def _plain(value):
    """`audit._plain`, quicker for the plain types the history writes."""
    kind = type(value)
    if kind is int or kind is bool or kind is str:
        return value
    if kind is Decimal:
        return str(value)
    if kind is datetime or kind is date:
        return value.isoformat()
    return audit._plain(value)


def _creation_snapshot(model, values, overrides):
    """What `audit.diff({}, audit.snapshot(obj))` records when a service creates the record."""
    if model not in _TRACKED:
        _TRACKED[model] = [(f.name, f.attname, f.get_default()) for f in audit.tracked_fields(model)]
    changes = {}
    for name, attname, default in _TRACKED[model]:
        value = overrides[name] if name in overrides else values.get(attname, default)
        if value is not None:
            changes[name] = [None, _plain(value)]
    return changes


REQUEST_AT_CREATION = {
    "state": S.DRAFT, "submitted_at": None, "validated_at": None, "first_approved_by": None, "approved_at": None,
    "responded_at": None, "done_at": None, "closed_at": None, "response_due_at": None, "resolution_due_at": None,
    "state_before_hold": "", "last_reason": "", "satisfaction": None, "satisfaction_comment": "",
    "labour_cost": ZERO, "material_cost": ZERO, "contractor_cost": ZERO, "equipment_cost": ZERO, "hours": ZERO,
}  # fmt: skip
WORK_ORDER_AT_CREATION = {
    "started_at": None, "completed_at": None, "closed_at": None, "report": "", "first_visit_fix": None,
    "follow_up_needed": False, "state_before_hold": "", "last_reason": "", "labour_cost": ZERO,
    "material_cost": ZERO, "contractor_cost": ZERO, "equipment_cost": ZERO, "hours": ZERO,
}  # fmt: skip
TOTALS = ("labour_cost", "material_cost", "contractor_cost", "equipment_cost", "hours")
KIND_TOTAL = {
    CostLine.Kind.MATERIAL: "material_cost",
    CostLine.Kind.CONTRACTOR: "contractor_cost",
    CostLine.Kind.EQUIPMENT: "equipment_cost",
}
AUDIT_COLUMNS = ("organization", "content_type", "object_id", "object_repr", "action", "actor", "channel", "at",
                 "changes", "reason")  # fmt: skip


class Writer:
    """Turns the plans of one organization into rows, with their audit trail, numbers and notifications."""

    def __init__(self, demo, simulation, plans):
        self.demo, self.sim, self.plans = demo, simulation, plans
        self.organization = simulation.org.organization
        self.org_id = self.organization.pk
        types = ContentType.objects.get_for_models(InterventionRequest, WorkOrder)
        self.request_type, self.order_type = types[InterventionRequest].pk, types[WorkOrder].pk
        self.numbers = {}  # (prefix, year) → last number
        self.orders = sorted((o for p in plans for o in p.work_orders), key=lambda o: o.created)
        self.counts = defaultdict(int)

    def number(self, prefix, at):
        year = at.year  # the history's moments are in the organization's time zone
        value = self.numbers.get((prefix, year), 0) + 1
        self.numbers[(prefix, year)] = value
        return f"{prefix}-{year}-{value:06d}"

    def write(self):
        self.totals()
        self.requests()
        self.work_orders()
        self.costs()
        self.audit()
        self.notifications()
        Counter.objects.bulk_create(
            [Counter(organization=self.organization, prefix=p, year=y, value=v) for (p, y), v in self.numbers.items()]
        )
        return self.counts

    def totals(self):
        """The pre-aggregated totals the cost services keep: a work order's, and its request's (their sum)."""
        for plan in self.plans:
            plan.totals = dict.fromkeys(TOTALS, ZERO)
        for order in self.orders:
            totals = dict.fromkeys(TOTALS, ZERO)
            costs = []
            for _agent, _day, hours, rate, _by, _at in order.entries:
                cost = (hours * rate).quantize(CENT, ROUND_HALF_UP)
                costs.append(cost)
                totals["labour_cost"] += cost
                totals["hours"] += hours
            amounts = []
            for kind, _label, _day, quantity, _unit, unit_cost, _ref, _by, _at in order.lines:
                amount = (quantity * unit_cost).quantize(CENT, ROUND_HALF_UP)
                amounts.append(amount)
                totals[KIND_TOTAL[kind]] += amount
            order.costs, order.amounts, order.totals = costs, amounts, totals
            request_totals = order.request.totals
            for name in TOTALS:
                request_totals[name] += totals[name]

    def requests(self):
        table = Table(InterventionRequest, with_ids=True)
        ids = table.reserve(len(self.plans))
        rows = []
        for plan, pk in zip(self.plans, ids, strict=True):
            plan.pk, plan.number = pk, self.number("DI", plan.created)
            plan.values = {
                "id": pk,
                "created_at": plan.created,
                "updated_at": plan.events[-1][0],
                "organization_id": self.org_id,
                **plan.totals,
                "number": plan.number,
                "title": plan.title,
                "description": plan.description,
                "state": plan.state,
                "department_id": plan.department.pk,
                "requester_id": plan.requester.pk,
                "channel": plan.channel,
                "category_id": plan.category.pk,
                "priority_id": plan.priority.pk,
                "location": plan.location,
                "location_key": normalize_place(plan.location),
                "latitude": plan.latitude,
                "longitude": plan.longitude,
                "desired_date": plan.desired_date,
                "budget_line_id": plan.budget_line.pk if plan.budget_line else None,
                "estimated_amount": plan.estimated,
                "cost_code_id": plan.cost_code.pk if plan.cost_code else None,
                "submitted_at": plan.submitted_at,
                "validated_at": plan.validated_at,
                "first_approved_by_id": plan.first_approved_by.pk if plan.first_approved_by else None,
                "approved_at": plan.approved_at,
                "responded_at": plan.responded_at,
                "done_at": plan.done_at,
                "closed_at": plan.closed_at,
                "response_due_at": plan.response_due,
                "resolution_due_at": plan.resolution_due,
                "last_reason": plan.last_reason,
                "satisfaction": plan.satisfaction,
                "satisfaction_comment": plan.satisfaction_comment,
            }
            rows.append(table.row(plan.values))
        table.insert(rows)
        self.counts["requests"] += len(rows)

    def work_orders(self):
        table = Table(WorkOrder, with_ids=True)
        ids = table.reserve(len(self.orders))
        rows = []
        for order, pk in zip(self.orders, ids, strict=True):
            plan = order.request
            order.pk, order.number = pk, self.number("BT", order.created)
            order.values = {
                "id": pk,
                "created_at": order.created,
                "updated_at": order.events[-1][0],
                "organization_id": self.org_id,
                **order.totals,
                "number": order.number,
                "request_id": plan.pk,
                "title": order.title,
                "description": plan.description,
                "kind": order.kind,
                "state": order.state,
                "category_id": order.category.pk,
                "priority_id": plan.priority.pk,
                "department_id": plan.department.pk,
                "location": plan.location,
                "execution": order.execution,
                "team_id": order.team.pk if order.team else None,
                "contractor_id": order.contractor.pk if order.contractor else None,
                "planned_start": order.planned_start,
                "planned_end": order.planned_end,
                "estimated_hours": order.estimated_hours,
                "cost_code_id": plan.cost_code.pk if plan.cost_code else None,
                "started_at": order.started_at,
                "completed_at": order.completed_at,
                "closed_at": order.closed_at,
                "report": order.report if order.completed_at else "",
                "first_visit_fix": order.first_visit_fix,
                "follow_up_needed": order.follow_up_needed,
                "state_before_hold": order.state_before_hold,
                "last_reason": order.last_reason,
                "created_by_id": order.manager.pk,
            }
            rows.append(table.row(order.values))
        table.insert(rows)
        agents = Table(WorkOrder.agents.through, ["workorder", "agent"])
        agents.insert([(o.pk, a.pk) for o in self.orders for a in o.agents])
        skills = Table(WorkOrder.required_skills.through, ["workorder", "skill"])
        skills.insert([(o.pk, o.category.skill_id) for o in self.orders])
        self.counts["work_orders"] += len(rows)

    def costs(self):
        entries = Table(TimeEntry)
        lines = Table(CostLine)
        entry_rows, line_rows = [], []
        for order in self.orders:
            for (agent, day, hours, rate, by, at), cost in zip(order.entries, order.costs, strict=True):
                values = {
                    "created_at": at,
                    "updated_at": at,
                    "organization_id": self.org_id,
                    "work_order_id": order.pk,
                    "agent_id": agent.pk,
                    "date": day,
                    "hours": hours,
                    "hourly_rate": rate,
                    "cost": cost,
                    "recorded_by_id": by.pk,
                }
                entry_rows.append(entries.row(values))
            for line, amount in zip(order.lines, order.amounts, strict=True):
                kind, label, day, quantity, unit, unit_cost, reference, by, at = line
                values = {
                    "created_at": at,
                    "updated_at": at,
                    "organization_id": self.org_id,
                    "work_order_id": order.pk,
                    "kind": kind,
                    "label": label,
                    "date": day,
                    "quantity": quantity,
                    "unit": unit,
                    "unit_cost": unit_cost,
                    "amount": amount,
                    "reference": reference,
                    "recorded_by_id": by.pk,
                }
                line_rows.append(lines.row(values))
        entries.insert(entry_rows)
        lines.insert(line_rows)
        self.counts["time_entries"] += len(entry_rows)
        self.counts["cost_lines"] += len(line_rows)

    def audit(self):
        """Every step of every request and work order: by whom, through which channel, when it happened; and
        the events the cost services record with each time entry and cost line."""
        table = Table(AuditEvent, AUDIT_COLUMNS)
        org_id, rows = self.org_id, []
        agent_user = self.sim.users[Role.AGENT]
        moment = (lambda at: at) if table.postgres else _utc_naive
        dumps = json.dumps
        for plan in self.plans:
            text = f"{plan.number} — {plan.title}"[:200]
            for at, action, changes, actor, channel, reason in plan.events:
                if action == CREATE:
                    changes = _creation_snapshot(InterventionRequest, plan.values, REQUEST_AT_CREATION)
                row = (org_id, self.request_type, plan.pk, text, action, actor.pk, channel, moment(at), dumps(changes))
                rows.append((*row, reason))
        for order in self.orders:
            text = f"{order.number} — {order.title}"[:200]
            for at, action, changes, actor, channel, reason in order.events:
                if action == CREATE:
                    changes = self._work_order_created(order)
                row = (org_id, self.order_type, order.pk, text, action, actor.pk, channel, moment(at), dumps(changes))
                rows.append((*row, reason))
            for (agent, day, hours, _rate, by, at), cost in zip(order.entries, order.costs, strict=True):
                change = {"agent": str(agent), "date": day.isoformat(), "hours": str(hours), "cost": str(cost)}
                channel = MOBILE if by is agent_user else WEB
                changes = dumps({"time": [None, change]})
                rows.append((org_id, self.order_type, order.pk, text, UPDATE, by.pk, channel, moment(at), changes, ""))
            for line, amount in zip(order.lines, order.amounts, strict=True):
                kind, label, by, at = line[0], line[1], line[7], line[8]
                change = {"kind": kind, "label": label, "amount": str(amount)}
                changes = dumps({"cost": [None, change]})
                rows.append((org_id, self.order_type, order.pk, text, UPDATE, by.pk, WEB, moment(at), changes, ""))
        table.insert(rows)
        self.counts["audit_events"] += len(rows)

    def _work_order_created(self, order):
        overrides = {**WORK_ORDER_AT_CREATION, "state": order.created_state}
        if order.created_state == W.TO_PLAN:
            overrides.update(planned_start=None, planned_end=None, team=None)
        changes = _creation_snapshot(WorkOrder, order.values, overrides)
        if order.agents and order.created_state != W.TO_PLAN:
            changes["agents"] = [None, sorted(a.pk for a in order.agents)]
        changes["required_skills"] = [None, [order.category.skill_id]]
        return changes

    def notifications(self):
        """What the demo users were told over the last two weeks (as the services notify), most of it read."""
        sim, rng = self.sim, self.demo.rng("interventions_notifications", self.sim.key)
        since = sim.now - timedelta(days=NOTIFIED_DAYS)
        demo_users = {u.pk for u in sim.users.values()} | {self.demo.users["manager.agglo"].pk}
        managers = [sim.users[Role.MANAGER], sim.users[Role.ADMIN]]
        if sim.key == "village":
            managers.append(self.demo.users["manager.agglo"])
        table = Table(Notification)
        rows = []

        def notify(recipients, at, key, record, url, body, actor, live):
            kind, message = (ASSIGNED_KIND, ASSIGNED) if key == "assigned" else (KINDS[key], MESSAGES[key])
            content_type = self.order_type if key == "assigned" else self.request_type
            for user in recipients:
                if user is None or user.pk not in demo_users or user.pk == actor.pk:
                    continue
                with translation.override(user.language or settings.LANGUAGE_CODE):
                    title = str(message % {"number": record.number})[:200]
                read = None
                if not live and sim.now - at > timedelta(days=2) and rng.random() < 0.8:  # live items: unread
                    read = min(sim.now, at + timedelta(hours=rng.uniform(0.2, 30)))
                values = {
                    "organization_id": self.org_id,
                    "recipient_id": user.pk,
                    "kind": kind,
                    "content_type_id": content_type,
                    "object_id": record.pk,
                    "object_repr": f"{record.number} — {record.title}"[:200],
                    "title": title,
                    "body": body,
                    "url": url,
                    "created_at": at,
                    "read_at": read,
                }
                rows.append(table.row(values))

        for plan in self.plans:
            if plan.events[-1][0] < since and not plan.force:
                continue
            url = reverse("interventions:request-detail", args=[plan.pk])
            for at, action, changes, actor, _channel, _reason in plan.events:
                if (at < since and not plan.force) or action != TRANSITION:
                    continue
                new = changes["state"][1]
                others = [u for u in managers if u.pk != actor.pk]
                body = f"{plan.title}\n{plan.last_reason}" if new == S.REJECTED else plan.title
                key, recipients = None, []
                if new == S.SUBMITTED:
                    head = sim.ref.heads.get(plan.department.code) if sim.workflow.department_validation else None
                    key, recipients = "submit", [head] if head else others
                elif new == S.VALIDATED:
                    key, recipients = "validate", others
                elif new == S.AWAITING_SECOND_APPROVAL:
                    key, recipients = "second", others
                elif new in (S.APPROVED, S.REJECTED, S.DONE):
                    key = {S.APPROVED: "approve", S.REJECTED: "reject", S.DONE: "complete"}[new]
                    recipients = [plan.requester]
                elif new == S.CANCELLED:
                    key, recipients = "cancel", others
                if key is not None:
                    notify(recipients, at, key, plan, url, body, actor, bool(plan.force))
        for order in self.orders:
            if order.created < since and not order.force:
                continue
            recipients = [sim.users[Role.AGENT]] if any(a is sim.demo_agent for a in order.agents) else []
            if order.contractor is not None and order.contractor.pk == sim.demo_contractor.pk:
                recipients.append(sim.users[Role.CONTRACTOR])
            url = reverse("interventions:workorder-detail", args=[order.pk])
            notify(recipients, order.created, "assigned", order, url, order.title, order.manager, bool(order.force))
        table.insert(rows)
        self.counts["notifications"] += len(rows)


def _vote_budgets(simulation, plans):
    """Voted amounts: what each line's requests were estimated at, over the whole year, plus a margin."""
    start, today = simulation.start, simulation.today
    rng = simulation.demo.rng("interventions_budgets", simulation.key)
    spent = defaultdict(Decimal)
    for plan in plans:
        if plan.budget_line is not None and plan.estimated is not None:
            spent[plan.budget_line.code] += plan.estimated
    lines = list(simulation.ref.budget_lines.values())
    for line in lines:
        first, last = max(start, date(line.year, 1, 1)), min(today, date(line.year, 12, 31))
        covered = max(1, (last - first).days + 1) / (366 if line.year % 4 == 0 else 365)
        yearly = float(spent[line.code]) / covered * rng.uniform(1.05, 1.3)
        line.amount = Decimal(max(1000, math.ceil(yearly / 500) * 500)).quantize(CENT)
    table = BudgetLine._meta.db_table
    with connections[router.db_for_write(BudgetLine)].cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{table}" SET "amount" = %s WHERE "id" = %s',  # noqa: S608 (model metadata only)
            [(line.amount, line.pk) for line in lines],
        )


@demo_step("interventions_history", after="interventions_reference")
def create_history(demo):
    now = timezone.now()
    with _large_cache():
        for key, org in demo.orgs.items():
            simulation = Simulation(demo, key, now)
            plans = simulation.plans()
            org.extra["interventions_counts"] = dict(Writer(demo, simulation, plans).write())
            _vote_budgets(simulation, plans)
    _analyze(AuditEvent, InterventionRequest, WorkOrder, WorkOrder.agents.through, TimeEntry, CostLine, Notification)


@contextmanager
def _large_cache(kibibytes=256 * 1024):
    """SQLite keeps 2 MiB of pages by default: the indexes of half a million audit events want more while they
    grow (inserts twice as fast). PostgreSQL sizes its buffers itself."""
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _analyze(*models):
    """Planner statistics for the tables just filled: without them SQLite reads a request's timeline through the
    organization's whole audit trail (0.5 s instead of 1 ms); PostgreSQL's autovacuum would get there later."""
    for model in models:
        connection = connections[router.db_for_write(model)]
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
