"""The home page's maintenance lines: for managers and administrators, overdue inspections and plans with overdue
occurrences, each counted by the predicate of the list it links to (the same count there); figures for the staff."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regie.assets.factories import AssetFactory
from regie.core.models import Membership
from regie.core.permissions import Role
from regie.interventions.factories import CategoryFactory, PriorityFactory
from regie.interventions.models import Priority
from regie.maintenance import home as maintenance_home
from regie.maintenance.models import MaintenancePlan, Occurrence

pytestmark = pytest.mark.django_db

MAINTENANCE_LINES = {"overdue_inspections", "overdue_plans"}


def make_plan(organization, name="Entretien"):
    """A plan on one asset, saved as is (the site's organization has its standard priorities already)."""
    priority = Priority.objects.filter(organization=organization).first() or PriorityFactory(organization=organization)
    return MaintenancePlan.objects.create(
        organization=organization, name=name, scope=MaintenancePlan.Scope.ASSET,
        asset=AssetFactory(organization=organization), rule="FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1",
        starts_on=datetime.date(2026, 1, 1), category=CategoryFactory(organization=organization), priority=priority,
    )  # fmt: skip


def occurrence(plan, days_late, status=Occurrence.Status.PLANNED, day=1):
    due = datetime.date(2026, 1, day)
    return Occurrence.objects.create(
        organization=plan.organization, plan=plan, asset=plan.asset, scheduled_on=due, due_on=due, status=status,
        late_after=timezone.now() - datetime.timedelta(days=days_late),
    )  # fmt: skip


@pytest.fixture
def late(site, org_b):
    """Two plans with overdue occurrences (one with two), one due later, and another organization's."""
    first, second, later = (make_plan(site.org, name=name) for name in ("Chaudière", "VMC", "Toiture"))
    occurrence(first, 3)
    occurrence(first, 1, day=2)
    occurrence(second, 10)
    occurrence(later, -5)
    occurrence(make_plan(org_b), 3)
    return site


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_the_home_counts_are_the_lists_counts(late, client_for, make_member, role):
    client = client_for(make_member(late.org, role))
    response = home(client)
    queue = {line.key: line for line in response.context["queue"] if line.key in MAINTENANCE_LINES}
    assert set(queue) == MAINTENANCE_LINES
    assert queue["overdue_plans"].count == 2
    assert queue["overdue_inspections"].count > 0  # never inspected since seeded: overdue
    for line in queue.values():
        listed = client.get(line.url)
        assert listed.status_code == 200
        assert listed.context["page"].count == line.count, (line.key, line.url)
        assert line.url in response.content.decode().replace("&amp;", "&")
    figures = {figure.key: figure.value for figure in response.context["figures"]}
    assert figures["overdue_inspections"] == queue["overdue_inspections"].count
    assert figures["overdue_maintenance"] == 3  # the occurrences the plans list's header counts overdue


def test_the_lines_follow_the_records(late, client_for):
    client = client_for(late.manager)
    before = {line.key: line.count for line in home(client).context["queue"]}
    Occurrence.objects.filter(organization=late.org, plan__name="VMC").update(
        late_after=timezone.now() + datetime.timedelta(days=1)
    )
    after = {line.key: line.count for line in home(client).context["queue"]}
    assert (before["overdue_plans"], after["overdue_plans"]) == (2, 1)


@pytest.mark.parametrize("role", [Role.AGENT, Role.REQUESTER, Role.DEPARTMENT_HEAD])
def test_other_roles_get_no_maintenance_line(late, client_for, make_member, role):
    response = home(client_for(make_member(late.org, role)))
    assert not {line.key for line in response.context["queue"]} & MAINTENANCE_LINES


def test_one_query_for_the_figures_and_the_lines_and_no_line_when_nothing_is_late(late, org_b, rf):
    request = rf.get("/")
    request.organization = late.org
    request.membership = Membership.objects.get(organization=late.org, user=late.manager)
    with CaptureQueriesContext(connection) as queries:
        figures = maintenance_home.figures(late.org)
        lines = maintenance_home.lines_for(request)
    assert len(queries) == 1
    assert [figure.value for figure in figures][1] == 3
    assert {line.key: line.count for line in lines}["overdue_plans"] == 2
    Occurrence.objects.filter(organization=late.org).update(late_after=timezone.now() + datetime.timedelta(days=1))
    request.organization = type(late.org).objects.get(pk=late.org.pk)  # the next request's organization
    assert "overdue_plans" not in {line.key for line in maintenance_home.lines_for(request)}
