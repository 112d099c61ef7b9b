"""What the people steps built, organization by organization: the `summary` the demo command prints."""

from regie.core.models import Organization
from regie.demo import data
from regie.people.models import Agent, Contractor, Department, Team


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
