"""Requests and work orders on assets: the link, the duplicate hint, the list filters (page and API), the picker."""

import pytest

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind

from .api_support import API, approved, file, work_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(town):
    building = AssetTypeFactory(organization=town.org, code="BAT", name="Bâtiment", kind=AssetKind.BUILDING)
    room = AssetTypeFactory(organization=town.org, code="SAL", name="Salle", kind=AssetKind.SPACE)
    group = AssetFactory(
        organization=town.org, asset_type=building, code="GS-FERRY", name="Groupe scolaire Jules-Ferry",
        address="12 rue Jules-Ferry", latitude="43.300000", longitude="5.400000",
    )  # fmt: skip
    kitchen = AssetFactory(organization=town.org, asset_type=room, parent=group, code="GS-FERRY-CUI", name="Cuisine")
    other = AssetFactory(organization=town.org, asset_type=building, code="GYM", name="Gymnase Coubertin")
    return {"group": group, "kitchen": kitchen, "other": other}


def test_a_work_order_from_a_request_takes_its_asset(town, school):
    request = approved(town, asset=school["kitchen"])
    assert request.asset == school["kitchen"]
    wo = work_order(town, request=request)
    assert wo.asset == school["kitchen"]
    direct = work_order(town, asset=school["other"])
    assert direct.asset == school["other"]


def test_an_asset_of_another_organization_is_refused(town, school, org_b, api_for):
    foreign = AssetFactory(organization=org_b)
    data = {"title": "Fuite", "description": "Fuite", "category": town.category.pk, "location": "Cuisine"}
    answer = api_for(town.requester, town.org).post(f"{API}/requests/", {**data, "asset": foreign.pk}, format="json")
    assert answer.status_code == 400 and "asset" in answer.json()["fields"]
    answer = api_for(town.requester, town.org).post(
        f"{API}/requests/", {**data, "asset": school["kitchen"].pk}, format="json"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["asset"] == {"id": school["kitchen"].pk, "code": "GS-FERRY-CUI", "name": "Cuisine"}


def test_the_duplicate_hint_matches_open_requests_on_the_same_asset(town, school, client_for, api_for):
    first = file(town, asset=school["kitchen"], location="Cuisine de l'école", title="Évier bouché")
    file(town, asset=school["other"], location="Ailleurs", title="Autre")
    # another place text and no category: the asset alone finds it
    answer = client_for(town.requester).get(
        "/interventions/requests/similar/", {"location": "Self", "asset": school["kitchen"].pk}
    )
    assert first.number in answer.content.decode()
    assert "Autre" not in answer.content.decode()
    rows = api_for(town.requester, town.org).get(
        f"{API}/requests/duplicates/", {"location": "", "asset": school["kitchen"].pk}
    )
    assert rows.status_code == 200, rows.content
    assert [row["number"] for row in rows.json()] == [first.number]


def test_lists_filter_by_asset_and_subtree_on_the_page_and_the_api(town, school, client_for, api_for):
    on_group = file(town, asset=school["group"], title="Toiture")
    on_kitchen = file(town, asset=school["kitchen"], title="Évier")
    elsewhere = file(town, asset=school["other"], title="Vestiaires")
    wo_kitchen = work_order(town, asset=school["kitchen"], title="Siphon")
    work_order(town, asset=school["other"], title="Douches")
    api = api_for(town.manager, town.org)

    def numbers(path, **params):
        answer = api.get(f"{API}/{path}/", params)
        assert answer.status_code == 200, answer.content
        return {row["number"] for row in answer.json()["results"]}

    assert numbers("requests", asset=school["kitchen"].pk) == {on_kitchen.number}
    assert numbers("requests", asset_within=school["group"].pk) == {on_group.number, on_kitchen.number}
    assert numbers("work-orders", asset_within=school["group"].pk) == {wo_kitchen.number}
    page = client_for(town.manager).get("/interventions/requests/", {"asset_within": school["group"].pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert on_kitchen.number in html and on_group.number in html and elsewhere.number not in html
    page = client_for(town.manager).get("/interventions/work-orders/", {"asset": school["kitchen"].pk})
    assert wo_kitchen.number in page.content.decode() and "Douches" not in page.content.decode()


def test_an_unknown_or_foreign_asset_filter_is_a_400(town, school, org_b, api_for):
    foreign = AssetFactory(organization=org_b)
    api = api_for(town.manager, town.org)
    assert api.get(f"{API}/requests/", {"asset_within": foreign.pk}).status_code == 400
    assert api.get(f"{API}/work-orders/", {"asset": "x"}).status_code == 400
    assert api.get(f"{API}/work-orders/", {"asset_inside": school["group"].pk}).status_code == 400


def test_the_schema_documents_the_asset_fields_and_filters(town, api_for):
    schema = api_for(town.manager, town.org).get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/requests/"]["get"]["parameters"]}
    assert {"asset", "asset_within"} <= parameters
    body = schema["paths"]["/api/v1/requests/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "asset" in schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["properties"]
    assert "asset" in schema["components"]["schemas"]["WorkOrder"]["properties"]


def test_the_picker_finds_assets_by_code_name_or_address(town, school, org_b, client_for):
    AssetFactory(organization=org_b, name="Cuisine centrale")  # another organization's: never offered
    client = client_for(town.requester)
    html = client.get("/interventions/assets/picker/", {"field": "asset", "asset_search": "cuisine"}).content.decode()
    assert "GS-FERRY-CUI" in html and "Cuisine centrale" not in html
    html = client.get("/interventions/assets/picker/", {"field": "asset", "asset_search": "rue jules"}).content.decode()
    assert "Groupe scolaire Jules-Ferry" in html and 'data-location="12 rue Jules-Ferry"' in html
    html = client.get("/interventions/assets/picker/", {"field": "asset", "asset_search": "gym"}).content.decode()
    assert "GYM" in html


def test_the_form_files_a_request_on_an_asset_and_its_page_shows_it(town, school, client_for):
    client = client_for(town.requester)
    form = client.get("/interventions/requests/new/").content.decode()
    assert "data-asset-picker" in form
    answer = client.post(
        "/interventions/requests/new/",
        {
            "title": "Évier bouché",
            "description": "L'évier de la cuisine est bouché",
            "category": town.category.pk,
            "priority": town.priorities[2].pk,
            "asset": school["kitchen"].pk,
            "location": "Cuisine",
            "action": "submit",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    from regie.interventions.models import InterventionRequest

    request = InterventionRequest.objects.get(title="Évier bouché")
    assert request.asset == school["kitchen"]
    page = client.get(f"/interventions/requests/{request.pk}/").content.decode()
    assert "GS-FERRY-CUI — Cuisine" in page


def test_the_search_button_without_javascript_shows_the_assets_found(town, school, client_for):
    answer = client_for(town.requester).post(
        "/interventions/requests/new/", {"title": "", "picker": "asset", "asset_search": "Coubertin"}
    )
    assert answer.status_code == 200
    assert "Gymnase Coubertin" in answer.content.decode()


def test_the_list_pages_asset_filter_is_a_picker_not_a_select_of_every_asset(town, school, client_for):
    html = client_for(town.manager).get("/interventions/requests/", {"asset_within": school["group"].pk}).content
    html = html.decode()
    assert "data-asset-picker" in html and "Groupe scolaire Jules-Ferry" in html
    assert "Gymnase Coubertin" not in html  # no <option> per asset
    page = client_for(town.manager).get(
        "/interventions/work-orders/", {"asset": school["kitchen"].pk, "asset_search": "gym"}
    )
    assert page.status_code == 200 and "Gymnase Coubertin" in page.content.decode()  # found, without JavaScript
    assert "Unknown parameter" not in page.content.decode()
