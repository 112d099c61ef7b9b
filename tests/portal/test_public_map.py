"""The public map: open and recently fixed reports of the portal (handled or received), filters by service and
status group, GeoJSON with public fields only, a fixed number of queries; the list for readers without the map."""

import gzip
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core.factories import OrganizationFactory
from regie.portal.factories import PortalSettingsFactory, ReportFactory, ServiceCategoryFactory
from regie.portal.middleware import portal_hosts
from regie.portal.models import PublicStatus, Report, Triage

pytestmark = pytest.mark.django_db
P = PublicStatus


@pytest.fixture
def town():
    org = OrganizationFactory(slug="bourg", name="Ville de Bourg")
    PortalSettingsFactory(organization=org, map_fixed_days=30)
    lights = ServiceCategoryFactory(organization=org, code="ECL", name="Éclairage")
    roads = ServiceCategoryFactory(organization=org, code="VOI", name="Voirie")
    return org, lights, roads


def place(org, category, status=P.RECEIVED, **fields):
    fields.setdefault("latitude", Decimal("46.200000"))
    fields.setdefault("longitude", Decimal("5.220000"))
    return ReportFactory(organization=org, category=category, status=status, **fields)


def features(client, **params):
    response = client.get(reverse("public:map-data", args=["bourg"]), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    return {f["properties"]["number"]: f for f in body["features"]}


def test_open_and_recently_fixed_reports_only(client, town):
    org, lights, roads = town
    now = timezone.now()
    shown = [
        place(org, lights, P.RECEIVED),
        place(org, roads, P.IN_PROGRESS),
        place(org, lights, P.FIXED, ended_at=now - timedelta(days=5)),
    ]
    hidden = [
        place(org, lights, P.FIXED, ended_at=now - timedelta(days=40)),
        place(org, lights, P.REJECTED, triage=Triage.REJECTED),
        place(org, lights, P.RECEIVED, triage=Triage.MERGED, duplicate_of=shown[0]),
        place(org, lights, P.RECEIVED, latitude=None, longitude=None),
        ReportFactory(latitude=Decimal("46.2"), longitude=Decimal("5.22")),
    ]
    found = features(client)
    assert set(found) == {r.number for r in shown}
    assert not {r.number for r in hidden} & set(found)


def test_a_feature_carries_public_fields_only(client, town):
    org, lights, _roads = town
    report = place(
        org, lights, email="jeanne@example.net", name="Jeanne Habitante", phone="0612345678",
        description="Devant chez M. Dupont", latitude=Decimal("46.201234"), longitude=Decimal("5.221234"),
    )  # fmt: skip
    response = client.get(reverse("public:map-data", args=["bourg"]))
    text = response.content.decode()
    for secret in ("jeanne", "Jeanne", "0612345678", "Dupont", report.token, "1 place de la Mairie"):
        assert secret not in text
    feature = features(client)[report.number]
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.221234, 46.201234]}
    assert set(feature["properties"]) == {"number", "service", "status", "status_label", "date"}
    assert feature["properties"]["service"] == "Éclairage" and feature["properties"]["status"] == "received"
    assert feature["properties"]["status_label"] == "Reçu"
    assert feature["properties"]["date"] == timezone.localdate(report.created_at).isoformat()


def test_the_geojson_is_gzipped_for_a_browser_that_accepts_it(client, town):
    org, lights, _roads = town
    for index in range(12):  # over core.compression.MIN_BYTES
        place(org, lights, latitude=Decimal("46.2") + index * Decimal("0.001"))
    url = reverse("public:map-data", args=["bourg"])
    plain = client.get(url)
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert gzip.decompress(packed.content) == plain.content
    assert client.get(url, headers={"Accept-Encoding": "br"}).content == plain.content  # gzip only


def test_reports_the_organization_handles_or_its_portal_received(client, town):
    org, _lights, _roads = town
    agglo = OrganizationFactory(slug="agglo")
    agglo_lights = ServiceCategoryFactory(organization=agglo, code="AECL")
    received_here = place(agglo, agglo_lights, received_by=org)
    elsewhere = place(agglo, agglo_lights)
    found = features(client)
    assert received_here.number in found and elsewhere.number not in found
    on_agglo = client.get(reverse("public:map-data", args=["agglo"])).json()
    assert {f["properties"]["number"] for f in on_agglo["features"]} == {received_here.number, elsewhere.number}


def test_filters_by_service_and_status_group(client, town):
    org, lights, roads = town
    light = place(org, lights)
    road = place(org, roads, P.PLANNED)
    fixed = place(org, roads, P.FIXED, ended_at=timezone.now())
    assert set(features(client, service="ECL")) == {light.number}
    assert set(features(client, service=["ECL", "VOI"])) == {light.number, road.number, fixed.number}
    assert set(features(client, status="open")) == {light.number, road.number}
    assert set(features(client, status="fixed", service="VOI")) == {fixed.number}


@pytest.mark.parametrize("params", [{"service": "NOPE"}, {"status": "all"}, {"service": "x" * 3000}])
def test_bad_filters_are_a_400_in_french(client, town, params):
    response = client.get(reverse("public:map-data", args=["bourg"]), params)
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    page = client.get(reverse("public:map", args=["bourg"]), params)
    text = page.content.decode()
    assert page.status_code == 400 and ("Service inconnu" in text or "Choisissez" in text)


def test_the_geojson_reads_in_a_fixed_number_of_queries(client, town, django_assert_num_queries):
    """As many queries for 15 reports as for 60, whatever the filters: the reports are read once, as plain
    values (no instance, no query per report nor per service)."""
    org, lights, roads = town
    url = reverse("public:map-data", args=["bourg"])
    portal_hosts()  # the host-name table the middleware keeps 30 s in the process: not a query per request
    # the organization, its settings, the services of the filter, the reports, their services' names
    for count in (30, 60):
        while Report.objects.count() < count:
            n = Report.objects.count()
            place(org, lights if n % 2 else roads, P.FIXED if n % 5 == 0 else P.RECEIVED, ended_at=timezone.now())
        for params, expected in [({}, count), ({"service": "ECL"}, count // 2),
                                 ({"service": ["ECL", "VOI"], "status": "open"}, count - count // 5),
                                 ({"status": "fixed"}, count // 5)]:  # fmt: skip
            with django_assert_num_queries(5):
                assert len(client.get(url, params).json()["features"]) == expected, params


def test_the_page_lists_the_latest_reports_without_javascript(client, town, django_assert_max_num_queries):
    org, lights, _roads = town
    reports = [place(org, lights) for _ in range(25)]
    url = reverse("public:map", args=["bourg"])
    with django_assert_max_num_queries(9):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert reports[-1].number in page and reports[0].number not in page  # newest first, 20 a page
    assert 'id="portal-map-config"' in page and "portal-map.js" in page and "map-common.js" in page
    assert "<table" in page and 'scope="col"' in page
    second = client.get(url, {"page": 2}).content.decode()
    assert reports[0].number in second
    assert "jeanne" not in page and reports[0].token not in page


def test_unknown_portal_is_404(client):
    assert client.get(reverse("public:map-data", args=["nowhere"])).status_code == 404
    assert client.get(reverse("public:map", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("zone", ["Europe/Paris", "Pacific/Marquesas", "America/Santiago", "Pacific/Noumea"])
def test_the_day_of_each_report_is_the_one_of_the_organizations_time_zone(zone):
    """`local_days` converts once a day of rows, not once a row: across daylight-saving changes (Santiago's are at
    midnight), half-hour offsets and either order of the rows, it gives the day a conversion of each one gives."""
    import zoneinfo
    from datetime import UTC, datetime

    from regie.portal.public_selectors import local_days

    tz = zoneinfo.ZoneInfo(zone)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    moments = [start + timedelta(minutes=37 * i) for i in range(2 * 365 * 24 * 60 // 37)]
    for order in (reversed(moments), moments):
        day_of = local_days(tz)
        for moment in order:
            assert day_of(f"{moment:%Y-%m-%d %H:%M:%S.%f}+00") == moment.astimezone(tz).date().isoformat(), moment
