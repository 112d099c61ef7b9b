"""The role homes: an elected official's summary of the organization's activity (each figure recomputed here from
the raw records), a contractor's home with their own work only. Runs on SQLite and on PostgreSQL."""

import datetime
import statistics
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.activity import RESOLUTION, median, organization_activity, period_starts
from regie.interventions.models import InterventionRequest, WorkOrder
from regie.people.factories import ContractorFactory

from .api_support import approved, file, work_order

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def history(town):
    """Requests received and closed at known moments: this month, earlier this year, last year."""
    now = timezone.now()
    month, year = period_starts(now)
    moments = {
        "this_month": month + datetime.timedelta(hours=1),
        "this_year": year + datetime.timedelta(hours=2),
        "last_year": year - 40 * DAY,
    }
    rows = []
    # (received, closed after how long, or not closed): resolution times 2, 5, 9 and 30 days
    for received, closed_after in (
        ("this_month", None),
        ("this_year", 2 * DAY),
        ("this_year", 5 * DAY),
        ("last_year", 9 * DAY),
        ("last_year", 30 * DAY),
        ("last_year", None),
    ):
        obj = file(town)
        submitted = min(moments[received], now - DAY)
        closed = min(submitted + closed_after, now) if closed_after else None
        InterventionRequest.objects.filter(pk=obj.pk).update(
            submitted_at=submitted, closed_at=closed, state="closed" if closed else "submitted"
        )
        rows.append(obj.pk)
    late = approved(town, title="En retard")
    InterventionRequest.objects.filter(pk=late.pk).update(resolution_due_at=now - DAY)
    wo = work_order(town, title="Bon en retard")
    WorkOrder.objects.filter(pk=wo.pk).update(planned_start=now - 3 * DAY, planned_end=now - 2 * DAY, state="planned")
    services.add_cost_line(
        by=town.manager,
        work_order=work_order(town, title="Toiture", department=town.works),
        kind="material",
        label="Tuiles",
        date=timezone.localdate(),
        unit_cost=Decimal("480.00"),
    )
    return now


def expected_activity(organization, now):
    """The figures from the raw records, in Python."""
    month, year = period_starts(now)
    rows = list(InterventionRequest.objects.owned_by(organization))
    received = [r for r in rows if r.submitted_at]
    closed = [r for r in rows if r.state == "closed" and r.closed_at]
    closed_year = [r for r in closed if r.closed_at >= year]
    durations = [r.closed_at - r.submitted_at for r in closed_year]
    return {
        "received_month": sum(r.submitted_at >= month for r in received),
        "received_year": sum(r.submitted_at >= year for r in received),
        "closed_month": sum(r.closed_at >= month for r in closed),
        "closed_year": len(closed_year),
        "median_resolution": statistics.median(durations) if durations else None,
        "overdue_requests": sum(r.is_overdue for r in rows),
        "overdue_work_orders": sum(w.is_overdue for w in WorkOrder.objects.owned_by(organization)),
    }


def test_the_summary_figures_are_the_raw_records(town, history, make_member):
    elected = make_member(town.org, Role.ELECTED)
    activity = organization_activity(town.org, elected.memberships.get(), history)
    expected = expected_activity(town.org, history)
    assert {name: getattr(activity, name) for name in expected} == expected
    assert expected["overdue_requests"] >= 1 and expected["overdue_work_orders"] == 1
    works = next(row for row in activity.costs.rows if row["department_id"] == town.works.pk)
    assert works["total"] == Decimal("480.00")


@pytest.mark.parametrize("days", [[], [3], [3, 1], [4, 1, 9], [7, 2, 2, 10], [1, 1, 1, 5, 8, 13]])
def test_the_median_is_computed_by_the_database(town, days):
    now = timezone.now()
    for n, day_count in enumerate(days):
        obj = file(town, title=f"Demande {n}")
        InterventionRequest.objects.filter(pk=obj.pk).update(
            submitted_at=now - datetime.timedelta(days=day_count, hours=n), closed_at=now, state="closed"
        )
    closed = InterventionRequest.objects.owned_by(town.org).filter(state="closed")
    expected = [now - r.submitted_at for r in closed]
    assert median(closed, RESOLUTION) == (statistics.median(expected) if expected else None)


def test_the_elected_officials_home_shows_the_summary_and_no_pay_or_log(town, history, make_member, client_for):
    elected = client_for(make_member(town.org, Role.ELECTED))
    home = elected.get("/")
    (section,) = home.context["sections"]
    expected = expected_activity(town.org, history)
    page = home.content.decode()
    for name in ("received_month", "received_year", "closed_month", "closed_year", "overdue_work_orders"):
        assert f'data-activity="{name}">{expected[name]}<' in page, name
    assert section.context["activity"].median_resolution == expected["median_resolution"]
    assert 'data-activity="total_cost"' in page
    assert elected.get(reverse("core:audit-list")).status_code == 403
    assert reverse("core:audit-list") not in page
    for role in (Role.MANAGER, Role.AGENT, Role.REQUESTER):
        assert client_for(make_member(town.org, role)).get("/").context["sections"] == [], role


def test_a_contractors_home_shows_their_own_work_and_no_town_wide_figure(town, make_member, client_for):
    company = ContractorFactory(organization=town.org)
    boss = make_member(town.org, Role.CONTRACTOR, contractor=company)
    work_order(town, title="Leur chantier", execution="contractor", contractor=company)
    work_order(town, title="Un autre", execution="contractor", contractor=ContractorFactory(organization=town.org))
    work_order(town, title="En régie")
    approved(town)
    home = client_for(boss).get("/")
    assert home.context["figures"] == [] and home.context["sections"] == []
    assert "data-figure=" not in home.content.decode()
    assert {line.key: line.count for line in home.context["queue"]} == {"contractor_open": 1, "quotes_to_send": 0}
    staff = client_for(town.manager).get("/")
    assert {figure.key for figure in staff.context["figures"]} >= {"open_requests"}
