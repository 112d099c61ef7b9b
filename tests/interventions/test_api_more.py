"""The rest of the interventions API: cost summary, reference data, workflow settings, schema."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.factories import BudgetLineFactory, CategoryFactory, CostCodeFactory, PriorityFactory
from regie.interventions.models import Category, WorkflowSettings, WorkOrder
from regie.people.factories import DepartmentFactory

from .api_support import API, file, work_order

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


# --- reference data ----------------------------------------------------------------------------------------


REFERENCE = {
    "categories": (CategoryFactory, {"code": "ELEC", "name": "Électricité"}, {"name": "Électricité générale"}),
    "priorities": (
        PriorityFactory,
        {"code": "P0", "name": "Danger", "rank": 1, "response_hours": 1, "resolution_hours": 4},
        {"resolution_hours": 8},
    ),
    "budget-lines": (
        BudgetLineFactory,
        {"code": "615221", "name": "Bâtiments publics", "section": "operating", "year": 2026, "amount": "1000.00"},
        {"amount": "2500.00"},
    ),
    "cost-codes": (
        CostCodeFactory,
        {"code": "14JUIL-2026", "name": "Fête nationale", "starts_on": "2026-07-13", "ends_on": "2026-07-15"},
        {"name": "Fête nationale 2026"},
    ),
}


@pytest.mark.parametrize("name", list(REFERENCE))
def test_reference_data(town, api_for, org_b, name, django_assert_max_num_queries):
    factory, create, patch = REFERENCE[name]
    admin = api_for(town.admin)
    factory(organization=org_b)
    before = admin.get(f"{API}/{name}/?page_size=200").json()["count"]
    response = admin.post(f"{API}/{name}/", create, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = admin.patch(f"{API}/{name}/{pk}/", patch, format="json")
    assert response.status_code == 200 and all(response.json()[k] == v for k, v in patch.items())
    assert admin.post(f"{API}/{name}/", create, format="json").status_code in (400, 409)  # duplicate code
    assert admin.post(f"{API}/{name}/{pk}/archive/", {"reason": "doublon"}, format="json").status_code == 200
    assert admin.get(f"{API}/{name}/").json()["count"] == before
    assert admin.delete(f"{API}/{name}/{pk}/").status_code == 405
    assert api_for(town.requester).post(f"{API}/{name}/", create, format="json").status_code == 403

    for i in range(25):
        factory(organization=town.org, code=f"BULK{i}")
    with django_assert_max_num_queries(4):
        assert admin.get(f"{API}/{name}/?page_size=200").json()["count"] == before + 25


def test_reference_data_rules(town, api_for, org_b):
    admin = api_for(town.admin)
    response = admin.post(
        f"{API}/priorities/",
        {"code": "PX", "name": "Incohérente", "response_hours": 48, "resolution_hours": 2},
        format="json",
    )
    assert response.status_code == 400
    foreign = DepartmentFactory(organization=org_b)
    response = admin.post(f"{API}/categories/", {"code": "X", "name": "X", "department": foreign.pk}, format="json")
    assert response.status_code == 400 and "department" in response.json()["fields"]
    manager = api_for(town.manager)
    assert manager.post(f"{API}/categories/", {"code": "M", "name": "Menuiserie"}, format="json").status_code == 201
    assert manager.post(f"{API}/priorities/", {"code": "PZ", "name": "Z"}, format="json").status_code == 403
    contractor_user = _contractor(town)
    assert api_for(contractor_user).get(f"{API}/categories/").status_code == 200
    assert api_for(contractor_user).get(f"{API}/cost-codes/").status_code == 403
    assert Category.objects.filter(code="M").exists()


def _contractor(town):
    from regie.core.factories import MembershipFactory
    from regie.people.factories import ContractorFactory

    company = ContractorFactory(organization=town.org)
    return MembershipFactory(organization=town.org, role=Role.CONTRACTOR, contractor=company).user


# --- workflow settings -------------------------------------------------------------------------------------


def test_workflow_settings(town, api_for, org_b, make_member):
    url = f"{API}/workflow-settings/current/"
    manager, admin = api_for(town.manager), api_for(town.admin)
    assert manager.get(url).json() == {
        "department_validation": True,
        "second_approval_threshold": None,
        "budget_required": False,
        "reopen_days": 30,
        "holiday_calendar": "",
        "max_daily_hours": "10.00",
    }
    assert manager.patch(url, {"reopen_days": 10}, format="json").status_code == 403
    assert api_for(town.requester).get(url).status_code == 403
    response = admin.patch(url, {"department_validation": False, "second_approval_threshold": "5000"}, format="json")
    assert response.status_code == 200 and response.json()["second_approval_threshold"] == "5000.00"
    settings = WorkflowSettings.objects.get(organization=town.org)
    assert settings.department_validation is False
    event = AuditEvent.objects.filter(object_id=settings.pk, action="update").get()
    assert event.changes["department_validation"] == [True, False] and event.actor == town.admin
    assert admin.patch(url, {"holiday_calendar": "57"}, format="json").json()["holiday_calendar"] == "57"
    assert admin.patch(url, {"max_daily_hours": "12"}, format="json").json()["max_daily_hours"] == "12.00"
    for body, field in (
        ({"reopen_days": -1}, "reopen_days"),
        ({"second_approval_threshold": "-1"}, None),
        ({"holiday_calendar": "Bavaria"}, "holiday_calendar"),
        ({"max_daily_hours": "0.5"}, "max_daily_hours"),
        ({"max_daily_hours": "25"}, "max_daily_hours"),
    ):
        response = admin.patch(url, body, format="json")
        assert response.status_code == 400 and (field is None or field in response.json()["fields"])

    # The first change of an organization that never had settings creates them.
    admin_b = make_member(org_b, Role.ADMIN)
    assert not WorkflowSettings.objects.filter(organization=org_b).exists()
    response = api_for(admin_b).patch(url, {"budget_required": True}, format="json")
    assert response.status_code == 200 and response.json()["budget_required"] is True
    created = WorkflowSettings.objects.get(organization=org_b)
    assert AuditEvent.objects.filter(object_id=created.pk, action="create", organization=org_b).exists()
    assert WorkflowSettings.objects.get(organization=town.org).budget_required is False

    # The setting is used at once: the village skips the department step.
    obj = file(town)
    response = api_for(town.manager).post(f"{API}/requests/{obj.pk}/transitions/", {"transition": "approve"})
    assert response.status_code == 200 and response.json()["state"] == "approved"


# --- the schema --------------------------------------------------------------------------------------------

ROUTES = {
    ("/api/v1/requests/", "get"),
    ("/api/v1/requests/", "post"),
    ("/api/v1/requests/{id}/", "get"),
    ("/api/v1/requests/{id}/", "patch"),
    ("/api/v1/requests/{id}/transitions/", "post"),
    ("/api/v1/requests/{id}/timeline/", "get"),
    ("/api/v1/requests/{id}/attachments/", "post"),
    ("/api/v1/requests/duplicates/", "get"),
    ("/api/v1/work-orders/", "get"),
    ("/api/v1/work-orders/", "post"),
    ("/api/v1/work-orders/{id}/", "get"),
    ("/api/v1/work-orders/{id}/", "patch"),
    ("/api/v1/work-orders/{id}/transitions/", "post"),
    ("/api/v1/work-orders/{id}/reschedule/", "post"),
    ("/api/v1/work-orders/{id}/suggested-agents/", "get"),
    ("/api/v1/work-orders/{id}/tasks/{task_id}/", "post"),
    ("/api/v1/work-orders/{id}/time-entries/", "get"),
    ("/api/v1/work-orders/{id}/time-entries/", "post"),
    ("/api/v1/work-orders/{id}/time-entries/{entry_id}/cancel/", "post"),
    ("/api/v1/work-orders/{id}/cost-lines/", "get"),
    ("/api/v1/work-orders/{id}/cost-lines/", "post"),
    ("/api/v1/work-orders/{id}/cost-lines/{line_id}/cancel/", "post"),
    ("/api/v1/costs/summary/", "get"),
    ("/api/v1/workflow-settings/current/", "get"),
    ("/api/v1/workflow-settings/current/", "patch"),
    *(
        (f"/api/v1/{name}/{suffix}", method)
        for name in REFERENCE
        for suffix, method in (
            ("", "get"),
            ("", "post"),
            ("{id}/", "get"),
            ("{id}/", "patch"),
            ("{id}/", "put"),
            ("{id}/archive/", "post"),
            ("{id}/restore/", "post"),
        )
    ),
}


def test_the_schema_documents_every_route_exactly(api_for, admin_a):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._warn_cache)
    documented = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert documented >= ROUTES, sorted(ROUTES - documented)
    ours = {p for p in documented if p[0].startswith(tuple(sorted({r[0].split("{")[0] for r in ROUTES})))}
    assert ours - ROUTES == set(), sorted(ours - ROUTES)  # no DELETE; no PUT on workflow records

    for path, method in ROUTES:
        operation = schema["paths"][path][method]
        names = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        assert ("header", "X-Organization") in names, (path, method)
        assert operation["responses"], (path, method)
    create = schema["paths"]["/api/v1/requests/"]["post"]
    assert ("header", "Idempotency-Key") in {(p["in"], p["name"]) for p in create["parameters"]}
    assert set(create["responses"]) >= {"200", "201", "400", "403"}
    transition = schema["paths"]["/api/v1/requests/{id}/transitions/"]["post"]
    assert "409" in transition["responses"]
    filters = {p["name"] for p in schema["paths"]["/api/v1/work-orders/"]["get"]["parameters"]}
    assert {"state", "group", "agent", "overdue", "planned_after", "planned_before", "search", "ordering"} <= filters
    upload = schema["paths"]["/api/v1/requests/{id}/attachments/"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]

    # The served schema is the same document.
    assert api_for(admin_a).get("/api/schema/?format=json").status_code == 200
