"""The resource board of the planning: rows are teams (with their agents) or agents, columns are days or hours.

Built on the server in one pass over the range's work orders (one query, agents prefetched) and the agents'
absences (one query): a town's week is ~400 work orders in a few hundred cells, which a table shows at a glance
where a calendar stacks hundreds of slivers. Times are the organization's wall-clock time (`moments`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats, timezone

from regie.core.working_time import public_holidays
from regie.people.models import Absence, Agent

from .. import selectors
from ..models import WorkflowSettings
from ..workflow import WORK_ORDER_GROUPS
from .moments import wall_clock

SPANS = ("week", "day")
MAX_WORK_ORDERS = 3000  # a week of a large town is ~400; past this the board asks to narrow the teams


@dataclass
class Slot:
    start: datetime.datetime  # aware
    end: datetime.datetime
    label: str
    key: str  # wall-clock ISO start, what a drop sends back
    off: bool = False  # weekend, public holiday or outside the working hours
    today: bool = False
    busy: bool = False  # some row has a work order in it (an off slot without any is drawn narrow)

    @property
    def narrow(self):
        return self.off and not self.busy


@dataclass
class Card:
    """A work order in one cell of one row."""

    work_order: object
    time: str
    staffed: bool = False  # in a team's row: one of its agents has it (hidden while the agents' rows show)
    movable: bool = False
    rank: int = 3  # the priority's colour (1 most urgent … 4)


@dataclass
class Row:
    kind: str  # team, agent, none
    label: str
    team: object = None
    agent: object = None
    group: str = ""  # the team group a row belongs to (teams mode)
    cells: list = field(default_factory=list)  # per slot: [Card]
    absences: list = field(default_factory=list)  # per slot: [Absence]
    slots: list = field(default_factory=list)

    @property
    def columns(self):
        return zip(self.slots, self.cells, self.absences, strict=True)

    @property
    def target(self):
        """What a drop onto this row changes: `agent:<id>`, `team:<id>`, or nothing (the unassigned row)."""
        if self.agent is not None:
            return f"agent:{self.agent.pk}"
        return f"team:{self.team.pk}" if self.team is not None else ""

    @property
    def count(self):
        return sum(len(cell) for cell in self.cells)


@dataclass
class Group:
    team: object
    row: Row
    agents: list


def slots_for(organization, span, day):
    """The columns: the seven days of `day`'s week, or the working hours of `day`."""
    settings = WorkflowSettings.for_org(organization)
    zone, today = timezone.get_current_timezone(), timezone.localdate()

    def at(date, time):
        return timezone.make_aware(datetime.datetime.combine(date, time), zone)

    if span == "day":
        first = settings.working_day_start.hour
        last = settings.working_day_end.hour + (1 if settings.working_day_end.minute else 0)
        off_day = not _working(settings, day)
        return [
            Slot(
                at(day, datetime.time(h)),
                at(day, datetime.time(h)) + datetime.timedelta(hours=1),
                f"{h:02d}:00",
                wall_clock(at(day, datetime.time(h))),
                off=off_day,
            )
            for h in range(first, last)
        ]
    monday = day - datetime.timedelta(days=day.weekday())
    slots = []
    for n in range(7):
        date = monday + datetime.timedelta(days=n)
        start = at(date, datetime.time())
        slots.append(
            Slot(
                start,
                at(date + datetime.timedelta(days=1), datetime.time()),
                formats.date_format(date, "D j/m"),
                wall_clock(start),
                off=not _working(settings, date),
                today=date == today,
            )
        )
    return slots


def _working(settings, date):
    return date.weekday() < 5 and date not in public_holidays(settings.holiday_calendar, date.year)


def scope_choices(teams):
    """The board's team scopes: all teams, each technical department's teams, each team (value, label)."""
    departments = {}
    for team in teams:
        if team.department_id:
            departments.setdefault(team.department_id, team.department)
    return (
        [(f"d{pk}", department.name) for pk, department in sorted(departments.items(), key=lambda d: d[1].sort_name)],
        [(f"t{team.pk}", team.name) for team in teams],
    )


def default_scope(organization, user, membership, teams):
    """A dispatcher's board: their own team, else their department's teams, else all teams."""
    own = (
        Agent.objects.owned_by(organization)
        .active()
        .filter(user=user, team__isnull=False)
        .values_list("team_id", flat=True)
        .first()
    )
    if own and any(team.pk == own for team in teams):
        return f"t{own}"
    department = membership.department_id if membership else None
    if department and any(team.department_id == department for team in teams):
        return f"d{department}"
    return "all"


def teams_in(scope, teams):
    if scope.startswith("t"):
        return [team for team in teams if f"t{team.pk}" == scope]
    if scope.startswith("d"):
        return [team for team in teams if team.department_id and f"d{team.department_id}" == scope]
    return list(teams)


def build(organization, membership, *, slots, teams, everyone, by_agent, can_manage):
    """The rows of the board and whether it was cut at MAX_WORK_ORDERS.

    `teams`: the teams shown; `everyone`: all teams are shown, so agents without a team and work orders of no
    team have rows too; `by_agent`: one row per agent (and one for the work orders no agent has yet) instead
    of one group per team.
    """
    zone = timezone.get_current_timezone()
    first, last = timezone.localdate(slots[0].start), timezone.localdate(slots[-1].start)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()), zone)
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time()), zone)
    team_ids = [team.pk for team in teams]
    agents = Agent.objects.owned_by(organization).active().select_related("team")
    agents = agents if everyone else agents.filter(team_id__in=team_ids)
    agents = list(agents.order_by("team__sort_name", "sort_name", "pk"))
    qs = selectors.planned_between(organization, membership, start, end).filter(archived_at__isnull=True)
    if not everyone:
        qs = qs.filter(Q(team_id__in=team_ids) | Q(agents__team_id__in=team_ids)).distinct()
    work_orders = list(qs.order_by("planned_start", "pk")[: MAX_WORK_ORDERS + 1])
    truncated = len(work_orders) > MAX_WORK_ORDERS
    work_orders = work_orders[:MAX_WORK_ORDERS]

    def new_row(kind, label, **links):
        return Row(kind, label, cells=[[] for _ in slots], absences=[[] for _ in slots], slots=slots, **links)

    agent_rows = {agent.pk: new_row("agent", str(agent), agent=agent, team=agent.team) for agent in agents}
    team_rows = {team.pk: new_row("team", team.name, team=team, group=f"team-{team.pk}") for team in teams}
    loose = new_row("none", "")  # by agent: no agent yet; by team: no team and no agent of a shown team
    for row in agent_rows.values():
        row.group = f"team-{row.agent.team_id}" if row.agent.team_id in team_rows else ""
    for wo in work_orders:
        indexes = _slot_indexes(slots, wo.planned_start, wo.planned_end)
        card = {
            "time": formats.time_format(timezone.localtime(wo.planned_start), "H:i"),
            "rank": min(max(wo.priority.rank, 1), 4) if wo.priority_id else 3,
            "movable": can_manage
            and wo.organization_id == organization.pk
            and wo.state not in WORK_ORDER_GROUPS["ended"],
        }
        wo_agents = list(wo.agents.all())
        placed = False
        for agent in wo_agents:
            if agent.pk in agent_rows:
                _place(agent_rows[agent.pk], indexes, Card(wo, **card))
                placed = True
        if not by_agent:
            homes = {wo.team_id} | {agent.team_id for agent in wo_agents}
            for team_id in homes:
                if team_id in team_rows:
                    staffed = any(agent.team_id == team_id for agent in wo_agents)
                    _place(team_rows[team_id], indexes, Card(wo, staffed=staffed, **card))
                    placed = True
        if (by_agent and not wo_agents) or (not by_agent and not placed):
            _place(loose, indexes, Card(wo, **card))
    absences = (
        Absence.objects.owned_by(organization)
        .active()
        .overlapping(start, end)
        .filter(agent_id__in=list(agent_rows))
        .order_by("start")
    )
    for index, slot in enumerate(slots):
        slot.busy = any(row.cells[index] for row in (*agent_rows.values(), *team_rows.values(), loose))
    for absence in absences:
        row = agent_rows[absence.agent_id]
        for index in _slot_indexes(slots, absence.start, absence.end):
            row.absences[index].append(absence)
    if by_agent:
        rows = [*([loose] if loose.count or everyone else []), *agent_rows.values()]
        return rows, truncated
    groups = [
        Group(team, team_rows[team.pk], [row for row in agent_rows.values() if row.agent.team_id == team.pk])
        for team in teams
    ]
    return (groups, loose if loose.count else None), truncated


def _slot_indexes(slots, start, end):
    """The columns a period overlaps; in the hours of a day, one column: where it starts (or the edge)."""
    indexes = [i for i, slot in enumerate(slots) if slot.start < end and slot.end > start]
    if slots[0].end - slots[0].start < datetime.timedelta(days=1):
        if indexes:
            return indexes[:1]
        return [0] if end <= slots[0].start else [len(slots) - 1] if start >= slots[-1].end else []
    return indexes


def _place(row, indexes, card):
    for index in indexes:
        row.cells[index].append(card)
