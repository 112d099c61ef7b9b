"""Build steps of an organization's structure: the skills (trades) it employs, then its departments."""

from decimal import Decimal

from regie.demo import data as shared
from regie.demo import organizations  # noqa: F401  (registers the step the skills come after)
from regie.demo.generator import demo_step
from regie.people.factories import DepartmentFactory, SkillFactory

from . import data

# Loaded costs differ a little between employers (pay scale supplements, overheads).
RATE_FACTOR = {"agglo": Decimal("1.04"), "town": Decimal("1"), "mid": Decimal("0.97"), "village": Decimal("0.95")}
EXTRA_DEPARTMENTS_PER_SCALE = 4


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


@demo_step("departments", after="skills")
def create_departments(demo):
    for key, org in demo.orgs.items():
        spec, rng = org.spec, demo.rng("departments", key)
        extra_count = min(len(spec.extra_department_names), EXTRA_DEPARTMENTS_PER_SCALE * (demo.scale - 1))
        rows = [(d.code, d.name, d.kind) for d in spec.departments]
        rows += [(f"GS{i + 1:02d}", name, shared.REQUESTING) for i, name in enumerate(spec.extra_department_names)]
        for code, name, kind in rows[: len(spec.departments) + extra_count]:
            org.departments[code] = DepartmentFactory.build(
                organization=org.organization,
                code=code,
                name=name,
                kind=kind,
                email=f"{code.lower()}@{spec.domain}",
                phone=data.phone(rng),
            )
        demo.save(list(org.departments.values()))
