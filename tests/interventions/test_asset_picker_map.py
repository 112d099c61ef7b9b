"""The asset picker's map ("Choose on the map"): offered on the request and work-order forms with the registry's map
configuration, not in the lists' filters; its "Choose" asks the picker for one asset (`?pick=`), which must be an
active asset the organization sees (its own or shared with it); the same people as the map's endpoint may use it."""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from regie.assets import map_data
from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import Asset, AssetKind
from regie.core.models import Share
from regie.core.permissions import MATRIX, Role

pytestmark = pytest.mark.django_db

PICKER = "/interventions/assets/picker/"


@pytest.fixture
def school(town):
    building = AssetTypeFactory(organization=town.org, code="BAT", name="Bâtiment", kind=AssetKind.BUILDING)
    return AssetFactory(
        organization=town.org, asset_type=building, code="GS-FERRY", name="Groupe scolaire Jules-Ferry",
        address="12 rue Jules-Ferry", latitude="43.300000", longitude="5.400000",
    )  # fmt: skip


def map_config(html, field_id="id_asset"):
    found = re.search(rf'<script id="{field_id}_map_config" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the picker's map configuration is missing"
    return json.loads(found.group(1))


def test_the_request_form_offers_the_map_with_the_registrys_endpoint(town, school, client_for):
    html = client_for(town.requester).get(reverse("interventions:request-create")).content.decode()
    assert "data-asset-map-toggle" in html and 'aria-expanded="false"' in html
    assert "vendor/leaflet/leaflet.js" in html and "regie/js/assets-map.js" in html and "regie/js/map-common.js" in html
    config = map_config(html)
    assert config["dataUrl"] == reverse("assets:map-data")
    assert config["pickUrl"] == reverse("interventions:asset-picker") and config["field"] == "asset"
    assert config["bounds"] == [43.3, 5.4, 43.3, 5.4]  # no boundary: the box of the organization's own assets
    assert config["area"] is None and config["strings"]["choose"]


def test_the_map_opens_on_the_boundary_when_there_is_one(town, school, client_for):
    from regie.assets import services

    area = {"type": "Polygon", "coordinates": [[[5.3, 43.2], [5.5, 43.2], [5.5, 43.4], [5.3, 43.4], [5.3, 43.2]]]}
    services.set_area(by=town.admin, organization=town.org, name="Commune", geometry=area)
    config = map_config(client_for(town.requester).get(reverse("interventions:request-create")).content.decode())
    assert config["bounds"] == [43.2, 5.3, 43.4, 5.5] and config["area"]["type"] == "Polygon"


def test_without_assets_nor_boundary_the_map_opens_on_france(town, client_for):
    config = map_config(client_for(town.requester).get(reverse("interventions:request-create")).content.decode())
    assert tuple(config["bounds"]) == map_data.FRANCE


def test_the_work_order_form_offers_the_map_and_the_list_filters_do_not(town, school, client_for):
    html = client_for(town.manager).get(reverse("interventions:workorder-create")).content.decode()
    assert map_config(html)["field"] == "asset"
    listing = client_for(town.manager).get("/interventions/work-orders/", {"asset": school.pk}).content.decode()
    assert "data-asset-picker" in listing and "data-asset-map-toggle" not in listing


def test_picking_gives_the_asset_as_a_search_result(town, school, client_for):
    html = client_for(town.requester).get(PICKER, {"field": "asset", "pick": school.pk}).content.decode()
    assert f'name="asset" value="{school.pk}"' in html
    assert 'data-location="12 rue Jules-Ferry"' in html and 'data-latitude="43.300000"' in html


@pytest.mark.parametrize("value", ["", "abc", "99999999999999", "-1"])
def test_picking_nothing_valid_gives_a_hint(town, school, client_for, value):
    html = client_for(town.requester).get(PICKER, {"field": "asset", "pick": value}).content.decode()
    assert 'type="radio"' not in html and "picker-hint" in html


def test_picking_another_organizations_or_an_archived_asset_is_refused(town, school, org_b, client_for):
    foreign = AssetFactory(organization=org_b, name="Cuisine centrale")
    archived = AssetFactory(organization=town.org, name="Ancienne école")
    Asset.objects.filter(pk=archived.pk).update(archived_at="2024-01-01T00:00:00Z")
    client = client_for(town.requester)
    for asset in (foreign, archived):
        html = client.get(PICKER, {"field": "asset", "pick": asset.pk}).content.decode()
        assert asset.name not in html and 'type="radio"' not in html
    Share.objects.create(
        organization=org_b, target=town.org, content_type=ContentType.objects.get_for_model(foreign),
        object_id=foreign.pk,
    )  # fmt: skip
    html = client.get(PICKER, {"field": "asset", "pick": foreign.pk}).content.decode()
    assert f'value="{foreign.pk}"' in html  # shared with the organization: on its map, so choosable


def test_whoever_sees_a_form_with_the_picker_may_use_its_search_and_map():
    """One rule: the picker's endpoint and the map's ask `asset.view`; every role that files requests or edits work
    orders has it, and the picker's endpoint asks no other action than the map's."""
    from regie.assets.map_views import MapDataView
    from regie.interventions.views import AssetPickerView

    assert AssetPickerView.permission_action == MapDataView.permission_action == "asset.view"
    for action in ("request.create", "workorder.manage"):
        assert MATRIX[action] <= MATRIX["asset.view"], action
    assert Role.CONTRACTOR not in MATRIX["asset.view"]


def test_a_contractor_may_neither_pick_nor_read_the_map(town, school, client_for, make_member):
    from regie.people.factories import ContractorFactory

    contractor = make_member(town.org, Role.CONTRACTOR, contractor=ContractorFactory(organization=town.org))
    client = client_for(contractor)
    assert client.get(PICKER, {"field": "asset", "pick": school.pk}).status_code == 403
    assert client.get(reverse("assets:map-data"), {"bbox": "43,5,44,6", "zoom": "12"}).status_code == 403
