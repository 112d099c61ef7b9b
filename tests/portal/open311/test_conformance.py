"""GeoReport v2 conformance, written from the specification's text (wiki.open311.org/GeoReport_v2): every
resource in JSON and XML, its parameters and filters, its fields and their types, the error format and codes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.assets.factories import AssetFactory
from regie.attachments.models import Attachment
from regie.core.factories import OrganizationFactory
from regie.portal.factories import ReportFactory, ServiceCategoryFactory
from regie.portal.models import PortalSettings, PublicStatus, Report, ReportUpdate
from regie.portal.open311.presenters import token_of
from tests.attachments.images import png, upload

from .conftest import KEY
from .spec import ATTRIBUTE_FIELDS, DATATYPES, REQUEST_FIELDS, SERVICE_FIELDS, assert_errors, document, is_w3c

pytestmark = pytest.mark.django_db
FORMATS = ("json", "xml")
BASE = "/open311/v2"


def post(client, fmt, data, query=""):
    return client.post(f"{BASE}/requests.{fmt}{query}", data)


def report_data(**extra):
    return {"api_key": KEY, "service_code": "ECL", "lat": "45.1", "long": "5.9", "description": "Éteint depuis hier",
            "attribute[clignote]": "oui", **extra}  # fmt: skip


# --- service discovery ------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_v2_endpoint_and_its_formats(town, client, fmt):
    response = client.get(f"/open311/discovery.{fmt}")
    assert response.status_code == 200
    data = document(response, fmt, "discovery")
    assert is_w3c(data["changeset"]) and data["contact"] and data["key_service"]
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2" and endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}


def test_the_base_url_answers(town, client):
    assert client.get(f"{BASE}/").json()["endpoints"][0]["url"].endswith("/open311/v2")


# --- GET service list -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list(town, client, fmt):
    response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "saint-ours"})
    assert response.status_code == 200
    services = document(response, fmt, "services")
    assert [s["service_code"] for s in services] == ["ECL", "VOI"]
    for service in services:
        assert tuple(service) == SERVICE_FIELDS
        assert service["type"] in ("realtime", "batch", "blackbox")
    lighting, roads = services
    assert lighting["metadata"] is True and roads["metadata"] is False  # metadata: the service has attributes
    assert lighting["service_name"] == "Éclairage public en panne" and lighting["group"] == "Éclairage"
    assert lighting["keywords"] == "lampadaire, lumière"


@pytest.mark.parametrize("fmt", FORMATS)
def test_jurisdiction_by_slug_by_insee_code_or_omitted(town, client, fmt):
    for params in ({"jurisdiction_id": "saint-ours"}, {"jurisdiction_id": "73250"}, {}):
        response = client.get(f"{BASE}/services.{fmt}", params)
        assert response.status_code == 200, params
        assert len(document(response, fmt)) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_jurisdiction_errors(town, client, fmt):
    assert_errors(client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "nowhere"}), fmt, 404)
    other = OrganizationFactory(slug="autre-ville")
    # two portals now: the jurisdiction must be named (400), and a closed portal is not found (404)
    assert_errors(client.get(f"{BASE}/services.{fmt}"), fmt, 400)
    PortalSettings.objects.create(organization=other, enabled=False)
    assert client.get(f"{BASE}/services.{fmt}").status_code == 200  # one open portal again
    assert_errors(client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "autre-ville"}), fmt, 404)


def test_a_body_s_services_for_its_members_are_listed_by_the_commune(client, town):
    org, _key = town
    body = OrganizationFactory(kind="ca", slug="agglo")
    org.epci = body
    org.save()
    ServiceCategoryFactory(organization=body, code="DEC", name="Collecte des déchets", serves_members=True)
    ServiceCategoryFactory(organization=body, code="SIEGE", name="Only the body's own")
    codes = [s["service_code"] for s in client.get(f"{BASE}/services.json", {"jurisdiction_id": "saint-ours"}).json()]
    assert "DEC" in codes and "SIEGE" not in codes


# --- GET service definition -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition(town, client, fmt):
    response = client.get(f"{BASE}/services/ECL.{fmt}", {"jurisdiction_id": "saint-ours"})
    assert response.status_code == 200
    definition = document(response, fmt, "service_definition")
    assert definition["service_code"] == "ECL"
    first, second = definition["attributes"]
    for attribute in (first, second):
        assert tuple(attribute) == ATTRIBUTE_FIELDS
        assert attribute["variable"] is True and attribute["datatype"] in DATATYPES
    assert (first["code"], first["order"], first["required"]) == ("clignote", 1, True)
    assert first["description"] == "Le lampadaire clignote-t-il ?" and first["datatype_description"] == "Oui ou non"
    assert first["values"] == [{"key": "oui", "name": "Oui"}, {"key": "non", "name": "Non"}]
    assert second["datatype"] == "multivaluelist" and second["order"] == 2 and second["required"] is False


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_of_an_unknown_code(town, client, fmt):
    assert_errors(client.get(f"{BASE}/services/NOPE.{fmt}"), fmt, 404)


def test_an_unknown_format_is_not_found(town, client):
    assert client.get(f"{BASE}/services.csv").status_code == 404


# --- POST service request ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_the_key_in_the_body(town, client, fmt):
    response = post(client, fmt, report_data(jurisdiction_id="saint-ours", email="Jeanne@Example.fr",
                                             first_name="Jeanne", last_name="Martin", phone="0601020304"))  # fmt: skip
    assert response.status_code == 200, response.content
    (answer,) = document(response, fmt, "service_requests")
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    report = Report.objects.get()
    assert answer["service_request_id"] == report.number and answer["service_notice"]
    assert report.channel == Report.Channel.OPEN311 and report.application == town[1]
    assert (report.email, report.name, report.phone) == ("jeanne@example.fr", "Jeanne Martin", "0601020304")
    assert report.answers == {"clignote": "oui"}
    assert (report.latitude, report.longitude) == (Decimal("45.1"), Decimal("5.9"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_the_key_in_the_query_string(town, client, fmt):
    data = report_data()
    del data["api_key"]
    response = post(client, fmt, data, query=f"?api_key={KEY}&jurisdiction_id=73250")
    assert response.status_code == 200, response.content
    assert Report.objects.count() == 1


def test_post_by_address_string_and_multivaluelist(town, client):
    data = report_data(address_string="3 rue Haute", lat="", long="")
    data["attribute[couleur]"] = ["vert", "gris"]
    assert post(client, "json", data).status_code == 200
    report = Report.objects.get()
    assert report.address == "3 rue Haute" and report.latitude is None
    assert report.answers["couleur"] == ["gris", "vert"]


def test_post_with_an_asset_s_public_id_as_address_id(town, client):
    org, _key = town
    asset = AssetFactory(organization=org, latitude=Decimal("45.2"), longitude=Decimal("5.8"), address="Place")
    response = post(client, "json", report_data(lat="", long="", address_id=asset.public_id))
    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert report.asset == asset and report.latitude == Decimal("45.2")
    (item,) = client.get(f"{BASE}/requests/{report.number}.json").json()
    assert item["address_id"] == asset.public_id


def test_post_with_a_photo_gives_a_public_media_url_of_the_re_encoded_copy(town, client):
    data = report_data(media=upload("lampadaire.png", png()))
    assert post(client, "json", data).status_code == 200
    (item,) = client.get(f"{BASE}/requests.json").json()
    assert item["media_url"].startswith("http://testserver/open311/v2/requests/SIG-")
    photo = client.get(item["media_url"].removeprefix("http://testserver"))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    attachment = Attachment.objects.get()
    assert b"".join(photo.streaming_content) == attachment.file.open("rb").read()
    wrong = f"{BASE}/requests/SIG-2026-999999/media/{attachment.pk}"
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_refusals(town, client, fmt):
    cases = [
        (report_data(api_key=""), 403),
        (report_data(api_key="not-a-key"), 403),
        (report_data(service_code=""), 400),
        (report_data(service_code="NOPE"), 400),
        (report_data(lat="north"), 400),
        (report_data(lat="95", long="5"), 400),
        (report_data(long=""), 400),
        (report_data(lat="", long=""), 400),  # no place at all
        (report_data(**{"attribute[clignote]": ""}), 400),  # a required attribute
        (report_data(**{"attribute[clignote]": "peut-être"}), 400),
        (report_data(email="not an address"), 400),
        (report_data(description="x" * 6000), 400),
        (report_data(jurisdiction_id="nowhere"), 404),
        (report_data(media=upload("virus.png", b"MZ\x90\x00 not an image")), 400),
    ]
    for data, status in cases:
        assert_errors(post(client, fmt, data), fmt, status)
    assert not Report.objects.exists() and not Attachment.objects.exists()  # nothing stored half-way


def test_an_oversized_upload_is_refused(town, client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    assert_errors(post(client, "json", report_data(media=upload("big.png", png(size=(400, 400))))), "json", 400)
    assert not Report.objects.exists()


def test_a_point_outside_every_area_is_refused(town, client):
    from regie.assets.models import OrganizationArea

    org, _key = town
    square = [[5.8, 45.0], [6.0, 45.0], [6.0, 45.2], [5.8, 45.2], [5.8, 45.0]]
    OrganizationArea.objects.create(
        organization=org, name="Saint-Ours", geometry={"type": "Polygon", "coordinates": [square]},
        min_latitude=45.0, max_latitude=45.2, min_longitude=5.8, max_longitude=6.0, tolerance_m=100,
    )  # fmt: skip
    assert post(client, "json", report_data()).status_code == 200
    assert_errors(post(client, "json", report_data(lat="48.85", long="2.35")), "json", 400)


def test_a_revoked_key_is_refused_at_once(town, client):
    _org, key = town
    assert post(client, "json", report_data()).status_code == 200
    key.revoked_at = timezone.now()
    key.save()
    assert_errors(post(client, "json", report_data()), "json", 403)


def test_a_key_of_another_organization_is_refused(town, client):
    OrganizationFactory(slug="autre-ville")
    assert_errors(post(client, "json", report_data(jurisdiction_id="autre-ville")), "json", 403)
    # without jurisdiction_id, the key's organization is the jurisdiction
    assert post(client, "json", report_data()).status_code == 200


def test_a_flood_is_answered_429(town, client):
    _org, key = town
    key.requests_per_hour = 2
    key.save()
    assert post(client, "json", report_data()).status_code == 200
    assert post(client, "json", report_data()).status_code == 200
    assert_errors(post(client, "json", report_data()), "json", 429)
    assert_errors(post(client, "xml", report_data()), "xml", 429)
    assert Report.objects.count() == 2


def test_last_used_is_written_at_most_once_a_minute(town, client, django_assert_max_num_queries):
    _org, key = town
    post(client, "json", report_data())
    key.refresh_from_db()
    first = key.last_used_at
    assert first is not None
    post(client, "json", report_data())
    key.refresh_from_db()
    assert key.last_used_at == first


def test_a_post_reads_and_writes_a_fixed_number_of_queries(town, client, django_assert_num_queries):
    # the key with its portal's settings, the service, its questions, the areas at the point (and whether the
    # portal has any: the same query); the transaction (2 here: a savepoint inside the test's own): the number,
    # the report, its first public status, the audit event; the managers are told by the task enqueued on commit
    # (not run inside the test's transaction). Was 25 before (the service read twice, settings twice, constraint
    # checks and the key's existence checked by full_clean), then 11 (the managers read in the request).
    data = report_data(jurisdiction_id="saint-ours", email="jeanne@example.fr")
    assert post(client, "json", data).status_code == 200  # the key's last use is written once a minute
    with django_assert_num_queries(10):
        assert post(client, "json", {**data, "email": "paul@example.fr"}).status_code == 200
    assert Report.objects.count() == 2


def test_the_key_s_portal_settings_apply_to_its_posts(town, client):
    # read with the key (one query): the per-e-mail limit of the portal, and a closed portal is not found
    org, _key = town
    settings = PortalSettings.objects.create(organization=org, reports_per_hour=1)
    data = report_data(jurisdiction_id="saint-ours", email="jeanne@example.fr")
    assert post(client, "json", data).status_code == 200
    assert_errors(post(client, "json", data), "json", 429)
    assert post(client, "json", {**data, "jurisdiction_id": "", "email": "paul@example.fr"}).status_code == 200
    assert_errors(post(client, "json", {**data, "jurisdiction_id": "", "email": "paul@example.fr"}), "json", 429)
    settings.enabled = False
    settings.save()
    assert_errors(post(client, "json", {**data, "email": "marie@example.fr"}), "json", 404)
    assert Report.objects.count() == 2


def test_unreadable_bodies_are_400(town, client):
    response = client.post(f"{BASE}/requests.json", b"--x\r\nbroken", content_type="multipart/form-data; boundary=x")
    assert_errors(response, "json", 403)  # read as an empty form: no api_key
    response = client.post(f"{BASE}/requests.json?api_key={KEY}", b"--x", content_type="multipart/form-data")
    assert_errors(response, "json", 400)  # no boundary: unreadable
    assert client.put(f"{BASE}/requests.json").status_code == 405


# --- GET service requests ---------------------------------------------------------------------------------
@pytest.fixture
def reports(town):
    org, _key = town
    from regie.portal.models import ServiceCategory

    lighting = ServiceCategory.objects.get(organization=org, code="ECL")
    roads = ServiceCategory.objects.get(organization=org, code="VOI")
    now = timezone.now()
    made = {
        "open": ReportFactory(organization=org, category=lighting, latitude=Decimal("45.1"), longitude=Decimal("5.9"),
                              email="secret@example.fr", name="Secret Name", phone="0600000000"),
        "fixed": ReportFactory(organization=org, category=roads, status=PublicStatus.FIXED),
        "rejected": ReportFactory(organization=org, category=roads, status=PublicStatus.REJECTED,
                                  public_reason="Hors du domaine public"),
        "old": ReportFactory(organization=org, category=lighting),
    }  # fmt: skip
    Report.objects.filter(pk=made["old"].pk).update(created_at=now - timedelta(days=120))
    Report.objects.filter(pk=made["fixed"].pk).update(created_at=now - timedelta(days=10))
    ReportUpdate.objects.create(organization=org, report=made["fixed"], status=PublicStatus.FIXED, text="Rebouché")
    ReportUpdate.objects.create(organization=org, report=made["fixed"], status=PublicStatus.FIXED, by_resident=True,
                                text="Merci, signé Jean Dupont")  # fmt: skip
    return made


def ids(response, fmt="json"):
    return {item["service_request_id"] for item in document(response, fmt, "service_requests")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_fields_and_no_personal_data(reports, client, fmt):
    response = client.get(f"{BASE}/requests.{fmt}")
    assert response.status_code == 200
    items = document(response, fmt, "service_requests")
    assert len(items) == 3  # the last 90 days by default
    for item in items:
        assert tuple(item) == REQUEST_FIELDS
        assert item["status"] in ("open", "closed")
        assert is_w3c(item["requested_datetime"]) and is_w3c(item["updated_datetime"])
        assert item["agency_responsible"] == "Saint-Ours"
    body = response.content.decode()
    for secret in ("secret@example.fr", "Secret Name", "0600000000", reports["open"].token, "Jean Dupont"):
        assert secret not in body
    by_id = {i["service_request_id"]: i for i in items}
    opened = by_id[reports["open"].number]
    assert (opened["lat"], opened["long"], opened["status"]) == (45.1, 5.9, "open")
    assert by_id[reports["fixed"].number]["status_notes"] == "Rebouché"  # the latest public message of staff
    assert by_id[reports["rejected"].number]["status_notes"] == "Hors du domaine public"
    assert by_id[reports["rejected"].number]["status"] == "closed"


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_filters(reports, client, fmt):
    url = f"{BASE}/requests.{fmt}"
    r = reports
    assert ids(client.get(url, {"status": "open"}), fmt) == {r["open"].number}
    assert ids(client.get(url, {"status": "closed"}), fmt) == {r["fixed"].number, r["rejected"].number}
    assert ids(client.get(url, {"status": "open,closed"}), fmt) == {r["open"].number, r["fixed"].number,
                                                                    r["rejected"].number}  # fmt: skip
    assert ids(client.get(url, {"service_code": "VOI"}), fmt) == {r["fixed"].number, r["rejected"].number}
    assert ids(client.get(url, {"service_code": "ECL,VOI", "status": "open"}), fmt) == {r["open"].number}
    start = (timezone.now() - timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(client.get(url, {"start_date": start, "end_date": end}), fmt) == {r["old"].number, r["fixed"].number}
    offset = (timezone.now() - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    assert ids(client.get(url, {"end_date": offset}), fmt) == {r["fixed"].number}
    # service_request_id (comma-separated) overrides every other parameter, even the 90 days
    wanted = f"{r['old'].number},{r['open'].number},SIG-2026-999999"
    found = ids(client.get(url, {"service_request_id": wanted, "status": "closed"}), fmt)
    assert found == {r["old"].number, r["open"].number}


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_bad_parameters(reports, client, fmt):
    url = f"{BASE}/requests.{fmt}"
    assert_errors(client.get(url, {"status": "pending"}), fmt, 400)
    assert_errors(client.get(url, {"start_date": "yesterday"}), fmt, 400)
    assert_errors(client.get(url, {"start_date": "2026-05-02T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}), fmt, 400)
    assert_errors(client.get(url, {"jurisdiction_id": "nowhere"}), fmt, 404)


def test_requests_are_at_most_1000(town, client):
    org, _key = town
    from regie.portal.models import ServiceCategory

    service = ServiceCategory.objects.get(organization=org, code="VOI")
    Report.objects.bulk_create(
        [Report(organization=org, received_by=org, category=service, number=f"SIG-2026-{n:06d}", description="x")
         for n in range(1, 1003)]
    )  # fmt: skip
    assert len(client.get(f"{BASE}/requests.json").json()) == 1000


# --- GET service request ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request(reports, client, fmt):
    number = reports["fixed"].number
    response = client.get(f"{BASE}/requests/{number}.{fmt}", {"jurisdiction_id": "saint-ours"})
    assert response.status_code == 200
    (item,) = document(response, fmt, "service_requests")
    assert tuple(item) == REQUEST_FIELDS
    assert (item["service_request_id"], item["status"], item["service_code"]) == (number, "closed", "VOI")
    assert_errors(client.get(f"{BASE}/requests/SIG-2026-999999.{fmt}"), fmt, 404)


def test_a_report_numbered_by_the_body_is_qualified_by_its_slug(town, client):
    org, _key = town
    body = OrganizationFactory(kind="ca", slug="agglo")
    org.epci = body
    org.save()
    waste = ServiceCategoryFactory(organization=body, code="DEC", serves_members=True)
    report = ReportFactory(organization=body, received_by=org, category=waste, number="SIG-2026-000001")
    ReportFactory(organization=org, category=waste, number="SIG-2026-000001")  # the commune's own, same number
    qualified = f"{report.number}@agglo"
    assert qualified in ids(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "saint-ours"}))
    (item,) = client.get(f"{BASE}/requests/{qualified}.json", {"jurisdiction_id": "saint-ours"}).json()
    assert item["agency_responsible"] == body.name
    # in the body's own jurisdiction, it is its plain number
    assert report.number in ids(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "agglo"}))


# --- GET service_request_id from a token ------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_token(reports, client, fmt):
    report = reports["open"]
    token = token_of(report)
    assert report.token not in token  # never the resident's tracking token
    response = client.get(f"{BASE}/tokens/{token}.{fmt}")
    assert response.status_code == 200
    (item,) = document(response, fmt, "service_requests")
    assert item == {"token": token, "service_request_id": report.number}
    assert_errors(client.get(f"{BASE}/tokens/{report.pk}-0000.{fmt}"), fmt, 404)
    assert_errors(client.get(f"{BASE}/tokens/{report.token}.{fmt}"), fmt, 404)


def test_xml_text_is_escaped(town, client):
    org, _key = town
    ServiceCategoryFactory(organization=org, code="X", name='<b>&amp; "quotes"</b>', position=0)
    services = document(client.get(f"{BASE}/services.xml"), "xml", "services")
    assert services[0]["service_name"] == '<b>&amp; "quotes"</b>'


def test_xml_stays_well_formed_with_control_characters(town, client):
    org, _key = town
    ReportFactory(organization=org, description="Bip\x07 et \x1b[31mrouge")
    (item,) = document(client.get(f"{BASE}/requests.xml"), "xml", "service_requests")
    assert item["description"] == "Bip et [31mrouge"


def test_requests_list_reads_a_fixed_number_of_queries(reports, client, django_assert_max_num_queries):
    org, _key = reports["open"].organization, None
    for _ in range(30):
        ReportFactory(organization=org)
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/requests.json").json()) == 33


def test_a_body_s_key_posts_for_its_member_communes(town, client):
    from regie.portal.factories import ApplicationKeyFactory

    org, _key = town
    body = OrganizationFactory(kind="ca", slug="agglo")
    org.epci = body
    org.save()
    ApplicationKeyFactory(organization=body, key="body-key-0001-abcdefghijklmnop")
    data = report_data(api_key="body-key-0001-abcdefghijklmnop", jurisdiction_id="saint-ours")
    assert post(client, "json", data).status_code == 200
    assert Report.objects.get().received_by == org
    other = OrganizationFactory(slug="hors-agglo")
    assert_errors(post(client, "json", {**data, "jurisdiction_id": other.slug}), "json", 403)


def test_no_photo_of_a_rejected_report_is_served(town, client):
    assert post(client, "json", report_data(media=upload("tag.png", png()))).status_code == 200
    report = Report.objects.get()
    (item,) = client.get(f"{BASE}/requests.json").json()
    Report.objects.filter(pk=report.pk).update(status=PublicStatus.REJECTED)
    assert client.get(item["media_url"].removeprefix("http://testserver")).status_code == 404
    (item,) = client.get(f"{BASE}/requests.json").json()
    assert item["media_url"] is None


def test_a_token_of_another_jurisdiction_is_not_found(town, client):
    other = OrganizationFactory(slug="autre-ville")
    report = ReportFactory(organization=other)
    assert client.get(f"{BASE}/tokens/{token_of(report)}.json", {"jurisdiction_id": "saint-ours"}).status_code == 404
    found = client.get(f"{BASE}/tokens/{token_of(report)}.json", {"jurisdiction_id": "autre-ville"})
    assert found.json() == [{"token": token_of(report), "service_request_id": report.number}]
