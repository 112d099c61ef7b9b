"""The cost summary of the API (`interventions/api/costs.py`)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.factories import CostCodeFactory
from regie.interventions.models import WorkOrder
from regie.people.factories import DepartmentFactory

from ..api_support import API, work_order

pytestmark = pytest.mark.django_db


# --- costs -------------------------------------------------------------------------------------------------


def _charge(town, wo, amount, kind="material"):
    services.add_cost_line(
        by=town.manager,
        work_order=wo,
        kind=kind,
        label="Fournitures",
        date=timezone.localdate(),
        unit_cost=Decimal(amount),
    )


def test_what_did_the_14_july_cost(town, api_for, make_member):
    july = CostCodeFactory(organization=town.org, code="14JUIL", name="Fête nationale")
    festival = CostCodeFactory(organization=town.org, code="JAZZ", name="Festival de jazz")
    streets = DepartmentFactory(organization=town.org, code="VOI", name="Voirie")
    stage = work_order(town, title="Scène", cost_code=july, department=town.works)
    barriers = work_order(town, title="Barrières", cost_code=july, department=streets)
    jazz = work_order(town, title="Podium", cost_code=festival, department=town.works)
    cancelled = work_order(town, title="Feu d'artifice", cost_code=july, department=streets)
    _charge(town, stage, "1200.00")
    _charge(town, barriers, "300.50", kind="equipment")
    _charge(town, jazz, "999.00")
    _charge(town, cancelled, "50.00")
    services.record_time(
        by=town.manager, work_order=stage, agent=town.agent, date=timezone.localdate(), hours=Decimal(4)
    )
    WorkOrder.objects.filter(pk=cancelled.pk).update(state="cancelled")

    elected = api_for(make_member(town.org, Role.ELECTED))
    response = elected.get(f"{API}/costs/summary/", {"cost_code": july.pk, "group_by": "department"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["group_by"] == "department"
    assert [(r["id"], r["label"], r["total"]) for r in body["rows"]] == [
        (town.works.pk, "Bâtiments", "1342.00"),  # 1200 + 4 h × 35.50
        (streets.pk, "Voirie", "300.50"),
    ]
    assert body["totals"]["total"] == "1642.50" and body["totals"]["work_orders"] == 2
    assert body["totals"]["labour"] == "142.00" and body["totals"]["hours"] == "4.00"

    by_code = elected.get(f"{API}/costs/summary/", {"group_by": "cost_code"}).json()["rows"]
    assert [(r["label"], r["total"]) for r in by_code] == [
        ("14JUIL — Fête nationale", "1642.50"),
        ("JAZZ — Festival de jazz", "999.00"),
    ]
    by_month = elected.get(f"{API}/costs/summary/", {"group_by": "month"}).json()["rows"]
    assert [r["label"] for r in by_month] == [f"{timezone.localdate():%Y-%m}"] and by_month[0]["id"] is None
    today = timezone.localdate()
    same_day = elected.get(f"{API}/costs/summary/", {"date_from": today, "date_to": today}).json()
    assert same_day["totals"]["total"] == "2641.50"
    tomorrow = today + datetime.timedelta(days=1)
    assert elected.get(f"{API}/costs/summary/", {"date_from": tomorrow}).json()["rows"] == []
    by_dept = elected.get(f"{API}/costs/summary/", {"department": streets.pk}).json()
    assert by_dept["totals"]["total"] == "300.50"

    for query, field in (
        ({"group_by": "colour"}, "group_by"),
        ({"date_from": "14/07"}, "date_from"),
        ({"date_from": tomorrow, "date_to": today}, "date_to"),
        ({"cost_code": 0}, "cost_code"),
    ):
        response = elected.get(f"{API}/costs/summary/", query)
        assert response.status_code == 400 and field in response.json()["fields"], query
    assert api_for(town.requester).get(f"{API}/costs/summary/").status_code == 403
    assert api_for(town.agent_user).get(f"{API}/costs/summary/").status_code == 403


def test_cost_summary_of_another_organization_shows_nothing(town, api_for, org_b, make_member):
    from tests.interventions.conftest import Town

    other = Town(org_b, make_member)
    _charge(other, work_order(other), "10.00")
    body = api_for(town.admin).get(f"{API}/costs/summary/").json()
    assert body["rows"] == [] and body["totals"]["total"] == "0.00"
    foreign_code = CostCodeFactory(organization=org_b)
    assert api_for(town.admin).get(f"{API}/costs/summary/", {"cost_code": foreign_code.pk}).status_code == 400
