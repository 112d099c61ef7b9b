import pytest

from regie.core.permissions import Role
from regie.interventions.factories import CategoryFactory, standard_priorities
from regie.interventions.models import WorkflowSettings
from regie.people.factories import AgentFactory, DepartmentFactory, SkillFactory, TeamFactory


class Town:
    """An organization with the people a request meets on its way, one attribute per role."""

    def __init__(self, org, make_member):
        self.org = org
        self.school = DepartmentFactory(organization=org, name="Écoles", code="ECO")
        self.works = DepartmentFactory(organization=org, name="Bâtiments", code="BAT", kind="technical")
        self.plumbing = SkillFactory(organization=org, name="Plomberie", code="PLB", hourly_rate="40.00")
        self.team = TeamFactory(organization=org, name="Équipe plomberie", department=self.works)
        self.priorities = standard_priorities(org)
        self.category = CategoryFactory(organization=org, name="Plomberie", code="PLOMB", skill=self.plumbing)
        self.requester = make_member(org, Role.REQUESTER, department=self.school)
        self.head = make_member(org, Role.DEPARTMENT_HEAD, department=self.school)
        self.manager = make_member(org, Role.MANAGER)
        self.manager2 = make_member(org, Role.MANAGER)
        self.agent_user = make_member(org, Role.AGENT)
        self.agent = AgentFactory(
            organization=org, user=self.agent_user, team=self.team, hourly_rate="35.50", skills=[self.plumbing]
        )
        self.admin = make_member(org, Role.ADMIN)
        WorkflowSettings.objects.create(organization=org, department_validation=True)

    def work_order(self, title="Autre chantier", *, start=None, end=None, agents=(), skills=()):
        """A direct work order of the manager's, planned over [start, end) when given, with `agents` on it."""
        from regie.interventions import services

        return services.create_work_order(
            by=self.manager,
            organization=self.org,
            data={
                "title": title,
                "category": self.category,
                "priority": self.priorities[2],
                "planned_start": start,
                "planned_end": end,
            },
            m2m={"agents": list(agents), "required_skills": list(skills)},
        )

    def request_data(self, **overrides):
        data = {
            "title": "Fuite sous l'évier",
            "description": "Fuite d'eau dans la cuisine de l'école Jules-Ferry",
            "category": self.category,
            "location": "École Jules-Ferry, cuisine",
            "priority": self.priorities[2],
        }
        data.update(overrides)
        return data


@pytest.fixture
def town(org_a, make_member):
    return Town(org_a, make_member)
