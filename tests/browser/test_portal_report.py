"""A resident reports a broken street light from its QR label on a phone (390 × 844, touch): the public asset
page, "Report a problem", the service, a description, a photo, an e-mail, sent: the tracking page's URL.
Tiles are aborted (no tile server is reachable). Screenshots in test-artifacts/screenshots/."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.attachments.images import png

from .conftest import MOBILE, axe_violations

TILES = "**/tile.openstreetmap.org/**"


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def street_light(organization):
    from regie.assets.factories import AssetFactory, AssetTypeFactory
    from regie.assets.models import AssetKind
    from regie.portal.factories import ServiceCategoryFactory

    kind = AssetTypeFactory(organization=organization, code="LAMP", name="Lampadaire", kind=AssetKind.STREET_LIGHT)
    service = ServiceCategoryFactory(organization=organization, code="ECL", name="Éclairage éteint", group="Éclairage")
    service.asset_types.add(kind)
    ServiceCategoryFactory(organization=organization, code="VOI", name="Nid de poule", group="Voirie")
    return AssetFactory(
        organization=organization, asset_type=kind, code="LAMP-0042", name="Lampadaire rue Haute",
        latitude=Decimal("45.750000"), longitude=Decimal("4.850000"),
    )  # fmt: skip


def test_a_resident_reports_a_street_light_from_its_qr_label_on_a_phone(browsing, organization, tmp_path):
    from regie.portal.models import Report

    light = street_light(organization)
    page = browsing.open(viewport=MOBILE, touch=True, bypass_csp=True)  # axe is injected as an inline script
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    page.route(TILES, lambda route: route.abort())
    page.goto(f"/a/{light.public_id}")
    page.get_by_role("link", name=re.compile("Signaler un problème sur ce Lampadaire")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un problème")
    expect(page.get_by_role("main")).to_contain_text("LAMP-0042")
    browsing.shot(page, "choose")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    page.get_by_label("Éclairage éteint").check()
    page.get_by_role("button", name="Continuer").tap()
    expect(page.locator("#report-map")).to_be_visible()
    photo = tmp_path / "photo.png"
    photo.write_bytes(png((40, 30)))
    page.get_by_label("Quel est le problème ?").fill("Le lampadaire ne s'allume plus depuis trois jours.")
    page.get_by_label("Photos (3 au plus)").set_input_files(str(photo))
    page.get_by_label("Votre e-mail, pour être tenu informé (facultatif)").fill("habitant@example.org")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    browsing.shot(page, "form")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    page.get_by_role("button", name="Envoyer le signalement").tap()
    report = None
    page.wait_for_url(re.compile(r"/p/montreuil/r/[\w-]{32}/$"))
    report = Report.objects.get()
    assert report.asset_id == light.pk and report.email == "habitant@example.org"
    browsing.shot(page, "sent")


def test_at_a_desk_a_click_on_the_map_places_the_report(browsing, organization):
    from regie.portal.models import Report

    street_light(organization)
    page = browsing.open(bypass_csp=True)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    page.route(TILES, lambda route: route.abort())
    page.goto(f"/p/{organization.slug}/report/?service=VOI")
    expect(page.locator("#report-map")).to_be_visible()
    page.locator("#report-map").click(position={"x": 200, "y": 120})
    expect(page.locator("#report-map-status")).not_to_be_empty()
    latitude = page.locator("[name=latitude]").input_value()
    assert re.fullmatch(r"-?\d+\.\d{6}", latitude), latitude
    page.get_by_label("Quel est le problème ?").fill("Un nid de poule profond au milieu de la voie.")
    browsing.shot(page, "placed")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url(re.compile(r"/r/[\w-]{32}/$"))
    report = Report.objects.get()
    assert str(report.latitude) == latitude and report.longitude is not None


def test_my_position_places_the_report(browsing, organization):
    street_light(organization)
    page = browsing.open(viewport=MOBILE, touch=True, geolocation={"latitude": 45.7512, "longitude": 4.8523})
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    page.route(TILES, lambda route: route.abort())
    page.goto(f"/p/{organization.slug}/report/?service=VOI")
    page.get_by_role("button", name="Utiliser ma position").tap()
    expect(page.locator("[name=latitude]")).to_have_value("45.751200")
    expect(page.locator("[name=longitude]")).to_have_value("4.852300")


def test_without_javascript_the_plain_form_reports_by_address(browsing, organization):
    from regie.portal.models import Report

    street_light(organization)
    page = browsing.open(viewport=MOBILE, touch=True, javascript=False)
    page.goto(f"/p/{organization.slug}/")
    page.get_by_role("link", name="Signaler", exact=True).first.tap()
    page.get_by_label("Nid de poule").check()
    page.get_by_role("button", name="Continuer").tap()
    expect(page.locator("#report-map")).to_be_hidden()  # the map's tools stay hidden without scripts
    page.get_by_label("Adresse").fill("12 rue Haute, devant la boulangerie")
    page.get_by_label("Quel est le problème ?").fill("Un nid de poule profond.")
    browsing.shot(page, "no-js-form")
    page.get_by_role("button", name="Envoyer le signalement").tap()
    page.wait_for_url(re.compile(r"/r/[\w-]{32}/$"))
    expect(page.locator(".track-now")).to_contain_text("Reçu")
    report = Report.objects.get()
    assert report.address.startswith("12 rue Haute") and report.latitude is None
