"""Build step of the agents' absences: leave, sickness and training over the demo's two years and the weeks ahead.

Each agent draws their absences from yearly rates (`RATES`): leave mostly in the summer and school holidays, a few
sick days (more in winter), a training course now and then (never in the summer). An absence covers whole working
days, from midnight to midnight in the organization's time zone, over the weekends it spans. About 5 % of the agents
are away on a working day. This week a team-mate of `agent.<login>` is away (the planning shows it), never the demo
agent themselves (their week's work orders stand).

The rows go through the shared bulk writer (`regie.demo.bulk.Table`), each with its `create` audit event (import).
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regie.core.models import AuditEvent
from regie.core.working_time import is_working_day
from regie.demo.bulk import Table
from regie.demo.generator import demo_step
from regie.people.models import Absence

from . import accounts  # noqa: F401  (registers the step the absences come after)

PAST_DAYS = 730  # the demo's history
AHEAD_DAYS = 42  # leave and training already planned
K = Absence.Kind


@dataclass(frozen=True)
class Rate:
    per_year: float
    lengths: tuple  # working days
    weights: tuple
    months: dict  # month → weight of starting then (1 otherwise)
    note: str = ""


RATES = {
    K.LEAVE: Rate(2.2, (1, 2, 3, 5, 10), (20, 15, 20, 30, 15), {7: 4, 8: 5, 12: 2.5, 2: 1.5, 4: 1.5, 10: 1.5}),
    K.SICKNESS: Rate(1.0, (1, 2, 3, 5, 15), (30, 25, 20, 17, 8), {1: 1.8, 2: 1.6, 11: 1.3, 12: 1.5}),
    K.TRAINING: Rate(0.5, (1, 2, 3), (45, 35, 20), {7: 0, 8: 0}, "Formation CNFPT"),
}
COLUMNS = ("id", "organization", "created_at", "updated_at", "agent", "kind", "start", "end", "note")
AUDIT_COLUMNS = ("organization", "content_type", "object_id", "object_repr", "action", "actor", "channel", "at",
                 "changes", "reason")  # fmt: skip
# when an absence is entered, from its first day: leave weeks ahead, training months ahead, a sick note after
ENTERED = {K.LEAVE: -21, K.SICKNESS: 1, K.TRAINING: -45}


def _days(first, last):
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


class _Drawer:
    """The absences of one organization's agents over [first, last]."""

    def __init__(self, rng, first, last):
        self.rng = rng
        self.days = [d for d in _days(first, last) if is_working_day(d)]
        self.years = len(self.days) / 225  # working days in a year, roughly

    def periods(self, kind):
        """(kind, first day, last day) of one agent's absences of `kind`."""
        rate, rng = RATES[kind], self.rng
        weights = [rate.months.get(d.month, 1) for d in self.days]
        # how many: binomial, a quarter of four times the expected number (about Poisson, without numpy)
        count = sum(1 for _ in range(round(rate.per_year * self.years * 4)) if rng.random() < 0.25)
        for start in rng.choices(range(len(self.days)), weights, k=count) if count else ():
            length = rng.choices(rate.lengths, rate.weights)[0]
            end = min(start + length, len(self.days)) - 1
            yield kind, self.days[start], self.days[end]


def _merged(periods):
    """An agent's periods without overlaps: a later one starting within an earlier one is dropped."""
    kept = []
    for period in sorted(periods, key=lambda p: p[1]):
        if not kept or period[1] > kept[-1][2]:
            kept.append(period)
    return kept


def _this_week(today):
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _teammate_away(org, demo_agent, periods, today):
    """A team-mate of the demo agent away this week (two days of training), if none is already."""
    monday, sunday = _this_week(today)
    mates = [a for a in org.agents if demo_agent and a.team_id == demo_agent.team_id and a.pk != demo_agent.pk]
    if not mates or any(p[1] <= sunday and p[2] >= monday for mate in mates for p in periods[mate.pk]):
        return
    mate = mates[len(mates) // 2]
    first = max(monday + datetime.timedelta(days=2), today) if today.weekday() < 4 else monday + datetime.timedelta(3)
    last = first + datetime.timedelta(days=1)
    periods[mate.pk] = _merged(
        [p for p in periods[mate.pk] if p[2] < monday or p[1] > sunday] + [(K.TRAINING, first, last)]
    )


def _rows(org, periods, zone, now):
    """(absence values by attname, its agent) per period, bounds from midnight to the next midnight."""
    agents = {a.pk: a for a in org.agents}
    for agent_id, agent_periods in periods.items():
        for kind, first, last in agent_periods:
            start = datetime.datetime.combine(first, datetime.time(), zone)
            end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(), zone)
            entered = min(start + datetime.timedelta(days=ENTERED[kind], hours=9), now)
            values = {
                "organization_id": org.organization.pk,
                "agent_id": agent_id,
                "kind": kind,
                "note": RATES[kind].note,
            }
            values.update(start=start, end=end, created_at=entered, updated_at=entered)
            yield values, agents[agent_id]


@demo_step("absences", after="accounts")
def create_absences(demo):
    """Each organization's absences of its agents, and their creation events."""
    today, now = timezone.localdate(), timezone.now()
    table, audit_table = Table(Absence, COLUMNS), Table(AuditEvent, AUDIT_COLUMNS)
    content_type = ContentType.objects.get_for_model(Absence).pk
    for key, org in demo.orgs.items():
        zone = zoneinfo.ZoneInfo(org.organization.timezone)
        first, last = today - datetime.timedelta(PAST_DAYS), today + datetime.timedelta(AHEAD_DAYS)
        drawer = _Drawer(demo.rng("absences", key), first, last)
        demo_agent = next((a for a in org.agents if a.user_id is not None), None)
        periods = {a.pk: _merged([p for kind in RATES for p in drawer.periods(kind)]) for a in org.agents}
        if demo_agent is not None:  # their week's work orders stand: no absence of theirs this week or the next
            monday, _sunday = _this_week(today)
            fortnight = monday + datetime.timedelta(days=13)
            periods[demo_agent.pk] = [p for p in periods[demo_agent.pk] if p[2] < monday or p[1] > fortnight]
        _teammate_away(org, demo_agent, periods, today)
        rows = list(_rows(org, periods, zone, now))
        ids = table.reserve(len(rows))
        table.insert([table.row({"id": pk, **values}) for pk, (values, _agent) in zip(ids, rows, strict=True)])
        audit_table.insert(
            [
                audit_table.row(_created_event(pk, values, agent, content_type))
                for pk, (values, agent) in zip(ids, rows, strict=True)
            ]
        )


def _created_event(pk, values, agent, content_type):
    """The absence's `create` event (import, no actor), at the moment it was entered, with its fields."""
    fields = ("kind", "start", "end", "note")
    changes = {"agent": [None, agent.pk]} | {name: [None, values[name]] for name in fields}
    changes["start"][1], changes["end"][1] = values["start"].isoformat(), values["end"].isoformat()
    return {
        "organization_id": values["organization_id"],
        "content_type_id": content_type,
        "object_id": pk,
        "object_repr": f"{agent} · {K(values['kind']).label}"[:200],
        "action": AuditEvent.Action.CREATE,
        "actor_id": None,
        "channel": AuditEvent.Channel.IMPORT,
        "at": values["created_at"],
        "changes": changes,
        "reason": "",
    }
