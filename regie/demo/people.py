"""Build steps of the platform and people records: organizations, skills, departments, teams, agents,
contractors, and what the agglomeration shares with its communes."""

import unicodedata
from decimal import Decimal

from django.utils.text import slugify

from regie.core.factories import OrganizationFactory, siret_for, with_luhn_digit
from regie.core.models import Organization, Share
from regie.people.factories import (
    AgentFactory,
    ContractorFactory,
    DepartmentFactory,
    ShareFactory,
    SkillFactory,
    TeamFactory,
)
from regie.people.models import Agent, Contractor, Department, Team

from . import data
from .generator import demo_step

# Loaded costs differ a little between employers (pay scale supplements, overheads).
RATE_FACTOR = {"agglo": Decimal("1.04"), "town": Decimal("1"), "mid": Decimal("0.97"), "village": Decimal("0.95")}
LEADER_SUPPLEMENT = Decimal("5.50")  # a team leader (agent de maîtrise) costs more an hour
EXTRA_DEPARTMENTS_PER_SCALE = 4
HEAD_FROM = 6  # departments of this many agents have a head outside the teams
SHARED_TRADE = "ELAG"  # the agglomeration's group-purchase company, lent to the communes, offers this trade


@demo_step("organizations")
def create_organizations(demo):
    agglomeration = None
    for key, org in demo.orgs.items():
        spec = org.spec
        org.organization = OrganizationFactory.build(
            name=spec.name,
            slug=spec.slug,
            kind=spec.kind,
            siren=with_luhn_digit(spec.siren_base),
            insee_code=spec.insee_code,
            population=spec.population,
            address=spec.address,
            email=f"contact@{spec.domain}",
            epci=agglomeration,
        )
        demo.save([org.organization])
        if key == "agglo":
            agglomeration = org.organization


def _skill_codes(spec):
    """The trades the organization employs, in catalogue order."""
    used = {code for d in spec.departments for code in (*d.trades, *(skill for _, skill in d.teams))}
    return [code for code in data.SKILLS if code in used]


@demo_step("skills", after="organizations")
def create_skills(demo):
    for key, org in demo.orgs.items():
        factor = RATE_FACTOR.get(key, Decimal(1))
        for code in _skill_codes(org.spec):
            skill = data.SKILLS[code]
            rate = (skill.hourly_rate * factor * 2).quantize(Decimal(1)) / 2  # to the nearest 50 cents
            org.skills[code] = SkillFactory.build(
                organization=org.organization, code=code, name=skill.name, hourly_rate=rate.quantize(Decimal("0.01"))
            )
        demo.save(list(org.skills.values()))


def _phone(rng, mobile=False):
    """A number from ARCEP's ranges reserved for fiction (Centre-Val de Loire; mobiles)."""
    prefix = "06 39 98" if mobile else "02 61 91"
    return f"{prefix} {rng.randrange(100):02d} {rng.randrange(100):02d}"


@demo_step("departments", after="skills")
def create_departments(demo):
    for key, org in demo.orgs.items():
        spec, rng = org.spec, demo.rng("departments", key)
        extra_count = min(len(spec.extra_department_names), EXTRA_DEPARTMENTS_PER_SCALE * (demo.scale - 1))
        rows = [(d.code, d.name, d.kind) for d in spec.departments]
        rows += [(f"GS{i + 1:02d}", name, data.REQUESTING) for i, name in enumerate(spec.extra_department_names)]
        for code, name, kind in rows[: len(spec.departments) + extra_count]:
            org.departments[code] = DepartmentFactory.build(
                organization=org.organization,
                code=code,
                name=name,
                kind=kind,
                email=f"{code.lower()}@{spec.domain}",
                phone=_phone(rng),
            )
        demo.save(list(org.departments.values()))


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
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
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
            phone=_phone(rng, mobile=True) if rng.random() < 0.6 else "",
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
        technical = [d for d in spec.departments if d.kind == data.TECHNICAL]
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


def _company_name(template, rng, taken):
    for _ in range(50):
        name = template.format(last=rng.choice(data.LAST_NAMES))
        if name not in taken:
            taken.add(name)
            return name
    raise AssertionError("no free company name")


@demo_step("contractors", after="workforce")
def create_contractors(demo):
    taken, serial = set(), demo.rng("siret").randrange(1, 10**6)
    for key, org in demo.orgs.items():
        rng, spec = demo.rng("contractors", key), org.spec
        offers = [(t, [org.skills[c] for c in trades if c in org.skills]) for t, trades in data.CONTRACTORS]
        offers = [(t, skills) for t, skills in offers if skills]
        rng.shuffle(offers)
        offers.sort(key=lambda offer: key != "agglo" or SHARED_TRADE not in {s.code for s in offer[1]})
        wanted = demo.scaled(spec, spec.contractors)
        city = spec.address.rsplit(", ", 1)[-1]
        for index in range(wanted):
            template, skills = offers[index % len(offers)]
            name = _company_name(template, rng, taken)
            serial += 1
            contractor = ContractorFactory.build(
                organization=org.organization,
                name=name,
                siret=siret_for(serial, establishment=rng.choice((1, 1, 1, 2, 3))),
                email=f"contact@{slugify(name)}.example",
                phone=_phone(rng),
                address=f"{rng.randrange(1, 90)} {rng.choice(data.STREETS)}, {city}",
            )
            contractor.trade_skills = skills
            org.contractors.append(contractor)
        demo.save(org.contractors)
        demo.link(Contractor.trades, [(c, c.trade_skills) for c in org.contractors])


@demo_step("shares", after="contractors")
def create_shares(demo):
    """Mutualisation: the agglomeration lends its tree-surgery team to the smaller communes (costs charged back)
    and lets every commune use the company of its group purchase (groupement de commandes)."""
    agglo = demo.orgs["agglo"]
    team = next(t for t in agglo.teams if t.department.code == "MUTUAL")
    contractor = agglo.contractors[0]
    shares = [
        ShareFactory.build(
            organization=agglo.organization,
            target=demo.orgs[key].organization,
            resource=team,
            rights=Share.Rights.USE,
            recharge_rate=Decimal(100),
        )
        for key in ("mid", "village")
    ]
    shares += [
        ShareFactory.build(
            organization=agglo.organization,
            target=org.organization,
            resource=contractor,
            rights=Share.Rights.USE,
            recharge_rate=Decimal(0),
        )
        for key, org in demo.orgs.items()
        if key != "agglo"
    ]
    demo.save(shares)


def summary() -> list[str]:
    """One line per demo organization with its workforce, read from the database."""
    organizations = Organization.objects.filter(slug__in=[spec.slug for spec in data.ORGANIZATIONS])
    lines = []
    for organization in sorted(organizations, key=lambda o: (o.epci_id is not None, -(o.population or 0))):
        departments = Department.objects.owned_by(organization)
        figures = {
            "departments": departments.count(),
            "technical": departments.filter(kind=Department.Kind.TECHNICAL).count(),
            "teams": Team.objects.owned_by(organization).count(),
            "agents": Agent.objects.owned_by(organization).count(),
            "contractors": Contractor.objects.owned_by(organization).count(),
        }
        lines.append(f"{organization.name}: " + ", ".join(f"{n} {label}" for label, n in figures.items()))
    return lines
