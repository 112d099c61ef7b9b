"""Reads of the people app: scoped, annotated querysets and the figures of the home page."""

from django.db.models import Count, Q

from regie.core.models import Membership

from .models import Agent, Department, Team


def headline_figures(organization):
    """Departments, agents, teams and open requests of an organization, in few queries."""
    departments = (
        Department.objects.owned_by(organization)
        .active()
        .aggregate(total=Count("id"), technical=Count("id", filter=Q(kind=Department.Kind.TECHNICAL)))
    )
    agents = Agent.objects.owned_by(organization).active().count()
    teams = Team.objects.owned_by(organization).active().count()
    return {
        "departments": departments["total"],
        "technical_departments": departments["technical"],
        "agents": agents,
        "teams": teams,
        "open_requests": open_request_count(organization),
    }


def open_request_count(organization):
    """Open intervention requests; the interventions module provides them once installed."""
    from django.apps import apps

    if not apps.is_installed("regie.interventions"):
        return 0
    from regie.interventions.selectors import open_request_count as count

    return count(organization)


def agents_for_list(organization):
    return Agent.objects.for_org(organization).select_related("department", "team")


def members(organization):
    return Membership.objects.owned_by(organization).select_related("user", "department", "contractor")
