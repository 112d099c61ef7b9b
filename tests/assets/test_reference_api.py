"""The registry's reference API: generated record cases (tests/cases.py) for every model, and its own rules."""

import datetime
import io
import json

import pytest
from django.utils import timezone

from regie.assets import services
from regie.assets.factories import (
    AssetFactory,
    AssetTypeFactory,
    AttributeDefinitionFactory,
    MeterFactory,
    OccupancyFactory,
    OccupantFactory,
)
from regie.assets.models import AttributeDefinition, MeterReading, OrganizationArea, Species
from regie.core.permissions import Role, can
from tests.cases import ALL_ROLES, APIReadCases, APIRecordCases, member

from .test_reference_pages import SQUARE, SpeciesFactory, make_meter, make_occupancy

pytestmark = pytest.mark.django_db


def a_type(organization):
    return AssetTypeFactory(organization=organization).pk


def an_asset(organization):
    return AssetFactory(organization=organization).pk


def an_occupant(organization):
    return OccupantFactory(organization=organization).pk


def a_meter(organization):
    return make_meter(organization).pk


class TestAssetTypeAPI(APIRecordCases):
    resource, path, factory = "assettype", "/api/v1/asset-types/", AssetTypeFactory
    create_data = {"code": "AIRE", "name": "Aire de jeux", "kind": "playground"}
    update_data = {"name": "Aire de jeux — équipement"}
    invalid_data = ({"kind": "castle"}, "kind")
    conflict_with, conflict_data = {"code": "AIRE"}, {"code": "AIRE"}


class TestAttributeAPI(APIRecordCases):
    resource, path, factory = "assettype", "/api/v1/asset-attributes/", AttributeDefinitionFactory
    create_data = {"asset_type": a_type, "code": "standard", "label": "Norme", "data_type": "choice",
                   "choices": ["EN 1176", "EN 1177"]}  # fmt: skip
    update_data = {"label": "Norme applicable"}
    invalid_data = ({"choices": []}, "choices")

    def make(self, organization, **fields):
        return AttributeDefinitionFactory(asset_type=AssetTypeFactory(organization=organization), **fields)


class TestOccupantAPI(APIRecordCases):
    resource, path, factory = "occupant", "/api/v1/occupants/", OccupantFactory
    create_data = {"name": "Club de judo", "kind": "association", "email": "judo@example.org"}
    update_data = {"phone": "04 73 00 00 00"}
    invalid_data = ({"email": "pas une adresse"}, "email")


class TestOccupancyAPI(APIRecordCases):
    resource, path, factory = "occupant", "/api/v1/occupancies/", OccupancyFactory
    create_data = {"occupant": an_occupant, "asset": an_asset, "starts_on": "2024-09-01", "floor_share": "40.00"}
    update_data = {"use": "Entraînements"}
    invalid_data = ({"floor_share": "140"}, "floor_share")

    def make(self, organization, **fields):
        return make_occupancy(organization, **fields)


class TestMeterAPI(APIRecordCases):
    resource, path, factory = "meter", "/api/v1/meters/", MeterFactory
    create_data = {"asset": an_asset, "name": "Compteur général", "kind": "electricity", "unit": "kWh"}
    update_data = {"serial_number": "EDF-123"}
    invalid_data = ({"kind": "nuclear"}, "kind")

    def make(self, organization, **fields):
        return make_meter(organization, **fields)


class TestSpeciesAPI(APIRecordCases):
    resource, path, factory = "assettype", "/api/v1/species/", SpeciesFactory()
    create_data = {"genus": "Platanus", "species": "× hispanica", "common_name": "Platane commun"}
    update_data = {"common_name": "Platane"}
    invalid_data = ({"genus": ""}, "genus")

    @property
    def model(self):
        return Species


class TestReadingAPI(APIReadCases):
    resource, path = "meter", "/api/v1/meter-readings/"

    @property
    def model(self):
        return MeterReading

    def make(self, organization, **fields):
        meter = make_meter(organization)
        by = member(organization, Role.ADMIN)
        return services.record_reading(meter, by=by, read_at=timezone.now(), value=fields.get("value", 1))


# --- readings ------------------------------------------------------------------------------------------------


def moment(days_ago):
    return (timezone.now() - datetime.timedelta(days=days_ago)).isoformat()


def test_agent_records_readings_and_a_lower_one_is_refused(org_a, api_for):
    meter = make_meter(org_a)
    agent = member(org_a, Role.AGENT)
    api = api_for(agent, org_a)
    path = "/api/v1/meter-readings/"
    response = api.post(path, {"meter": meter.pk, "read_at": moment(2), "value": "1200.5"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["read_by"] == agent.pk
    response = api.post(path, {"meter": meter.pk, "read_at": moment(1), "value": "1100"}, format="json")
    assert response.status_code == 400
    assert "value" in response.json()["fields"]
    assert api.post(path, {"meter": meter.pk, "read_at": moment(0), "value": "1300"}, format="json").status_code == 201
    rows = api.get(path, {"meter": meter.pk}).json()["results"]
    assert [row["value"] for row in rows] == ["1300.000", "1200.500"]  # latest first
    assert api.post(f"{path}{rows[0]['id']}/archive/", {}, format="json").status_code == 403  # managers correct
    manager = api_for(member(org_a, Role.MANAGER), org_a)
    assert manager.patch(f"{path}{rows[0]['id']}/", {"value": "1"}, format="json").status_code == 405  # never changed
    assert manager.post(f"{path}{rows[0]['id']}/archive/", {}, format="json").status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_record_a_reading_follows_the_matrix(role, org_a, api_for):
    meter = make_meter(org_a)
    response = api_for(member(org_a, role), org_a).post(
        "/api/v1/meter-readings/", {"meter": meter.pk, "read_at": moment(0), "value": "3"}, format="json"
    )
    assert response.status_code == (201 if can(role, "meter.read") else 403), (role, response.content)


def test_a_reading_of_another_organizations_meter_is_refused(org_a, org_b, api_for):
    foreign = make_meter(org_b)
    response = api_for(member(org_a, Role.AGENT), org_a).post(
        "/api/v1/meter-readings/", {"meter": foreign.pk, "read_at": moment(0), "value": "3"}, format="json"
    )
    assert response.status_code == 400
    assert "meter" in response.json()["fields"]
    assert not MeterReading.objects.exists()


def test_a_species_already_in_the_list_is_refused(org_a, api_for):
    api = api_for(member(org_a, Role.MANAGER), org_a)
    payload = {"genus": "Platanus", "species": "× hispanica"}
    assert api.post("/api/v1/species/", payload, format="json").status_code == 201
    response = api.post("/api/v1/species/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Species.objects.filter(organization=org_a).count() == 1


def test_meters_filter_by_asset(org_a, api_for):
    mine, other = make_meter(org_a), make_meter(org_a)
    rows = api_for(member(org_a, Role.MANAGER), org_a).get("/api/v1/meters/", {"asset": mine.asset_id}).json()
    assert [row["id"] for row in rows["results"]] == [mine.pk]
    assert other.pk != mine.pk


# --- types and attributes ----------------------------------------------------------------------------------


def test_a_type_lists_its_attributes_in_order(org_a, api_for):
    kind = AssetTypeFactory(organization=org_a)
    AttributeDefinitionFactory(asset_type=kind, code="b", position=2)
    AttributeDefinitionFactory(asset_type=kind, code="a", position=1)
    body = api_for(member(org_a, Role.AGENT), org_a).get(f"/api/v1/asset-types/{kind.pk}/").json()
    assert [attribute["code"] for attribute in body["attributes"]] == ["a", "b"]


def test_the_type_of_value_of_an_attribute_in_use_cannot_change(org_a, api_for):
    kind = AssetTypeFactory(organization=org_a)
    attribute = AttributeDefinitionFactory(asset_type=kind, code="height", data_type="number")
    AssetFactory(organization=org_a, asset_type=kind, attributes={"height": "12"})
    api = api_for(member(org_a, Role.ADMIN), org_a)
    response = api.patch(f"/api/v1/asset-attributes/{attribute.pk}/", {"data_type": "text"}, format="json")
    assert response.status_code == 400
    assert "data_type" in response.json()["fields"]
    attribute.refresh_from_db()
    assert attribute.data_type == AttributeDefinition.DataType.NUMBER
    assert api.post(f"/api/v1/asset-types/{kind.pk}/archive/", {}, format="json").status_code == 409


# --- occupancies ---------------------------------------------------------------------------------------------


def test_shares_of_one_asset_at_the_same_time_stay_within_100_percent(org_a, api_for):
    asset = AssetFactory(organization=org_a)
    OccupancyFactory(organization=org_a, asset=asset, starts_on=datetime.date(2024, 1, 1), floor_share=60)
    api = api_for(member(org_a, Role.MANAGER), org_a)
    payload = {"occupant": an_occupant(org_a), "asset": asset.pk, "starts_on": "2024-06-01", "floor_share": "50"}
    response = api.post("/api/v1/occupancies/", payload, format="json")
    assert response.status_code == 400
    assert "floor_share" in response.json()["fields"]
    response = api.post("/api/v1/occupancies/", {**payload, "floor_share": "40"}, format="json")
    assert response.status_code == 201
    occupancy = response.json()["id"]
    response = api.patch(f"/api/v1/occupancies/{occupancy}/", {"floor_share": "41"}, format="json")
    assert response.status_code == 400


# --- the organization's area -------------------------------------------------------------------------------


def test_administrator_sets_the_area_from_geojson_and_from_a_file(org_a, api_for):
    api = api_for(member(org_a, Role.ADMIN), org_a)
    response = api.post("/api/v1/organization-areas/", {"name": "Commune A", "geometry": SQUARE}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["bounds"] == [45.0, 6.0, 45.1, 6.1]
    upload = io.BytesIO(json.dumps({"type": "Feature", "properties": {}, "geometry": SQUARE}).encode())
    upload.name = "commune.geojson"
    response = api.post(
        "/api/v1/organization-areas/upload/", {"name": "Commune A bis", "file": upload, "tolerance_m": 100}
    )
    assert response.status_code == 201, response.content
    assert OrganizationArea.objects.filter(organization=org_a, archived_at__isnull=True).count() == 1
    rows = api.get("/api/v1/organization-areas/").json()["results"]
    assert [(row["name"], row["tolerance_m"]) for row in rows] == [("Commune A bis", 100)]


def test_an_upload_that_is_not_geojson_writes_nothing(org_a, api_for):
    api = api_for(member(org_a, Role.ADMIN), org_a)
    upload = io.BytesIO(b"GIF89a not json at all")
    upload.name = "commune.geojson"
    response = api.post("/api/v1/organization-areas/upload/", {"name": "Commune A", "file": upload})
    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert not OrganizationArea.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_area_api_follows_the_matrix(role, org_a, api_for):
    api = api_for(member(org_a, role), org_a)
    assert api.get("/api/v1/organization-areas/").status_code == (200 if can(role, "area.view") else 403)
    response = api.post("/api/v1/organization-areas/", {"name": "x", "geometry": SQUARE}, format="json")
    assert response.status_code == (201 if can(role, "area.manage") else 403)


def test_restoring_an_earlier_boundary_replaces_the_one_in_force(org_a, api_for):
    api = api_for(member(org_a, Role.ADMIN), org_a)
    first = api.post("/api/v1/organization-areas/", {"name": "Ancien", "geometry": SQUARE}, format="json").json()
    assert api.post(f"/api/v1/organization-areas/{first['id']}/archive/", {}, format="json").status_code == 200
    api.post("/api/v1/organization-areas/", {"name": "Nouveau", "geometry": SQUARE}, format="json")
    response = api.post(f"/api/v1/organization-areas/{first['id']}/restore/", {}, format="json")
    assert response.status_code == 200, response.content
    active = OrganizationArea.objects.filter(organization=org_a, archived_at__isnull=True)
    assert [area.name for area in active] == ["Ancien"]


def test_no_reading_on_an_archived_meter(org_a, api_for):
    meter = make_meter(org_a, archived_at=timezone.now())
    response = api_for(member(org_a, Role.AGENT), org_a).post(
        "/api/v1/meter-readings/", {"meter": meter.pk, "read_at": moment(0), "value": "3"}, format="json"
    )
    assert response.status_code in (400, 409)
    assert not MeterReading.objects.exists()
