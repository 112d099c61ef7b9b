"""`/api/v1/assets/`: the generated record cases, the registry's filters (attr.* included), the services' rules."""

import pytest

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.core.permissions import Role
from tests.cases import APIRecordCases, member

pytestmark = pytest.mark.django_db
PATH = "/api/v1/assets/"


def a_type(org):
    return AssetTypeFactory(organization=org).pk


class TestAssetAPI(APIRecordCases):
    resource, path, factory = "asset", PATH, AssetFactory
    create_data = {"code": "ECOLE-1", "name": "École Jules Ferry", "asset_type": a_type}
    update_data = {"name": "École Jules-Ferry", "address": "1 rue de l'École"}
    invalid_data = ({"latitude": "123"}, "latitude")
    conflict_data = {"code": "ECOLE-1"}
    conflict_with = {"code": "ECOLE-1"}


def test_list_filters_by_subtree_attribute_and_search(org_a, api_for, building_type):
    api = api_for(member(org_a, Role.MANAGER), org_a)
    school = AssetFactory(organization=org_a, code="GS-01")
    inside = AssetFactory(organization=org_a, parent=school, asset_type=building_type, attributes={"erp_category": "3"})
    AssetFactory(organization=org_a, asset_type=building_type, attributes={"erp_category": "5"})
    ids = lambda response: {row["id"] for row in response.json()["results"]}  # noqa: E731
    assert ids(api.get(PATH, {"within": school.pk})) == {school.pk, inside.pk}
    assert ids(api.get(PATH, {"attr.erp_category": "3"})) == {inside.pk}
    assert ids(api.get(PATH, {"search": "GS-01"})) == {school.pk}
    response = api.get(PATH, {"attr.unknown": "3"})
    assert response.status_code == 400 and "attr.unknown" in response.json()["fields"]
    response = api.get(PATH, {"colour": "red"})
    assert response.status_code == 400 and "colour" in response.json()["fields"]


def test_attributes_are_checked_by_the_services(org_a, api_for, building_type):
    api = api_for(member(org_a, Role.MANAGER), org_a)
    payload = {"name": "Gymnase", "asset_type": building_type.pk, "attributes": {"floor_area": "abc"}}
    response = api.post(PATH, payload, format="json")
    assert response.status_code == 400 and "attributes" in response.json()["fields"]
    response = api.post(PATH, {**payload, "attributes": {"floor_area": "850,5"}}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["attributes"] == {"floor_area": "850.5"}
    assert response.json()["code"].startswith("PAT-")


def test_a_move_into_its_own_subtree_is_refused(org_a, api_for):
    api = api_for(member(org_a, Role.MANAGER), org_a)
    school = AssetFactory(organization=org_a)
    room = AssetFactory(organization=org_a, parent=school)
    response = api.patch(f"{PATH}{school.pk}/", {"parent": room.pk}, format="json")
    assert response.status_code == 400, response.content


def test_geometry_must_be_geojson(org_a, api_for):
    api = api_for(member(org_a, Role.MANAGER), org_a)
    payload = {"name": "Parc", "asset_type": a_type(org_a), "geometry": {"type": "Circle", "coordinates": [1, 2]}}
    response = api.post(PATH, payload, format="json")
    assert response.status_code == 400 and "geometry" in response.json()["fields"]


def test_an_asset_with_parts_cannot_be_archived(org_a, api_for):
    api = api_for(member(org_a, Role.MANAGER), org_a)
    school = AssetFactory(organization=org_a)
    AssetFactory(organization=org_a, parent=school)
    response = api.post(f"{PATH}{school.pk}/archive/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "has_children"
