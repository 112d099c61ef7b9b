"""Reference data and workflow settings in the API (`interventions/api/reference.py`)."""

import pytest

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions.factories import BudgetLineFactory, CategoryFactory, CostCodeFactory, PriorityFactory
from regie.interventions.models import Category, WorkflowSettings
from regie.people.factories import DepartmentFactory

from ..api_support import API, file

pytestmark = pytest.mark.django_db


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
        "budget_counts_labour": False,
        "reopen_days": 30,
        "acknowledgement_days": 15,
        "holiday_calendar": "",
        "max_daily_hours": "10.00",
        "time_entry_horizon_days": 365,
        "working_day_start": "07:30:00",
        "working_day_end": "17:30:00",
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
