"""Reads of the people app: scoped, annotated querysets and the figures of the home page."""

from regie.core.models import Membership

from .models import Agent, Department, Team


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
