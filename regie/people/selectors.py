"""Reads of the people app: scoped, annotated querysets and the figures of the home page."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, Q

from regie.core.models import Membership

from .models import Agent, Department, Skill, Team


def headline_figures(organization):
    """Departments, agents and teams of an organization, for the home page, in three queries."""
    from django.utils.translation import gettext as _

    from regie.core.navigation import Figure

    departments = Department.objects.owned_by(organization).active().count()
    agents = Agent.objects.owned_by(organization).active().count()
    teams = Team.objects.owned_by(organization).active().count()
    return [
        Figure("departments", _("departments"), departments, weight=10),
        Figure("agents", _("agents"), agents, weight=20),
        Figure("teams", _("teams"), teams, weight=30),
    ]


def agents_for_list(organization):
    return Agent.objects.for_org(organization).select_related("department", "team")


def members(organization):
    return Membership.objects.owned_by(organization).select_related("user", "department", "contractor")


# --- the agent picker -------------------------------------------------------------------------------------

PICKER_LIMIT = 12  # results of one search: one screen on a phone
PICKER_MAX_SELECTED = 200  # ids of chosen agents a picker request may carry (a work order has a handful)


@dataclass
class AgentOption:
    """An agent as the picker shows it: `namesake` when another active agent bears the same name, so the
    employee number tells them apart; `busy` and `missing_skills` are filled by the app that knows the slot
    and the skills a job needs (None: not known)."""

    agent: Agent
    namesake: bool = False
    busy: bool | None = None
    missing_skills: list = field(default_factory=list)

    @property
    def pk(self):
        return self.agent.pk


@dataclass
class PickerChoices:
    """What a picker shows: the chosen agents, the results of the search, and whether more match."""

    chosen: list = field(default_factory=list)  # AgentOption
    results: list = field(default_factory=list)  # AgentOption
    more: bool = False
    query: str = ""
    hint: str = ""  # why there are no results (nothing typed, no team)
    team_name: str = ""  # the results are the team's
    all_teams: bool = False


def _picker_queryset(organization):
    return (
        Agent.objects.for_org(organization)
        .active()
        .select_related("team")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("sort_name")))
        .order_by("sort_name", "employee_number")
    )


def search_agents(organization, *, query="", team=None, exclude=(), limit=PICKER_LIMIT):
    """Active agents whose names (every word typed, any order) or employee number match `query`, of `team`
    when one is given; without a query and without a team, none (the picker lists no 400 agents).

    Returns (agents, more): at most `limit` agents, and whether more match (the picker asks to type more).
    """
    query = " ".join(query.split())
    if not query and team is None:
        return [], False
    qs = _picker_queryset(organization)
    for word in query.split(" ")[:5] if query else ():
        qs = qs.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(employee_number__istartswith=word)
        )
    if team is not None:
        qs = qs.filter(team=team)
    if exclude:
        qs = qs.exclude(pk__in=list(exclude))
    agents = list(qs[: limit + 1])
    return agents[:limit], len(agents) > limit


def chosen_agents(organization, pks):
    """The agents of `pks` (chosen in a picker, as typed: ids no column holds are left out) that the
    organization has, in the picker's order."""
    low, high = connection.ops.integer_field_range(Agent._meta.pk.get_internal_type())
    low, high = low or -(2**63), high or 2**63 - 1
    pks = [pk for pk in list(pks)[:PICKER_MAX_SELECTED] if low <= pk <= high]
    return list(_picker_queryset(organization).filter(pk__in=pks)) if pks else []


def as_options(organization, agents):
    """`AgentOption`s of `agents`, with the namesakes marked (one query: the names borne twice)."""
    names = {(a.first_name.casefold(), a.last_name.casefold()) for a in agents}
    twice = set()
    if names:
        last_names = {a.last_name for a in agents}
        rows = (
            Agent.objects.for_org(organization)
            .active()
            .filter(last_name__in=last_names)
            .values_list("first_name", "last_name")
        )
        seen = {}
        for first, last in rows:
            key = (first.casefold(), last.casefold())
            seen[key] = seen.get(key, 0) + 1
        twice = {key for key, n in seen.items() if n > 1 and key in names}
    return [AgentOption(a, namesake=(a.first_name.casefold(), a.last_name.casefold()) in twice) for a in agents]
