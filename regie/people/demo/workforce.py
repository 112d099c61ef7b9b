"""Build step of the workforce: teams in the technical departments, agents (names, numbers, schedules,
skills) spread over them, and a leader for each team."""

import unicodedata
from decimal import Decimal

from regie.demo import data as shared
from regie.demo.generator import demo_step
from regie.people.factories import AgentFactory, TeamFactory
from regie.people.models import Agent, Team

from . import data, departments  # noqa: F401  (departments registers the step the workforce comes after)

LEADER_SUPPLEMENT = Decimal("5.50")  # a team leader (agent de maîtrise) costs more an hour
HEAD_FROM = 6  # departments of this many agents have a head outside the teams


def _share_out(total, weights):
    """Split `total` in proportion to `weights` (largest remainder), at least one each while there are enough."""
    if total >= len(weights):
        total -= len(weights)
        base = [1] * len(weights)
    else:
        base = [0] * len(weights)
    exact = [total * w / sum(weights) for w in weights]
    counts = [b + int(x) for b, x in zip(base, exact, strict=True)]
    by_remainder = sorted(range(len(weights)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in by_remainder[: total - sum(int(x) for x in exact)]:
        counts[i] += 1
    return counts


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "-")


def _weekly_hours(rng):
    if rng.random() >= data.PART_TIME_SHARE:
        return Decimal("35.0")
    hours, weights = zip(*data.PART_TIME, strict=True)
    return rng.choices(hours, weights)[0]


class _AgentMaker:
    """Draws agents of one organization: names, numbers, e-mails, schedules and skills."""

    def __init__(self, demo, org):
        self.org, self.rng = org, demo.rng("agents", org.spec.key)
        self.number = 0
        self.emails = set()

    def make(self, department, team, main_skill, trades):
        rng, spec = self.rng, self.org.spec
        first, last = rng.choice(shared.FIRST_NAMES), rng.choice(shared.LAST_NAMES)
        self.number += 1
        email = f"{_ascii(first)}.{_ascii(last)}"
        if email in self.emails:
            email = f"{email}{self.number}"
        self.emails.add(email)
        agent = AgentFactory.build(
            organization=self.org.organization,
            employee_number=f"{spec.employee_prefix}{self.number:05d}",
            first_name=first,
            last_name=last,
            email=f"{email}@{spec.domain}",
            phone=data.phone(rng, mobile=True) if rng.random() < 0.6 else "",
            department=department,
            team=team,
            weekly_hours=_weekly_hours(rng),
        )
        others = [code for code in trades if code != main_skill]
        extra = rng.sample(others, min(len(others), rng.choices((0, 1, 2), (45, 40, 15))[0]))
        agent.skill_codes = [main_skill, *extra]
        return agent


def _teams_of(demo, org, spec_department, agent_count):
    """The teams of a department: its catalogue teams, repeated at higher scales, two agents each at least."""
    copies = demo.scale if org.spec.scales else 1
    names = [
        (f"{name} {copy + 1}" if copy else name, skill)
        for copy in range(copies)
        for name, skill in spec_department.teams
    ]
    return names[: max(1, agent_count // 2)] if names else []


@demo_step("workforce", after="departments")
def create_workforce(demo):
    """Teams in the technical departments, and agents (with skills and a team leader) spread over them."""
    for org in demo.orgs.values():
        spec, maker = org.spec, _AgentMaker(demo, org)
        technical = [d for d in spec.departments if d.kind == shared.TECHNICAL]
        counts = _share_out(demo.scaled(spec, spec.agents), [d.weight for d in technical])
        plan = []  # (department, team or None, main skill, trades)
        for spec_department, count in zip(technical, counts, strict=True):
            department = org.departments[spec_department.code]
            teams = _teams_of(demo, org, spec_department, count)
            built = [
                TeamFactory.build(
                    organization=org.organization,
                    code=f"{department.code}-{i + 1:02d}",
                    name=name,
                    department=department,
                )
                for i, (name, _) in enumerate(teams)
            ]
            org.teams += built
            # Everyone is in a team, except the head of a large department and people in team-less departments.
            head = 1 if count >= HEAD_FROM else 0
            for index in range(count):
                if built and index >= head:
                    slot = (index - head) % len(built)
                    plan.append((department, built[slot], teams[slot][1], spec_department.trades))
                else:
                    plan.append((department, None, maker.rng.choice(spec_department.trades), spec_department.trades))
        demo.save(org.teams)
        org.agents = [maker.make(*row) for row in plan]
        demo.save(org.agents)
        demo.link(Agent.skills, [(a, [org.skills[c] for c in a.skill_codes]) for a in org.agents])
        _choose_leaders(org)


def _choose_leaders(org):
    members = {}
    for agent in org.agents:
        if agent.team is not None:
            members.setdefault(agent.team.pk, []).append(agent)
    leaders = []
    for team in org.teams:
        if team.pk in members:
            team.leader = members[team.pk][0]
            team.leader.hourly_rate = org.skills[team.leader.skill_codes[0]].hourly_rate + LEADER_SUPPLEMENT
            leaders.append(team.leader)
    Team.objects.bulk_update(org.teams, ["leader"])
    Agent.objects.bulk_update(leaders, ["hourly_rate"])
