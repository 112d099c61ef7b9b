"""The residents' reporting pages: home, the two-step form, errors, honeypot, rate limit, the QR asset, possible
duplicates and "add my voice", the assets on the map, the portal's own host name; no personal data anywhere."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind
from regie.attachments.models import Attachment
from regie.core.factories import OrganizationFactory
from regie.portal import middleware
from regie.portal.factories import (
    CategoryQuestionFactory,
    PortalSettingsFactory,
    ReportFactory,
    ServiceCategoryFactory,
)
from regie.portal.models import CategoryQuestion, PortalSettings, Report, ReportFollower
from tests.attachments.images import png, upload

pytestmark = pytest.mark.django_db
SECRET_EMAIL = "habitant.secret@example.org"


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()
    middleware.forget_hosts()
    yield
    cache.clear()


@pytest.fixture
def world():
    org = OrganizationFactory(name="Ville de Montreuil", slug="montreuil")
    light_type = AssetTypeFactory(organization=org, code="LAMP", name="Lampadaire", kind=AssetKind.STREET_LIGHT)
    lights = ServiceCategoryFactory(organization=org, code="ECL", name="Éclairage éteint", group="Éclairage")
    lights.asset_types.add(light_type)
    roads = ServiceCategoryFactory(organization=org, code="VOI", name="Nid de poule", group="Voirie")
    CategoryQuestionFactory(
        category=roads, code="depth", label="Profondeur (cm)", kind=CategoryQuestion.Kind.NUMBER, required=True
    )
    light = AssetFactory(
        organization=org, asset_type=light_type, code="LAMP-0042", name="Lampadaire rue Haute",
        latitude=Decimal("45.750000"), longitude=Decimal("4.850000"),
    )  # fmt: skip
    return {"org": org, "lights": lights, "roads": roads, "light": light}


def url(name=""):
    return f"/p/montreuil/{name}"


def test_home_lists_the_services_by_group_and_links_to_the_form(client, world):
    response = client.get(url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Éclairage" in text and "Voirie" in text and "Nid de poule" in text
    assert 'href="/p/montreuil/report/?service=ECL"' in text
    assert "/open311/" in text  # the footer documents the Open311 base URL


def test_unknown_or_closed_portal_is_404(client, world):
    assert client.get("/p/nowhere/").status_code == 404
    PortalSettingsFactory(organization=world["org"], enabled=False)
    assert client.get(url()).status_code == 404


def test_step_one_then_the_form_of_the_service_with_its_questions(client, world):
    response = client.get(url("report/"))
    assert response.status_code == 200 and b'name="service"' in response.content
    response = client.get(url("report/?service=VOI"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="attribute[depth]"' in text and 'name="website"' in text and 'type="file"' in text
    assert "image/heic" in text and "pdf" not in text.split('type="file"')[1].split(">")[0]
    assert client.get(url("report/?service=NOPE")).status_code == 400


def test_form_page_query_count(client, world, django_assert_max_num_queries):
    client.get(url("report/?service=ECL"))
    with django_assert_max_num_queries(8):
        assert client.get(url("report/?service=ECL")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url("report/?service=ECL&asset=" + world["light"].public_id)).status_code == 200


def post(client, **data):
    base = {"service": "ECL", "description": "Le lampadaire ne s'allume plus", "address": "3 rue Haute"}
    return client.post(url("report/"), {**base, **data})


def test_a_valid_report_is_created_and_redirected_to_its_tracking_page(client, world):
    response = post(client, email=SECRET_EMAIL, photos=[upload("photo.png", png(), "image/png")])
    assert response.status_code == 303
    report = Report.objects.get()
    assert re.fullmatch(rf"/p/montreuil/r/{report.token}/", response["Location"])
    assert report.email == SECRET_EMAIL and report.received_by == world["org"]
    assert Attachment.objects.filter(object_id=report.pk).count() == 1


def test_errors_answer_400_in_french_and_store_nothing(client, world):
    response = client.post(url("report/"), {"service": "VOI", "description": "Trou", "address": "3 rue Haute"})
    assert response.status_code == 400
    assert "« Profondeur (cm) » : une réponse est obligatoire" in response.content.decode()
    response = client.post(url("report/"), {"service": "ECL", "description": "x", "address": ""})
    assert response.status_code == 400 and "Dites où" in response.content.decode()
    response = post(client, photos=[upload("doc.png", b"<html>not an image</html>", "image/png")])
    assert response.status_code == 400 and "doc.png" in response.content.decode()
    assert not Report.objects.exists()


def test_a_filled_honeypot_is_dropped_silently(client, world):
    response = post(client, website="http://spam.example")
    assert response.status_code == 200 and "Merci" in response.content.decode()
    assert not Report.objects.exists()


def test_too_many_reports_answer_429(client, world):
    PortalSettingsFactory(organization=world["org"], reports_per_hour=2)
    assert post(client).status_code == 303
    assert post(client).status_code == 303
    response = post(client)
    assert response.status_code == 429 and "réessayez" in response.content.decode()
    assert Report.objects.count() == 2


def test_the_qr_asset_is_preselected_and_its_services_come_first(client, world):
    light = world["light"]
    response = client.get(url(f"report/?asset={light.public_id}"))
    text = response.content.decode()
    assert "LAMP-0042" in text and text.index("Éclairage éteint") < text.index("Nid de poule")
    response = post(client, asset=light.public_id, address="")
    assert response.status_code == 303
    report = Report.objects.get()
    assert report.asset == light and report.latitude == light.latitude


def test_nearby_duplicates_are_shown_and_support_adds_a_voice(client, world):
    org = world["org"]
    known = ReportFactory(
        organization=org, number="SIG-2000-000001", category=world["lights"],
        latitude=Decimal("45.750200"), longitude=Decimal("4.850000"), email=SECRET_EMAIL,
        description="Éteint depuis lundi",
    )  # fmt: skip
    ReportFactory(  # too far
        organization=org, number="SIG-2000-000002", category=world["lights"],
        latitude=Decimal("45.760000"), longitude=Decimal("4.850000"),
    )  # fmt: skip
    place = {"latitude": "45.750000", "longitude": "4.850000"}
    response = post(client, **place)
    assert response.status_code == 200
    text = response.content.decode()
    assert known.number in text and "Éteint depuis lundi" in text and SECRET_EMAIL not in text
    assert text.count("Ajouter ma voix") == 1
    assert not Report.objects.filter(description__startswith="Le lampadaire").exists()
    seen = re.search(r'name="seen" value="([^"]+)"', text).group(1)
    assert post(client, seen=seen, **place).status_code == 303  # "No, it is a new problem"

    fragment = client.get(url("report/nearby/"), {"service": "ECL", **place})
    assert fragment.status_code == 200 and known.number in fragment.content.decode()
    response = client.post(url("report/support/"), {"report": known.pk, "support_email": "voisin@example.org"})
    assert response.status_code == 200
    known.refresh_from_db()
    assert known.supporters == 1
    assert ReportFollower.objects.filter(report=known, email="voisin@example.org", supporter=True).exists()
    assert SECRET_EMAIL not in response.content.decode()


def test_support_of_another_organizations_report_is_refused(client, world):
    other = ReportFactory(organization=OrganizationFactory())
    assert client.post(url("report/support/"), {"report": other.pk}).status_code == 404
    assert client.post(url("report/support/"), {"report": "x"}).status_code == 400


def test_assets_json_is_bounded_and_public(client, world):
    AssetFactory(  # another organization's street light in the same box
        organization=OrganizationFactory(), asset_type=world["light"].asset_type,
        latitude=Decimal("45.750100"), longitude=Decimal("4.850100"),
    )  # fmt: skip
    response = client.get(url("report/assets.json"), {"service": "ECL", "bbox": "45.74,4.84,45.76,4.86"})
    assert response.status_code == 200
    body = response.json()
    assert [a["code"] for a in body["assets"]] == ["LAMP-0042"]
    assert set(body["assets"][0]) == {"public_id", "code", "name", "lat", "long"}
    assert client.get(url("report/assets.json"), {"service": "ECL", "bbox": "40,0,50,10"}).status_code == 400
    assert client.get(url("report/assets.json"), {"service": "ECL", "bbox": "x"}).status_code == 400
    assert client.get(url("report/assets.json"), {"service": "NOPE", "bbox": "x"}).status_code == 400


def test_the_portal_answers_on_its_own_host_name(world, settings, django_assert_num_queries):
    settings.ALLOWED_HOSTS = ["signalement.montreuil.fr", "testserver"]
    PortalSettings.objects.create(organization=world["org"], host_name="signalement.montreuil.fr")
    host = Client(HTTP_HOST="signalement.montreuil.fr")
    response = host.get("/report/?service=ECL")
    assert response.status_code == 200
    assert 'action="/report/"' in response.content.decode()
    assert host.get("/").status_code == 200
    response = host.post("/report/", {"service": "ECL", "description": "Éteint", "address": "Place"})
    assert response.status_code == 303 and response["Location"].startswith("/r/")
    assert Client().get("/p/montreuil/").status_code == 200  # the path still works on the main host


def test_the_open311_footer_names_the_host_the_request_came_on(world, settings):
    settings.ALLOWED_HOSTS = ["signalement.montreuil.fr", "testserver"]
    settings.REGIE_BASE_URL = "https://regie.example.org"
    PortalSettings.objects.create(organization=world["org"], host_name="signalement.montreuil.fr")
    footer = Client(HTTP_HOST="signalement.montreuil.fr").get("/").content.decode()
    assert "<code>https://signalement.montreuil.fr/open311/v2/</code>" in footer
    assert "regie.example.org" not in footer
    main = Client().get("/p/montreuil/").content.decode()  # through the path on the main host: the instance's
    assert "<code>https://regie.example.org/open311/v2/</code>" in main


def test_other_hosts_cost_no_query_once_the_table_is_read(world):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/healthz")
    mw = middleware.PortalHostMiddleware(lambda r: None)
    mw(request)
    with CaptureQueriesContext(connection) as queries:
        mw(RequestFactory().get("/healthz"))
    assert len(queries) == 0


def test_the_qr_page_links_to_the_report_form(client, world):
    light = world["light"]
    text = client.get(f"/a/{light.public_id}").content.decode()
    assert f"/p/montreuil/report/?asset={light.public_id}" in text
    PortalSettingsFactory(organization=world["org"], enabled=False)
    assert "/p/montreuil/report/" not in client.get(f"/a/{light.public_id}").content.decode()
