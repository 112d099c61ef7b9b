"""API of the inspections: the catalogue's generated cases, inspections and observations (read cases plus their
own writes: the one-click request, lifting, a closed inspection refusing observations, a date in the future)."""

import datetime

import pytest

from regie.maintenance.inspection_factories import (
    InspectionFactory,
    InspectionTypeFactory,
    ObservationFactory,
    PeriodicityRuleFactory,
)
from regie.maintenance.models import Inspection, Observation
from tests.cases import APIReadCases, APIRecordCases

TODAY = datetime.date.today()


class TestInspectionTypeAPI(APIRecordCases):
    resource, path, factory = "inspection", "/api/v1/inspection-types/", InspectionTypeFactory
    create_data = {"code": "AJ2", "name": "Aires de jeux", "asset_kind": "playground", "periodicity": 12}
    update_data = {"periodicity": 6}
    invalid_data = ({"periodicity": 0}, "periodicity")
    conflict_with, conflict_data = {"code": "AJ2"}, {"code": "AJ2"}


class TestPeriodicityRuleAPI(APIRecordCases):
    resource, path, factory = "inspection", "/api/v1/periodicity-rules/", PeriodicityRuleFactory
    create_data = {
        "inspection_type": lambda org: InspectionTypeFactory(organization=org).pk,
        "erp_types": "LX",
        "erp_categories": "12",
        "months": 36,
    }
    update_data = {"months": 18}
    invalid_data = ({"erp_types": "Z"}, "erp_types")


class TestInspectionAPI(APIReadCases):
    resource, path, factory = "inspection", "/api/v1/inspections/", InspectionFactory


class TestObservationAPI(APIReadCases):
    resource, path, factory = "inspection", "/api/v1/inspection-observations/", ObservationFactory


pytestmark = pytest.mark.django_db


def test_record_then_observe_then_request_then_lift(site, api_for):
    api = api_for(site.manager, site.org)
    payload = {
        "asset": site.school.pk,
        "inspection_type": site.type("ERP-ELEC").pk,
        "inspected_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
        "inspector": "Apave",
        "outcome": "non_compliant",
    }
    response = api.post("/api/v1/inspections/", payload, format="json")
    assert response.status_code == 201, response.content
    inspection = response.json()
    assert inspection["is_open"] and inspection["number"].startswith("CTR-")
    response = api.post(
        "/api/v1/inspection-observations/",
        {"inspection": inspection["id"], "text": "Différentiel défaillant", "severity": "critical"},
        format="json",
    )
    assert response.status_code == 201, response.content
    observation = response.json()
    response = api.post(f"/api/v1/inspection-observations/{observation['id']}/request/", format="json")
    assert response.status_code == 200, response.content
    assert response.json()["request_number"].startswith("DI-")
    again = api.post(f"/api/v1/inspection-observations/{observation['id']}/request/", format="json")
    assert again.status_code == 409
    response = api.post(f"/api/v1/inspection-observations/{observation['id']}/lift/", {"note": ""}, format="json")
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/inspection-observations/{observation['id']}/lift/", {"note": "Remplacé"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert not Inspection.objects.get(pk=inspection["id"]).is_open
    refused = api.post(
        "/api/v1/inspection-observations/",
        {"inspection": inspection["id"], "text": "Encore", "severity": "minor"},
        format="json",
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "closed"
    assert Observation.objects.filter(inspection_id=inspection["id"]).count() == 1


def test_a_date_in_the_future_is_a_400_on_the_field(site, api_for):
    api = api_for(site.manager, site.org)
    payload = {
        "asset": site.school.pk,
        "inspection_type": site.type("ERP-ELEC").pk,
        "inspected_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
        "inspector": "Apave",
        "outcome": "compliant",
    }
    response = api.post("/api/v1/inspections/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "inspected_on" in response.json()["fields"]
    assert not Inspection.objects.exists()


def test_compliance_api_filters_and_refuses_agents_nothing_to_read(site, api_for, make_member):
    from regie.core.permissions import Role

    agent = make_member(site.org, Role.AGENT)
    response = api_for(agent, site.org).get("/api/v1/compliance/", {"status": "overdue"})
    assert response.status_code == 200
    assert response.json()["results"]
    assert {row["status"] for row in response.json()["results"]} == {"overdue"}
    bad = api_for(agent, site.org).get("/api/v1/compliance/", {"building": "99999999999999999999"})
    assert bad.status_code == 200  # an impossible filter is ignored, not a server error
