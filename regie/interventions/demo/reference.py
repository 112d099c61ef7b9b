"""The `interventions_reference` step: categories, priorities, budget lines, cost codes, settings, people."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from regie.assets.demo import create_registry  # noqa: F401  (registers the step this one comes after)
from regie.core.factories import MembershipFactory, UserFactory
from regie.core.models import User
from regie.core.permissions import Role
from regie.demo.data import FIRST_NAMES, LAST_NAMES
from regie.demo.generator import demo_step
from regie.people.demo.accounts import username as demo_username

from ..factories import BudgetLineFactory, CategoryFactory, CostCodeFactory, PriorityFactory, standard_priority_fields
from ..models import (
    WorkflowSettings,
)
from . import categories, data
from .base import HISTORY_DAYS, REQUESTING, TECHNICAL


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


@demo_step("interventions_reference", after="assets_registry")
def create_reference(demo):
    today = timezone.localdate()
    start, end = history_window(today)
    years = range(start.year, end.year + 1)
    people, memberships = [], []
    for key, org in demo.orgs.items():
        ref, organization = Reference(), org.organization
        rng = demo.rng("interventions_reference", key)
        org.extra["interventions"] = ref
        for category in categories.CATEGORIES:
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
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
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
