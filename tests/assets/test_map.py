"""The registry's map: its GeoJSON endpoint (points or database clusters, filters, isolation, bad input, query
count), its page (filters, configuration, menu) and the tile server in the Content-Security-Policy."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie import settings as regie_settings
from regie.assets import map_data, services
from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind, AssetStatus
from regie.core.models import Share
from regie.core.permissions import Role

pytestmark = pytest.mark.django_db

BOX = "48.80,2.30,48.90,2.40"
AREA = {"type": "Polygon", "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.9], [2.3, 48.8]]]}
SCHOOL = {
    "type": "Polygon",
    "coordinates": [[[2.35, 48.85], [2.351, 48.85], [2.351, 48.851], [2.35, 48.851], [2.35, 48.85]]],
}


@pytest.fixture
def trees(org_a):
    return AssetTypeFactory(organization=org_a, code="ARB", name="Arbre", kind=AssetKind.TREE)


def place(org, kind, n, *, lat=48.85, lon=2.35, step=0.0005, **fields):
    return [
        AssetFactory(
            organization=org,
            asset_type=kind,
            latitude=Decimal(f"{lat + (i % 40) * step:.6f}"),
            longitude=Decimal(f"{lon + (i // 40) * step:.6f}"),
            **fields,
        )
        for i in range(n)
    ]


def data(client, **params):
    query = {"bbox": BOX, "zoom": "14", **params}
    return client.get(reverse("assets:map-data"), query)


def test_a_viewport_under_the_threshold_answers_its_points(org_a, admin_a, client_for, trees):
    planes = place(org_a, trees, 3, name="Platane")
    place(org_a, trees, 1, lat=45.0)  # outside the box
    body = data(client_for(admin_a)).json()
    assert body["type"] == "FeatureCollection" and body["total"] == 3 and body["clustered"] is False
    assert {f["id"] for f in body["features"]} == {a.pk for a in planes}
    feature = next(f for f in body["features"] if f["id"] == planes[0].pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.35, 48.85]}
    assert feature["properties"] == {
        "role": "point", "code": planes[0].code, "name": "Platane", "type": "Arbre", "kind": "tree"
    }  # fmt: skip


def test_above_the_threshold_the_database_answers_grid_clusters(org_a, admin_a, client_for, trees, monkeypatch):
    monkeypatch.setattr(map_data, "MAX_POINTS", 10)
    place(org_a, trees, 120, step=0.001)
    body = data(client_for(admin_a), zoom="13").json()
    clusters = body["features"]
    assert body["clustered"] is True and body["total"] == 120
    assert {f["properties"]["role"] for f in clusters} == {"cluster"}
    assert sum(f["properties"]["count"] for f in clusters) == 120
    assert 1 < len(clusters) < 120
    for feature in clusters:  # each mean point lies among the points
        lon, lat = feature["geometry"]["coordinates"]
        assert 48.85 <= lat <= 48.89 and 2.35 <= lon <= 2.353
    coarser = data(client_for(admin_a), zoom="10").json()["features"]
    assert len(coarser) < len(clusters)


def test_the_list_filters_apply(org_a, admin_a, client_for, trees, building_type):
    place(org_a, trees, 2, name="Tilleul")
    (school,) = place(org_a, building_type, 1, name="École Jaurès", attributes={"erp_category": "3"})
    (closed,) = place(org_a, building_type, 1, name="Ancienne poste", status=AssetStatus.OUT_OF_SERVICE)
    client = client_for(admin_a)

    def ids(**params):
        return {f["id"] for f in data(client, **params).json()["features"]}

    assert len(ids()) == 4
    assert ids(kind="building") == {school.pk, closed.pk}
    assert ids(type=str(building_type.pk), status="in_service") == {school.pk}
    assert ids(search="jaurès") == {school.pk}
    assert ids(**{"attr.erp_category": "3"}) == {school.pk}
    assert len(ids(kind="tree", search="Tilleul")) == 2


def test_another_organizations_assets_never_appear_unless_shared(org_a, org_b, admin_a, client_for, trees):
    mine = place(org_a, trees, 2)
    theirs = place(org_b, AssetTypeFactory(organization=org_b, kind=AssetKind.TREE), 3)
    assert {f["id"] for f in data(client_for(admin_a)).json()["features"]} == {a.pk for a in mine}
    Share.objects.create(
        organization=org_b, target=org_a, content_type=ContentType.objects.get_for_model(theirs[0]),
        object_id=theirs[0].pk,
    )  # fmt: skip
    assert {f["id"] for f in data(client_for(admin_a)).json()["features"]} == {a.pk for a in mine} | {theirs[0].pk}


def test_another_organizations_record_is_not_a_valid_filter(org_a, org_b, admin_a, client_for, trees):
    other_type = AssetTypeFactory(organization=org_b, kind=AssetKind.TREE)
    response = data(client_for(admin_a), type=str(other_type.pk))
    assert response.status_code == 400 and "type" in response.json()["fields"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": ""}, "bbox"),
        ({"bbox": "48.9,2.3,48.8,2.4"}, "bbox"),  # south above north
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"zoom": "99"}, "zoom"),
        ({"zoom": "douze"}, "zoom"),
        ({"status": "lost"}, "status"),
        ({"colour": "red"}, "colour"),
        ({"attr.colour": "red"}, "attr"),
    ],
)
def test_bad_input_is_a_400_in_the_users_language(org_a, admin_a, client_for, params, field):
    response = data(client_for(admin_a), **params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["fields"]
    assert body["message"] == "Certains paramètres de la carte ne sont pas valables."


def test_the_messages_follow_the_language(org_a, make_member, client_for):
    from regie.core.factories import UserFactory

    user = make_member(org_a, Role.MANAGER, user=UserFactory(language="de"))
    response = client_for(user).get(reverse("assets:map-data"), {"bbox": BOX, "zoom": "30"})
    assert response.status_code == 400
    assert response.json()["fields"]["zoom"] == ["zoom ist eine ganze Zahl von 0 bis 22."]


def test_outlines_come_when_zoomed_in_and_are_bounded(org_a, admin_a, client_for, building_type, monkeypatch):
    (school,) = place(org_a, building_type, 1, geometry=SCHOOL)
    place(org_a, building_type, 3, lat=48.86, geometry=SCHOOL)
    client = client_for(admin_a)
    far = data(client, zoom="13").json()
    assert [f["properties"]["role"] for f in far["features"]].count("outline") == 0
    near = data(client, zoom="17").json()
    outlines = [f for f in near["features"] if f["properties"]["role"] == "outline"]
    assert len(outlines) == 4 and near["outlines_truncated"] is False
    assert next(f for f in outlines if f["id"] == school.pk)["geometry"] == SCHOOL
    monkeypatch.setattr(map_data, "MAX_OUTLINES", 2)
    bounded = data(client, zoom="17").json()
    assert [f["properties"]["role"] for f in bounded["features"]].count("outline") == 2
    assert bounded["outlines_truncated"] is True


def test_archived_assets_and_assets_without_a_point_are_left_out(org_a, admin_a, client_for, trees):
    (kept, archived) = place(org_a, trees, 2)
    AssetFactory(organization=org_a, asset_type=trees)  # no coordinates
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    assert [f["id"] for f in data(client_for(admin_a)).json()["features"]] == [kept.pk]


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as captured:
        assert data(client, **params).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_assets(org_a, admin_a, client_for, trees, monkeypatch):
    client = client_for(admin_a)
    place(org_a, trees, 3)
    few = count_queries(client)
    place(org_a, trees, 40, lat=48.86)
    assert count_queries(client) == few
    assert few <= 8, "session, user, memberships, the cells (own, shared), the points"
    monkeypatch.setattr(map_data, "MAX_POINTS", 10)
    assert count_queries(client) == few - 1  # the cells alone, without the points
    assert count_queries(client, zoom="17") == few  # the cells and the outlines
    assert count_queries(client, kind="tree", type=str(trees.pk)) == few  # the cells and the type filter's record


def test_every_member_may_see_the_map_and_anonymous_visitors_sign_in(org_a, make_member, client, client_for):
    for role in (Role.REQUESTER, Role.AGENT, Role.ELECTED):
        assert data(client_for(make_member(org_a, role))).status_code == 200
    response = data(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_page_shows_the_list_filters_and_fits_the_area(org_a, admin_a, client_for, trees):
    services.set_area(by=admin_a, organization=org_a, name="Commune A", geometry=AREA)
    place(org_a, trees, 2)
    response = client_for(admin_a).get(reverse("assets:map"), {"kind": "tree"})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("search", "type", "kind", "status", "department", "occupant", "within"):
        assert f'name="{name}"' in html
    config = response.context["map_config"]
    assert config["bounds"] == (48.8, 2.3, 48.9, 2.4)
    assert config["area"] == AREA
    assert config["dataUrl"] == reverse("assets:map-data")
    assert config["assetUrl"].endswith("/assets/{pk}/")
    assert config["tileUrl"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert 'id="assets-map-config"' in html and "vendor/leaflet/leaflet.js" in html
    assert "vendor/leaflet-markercluster/leaflet.markercluster.js" in html
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)  # not the page's text: a CSRF token may hold "cdn"
    assert sources and not [s for s in sources if "unpkg" in s or "cdn" in s.lower() or s.startswith("//")]
    assert reverse("assets:map") in client_for(admin_a).get(reverse("home")).content.decode()


def test_without_an_area_the_page_fits_the_points(org_a, admin_a, client_for, trees):
    place(org_a, trees, 2, step=0.01)
    config = client_for(admin_a).get(reverse("assets:map")).context["map_config"]
    assert config["bounds"] == (48.85, 2.35, 48.86, 2.35)
    assert config["area"] is None


def csp_of(response):
    return {name: values for name, *values in (part.split() for part in response["Content-Security-Policy"].split(";"))}


def test_the_policy_lets_images_come_from_the_tile_server_only(org_a, admin_a, client_for):
    csp = csp_of(client_for(admin_a).get(reverse("assets:map")))
    assert csp["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    for directive in ("default-src", "connect-src", "font-src"):
        assert "tile.openstreetmap.org" not in " ".join(csp[directive])
    assert csp["default-src"] == ["'self'"] and csp["connect-src"] == ["'self'"]


def test_the_tile_source_of_a_tile_url():
    assert regie_settings.tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert regie_settings.tile_source("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png") == (
        "https://*.tile.openstreetmap.fr"
    )
    assert regie_settings.tile_source("https://tiles.example.org:8443/{z}/{x}/{y}.png") == (
        "https://tiles.example.org:8443"
    )
    assert regie_settings.tile_source("") is None
    assert regie_settings.tile_source("javascript:alert(1)") is None


def test_the_minimap_tag_renders_the_div_the_script_reads(org_a, building_type, rf):
    from django.template import Context, Template

    (school,) = place(org_a, building_type, 1, geometry=SCHOOL, name="École")
    html = Template("{% load asset_maps %}{% asset_minimap asset %}").render(Context({"asset": school}))
    assert 'class="asset-minimap"' in html and 'data-lat="48.850000"' in html and 'data-lon="2.350000"' in html
    assert json.loads(html.split('data-geometry="')[1].split('"')[0].replace("&quot;", '"')) == SCHOOL
    assert "asset-minimap.js" in html
    school.latitude = school.longitude = school.geometry = None
    assert "asset-minimap" not in Template("{% load asset_maps %}{% asset_minimap asset %}").render(
        Context({"asset": school})
    )
