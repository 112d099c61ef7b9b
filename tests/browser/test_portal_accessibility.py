"""axe-core finds no WCAG 2.1 A/AA violation on any page of the residents' portal (RGAA applies to public
portals), reached as a resident reaches them on a phone: the home, both steps of the form, the form with its
errors, "is it this one?", the added voice, the thanks a robot gets, the rate limit's page, the tracking page
with its forms and their errors, the erasure's confirmation, the public map (phone and desktop), an unknown
portal. Every route of the `public` namespace is either visited here or named below as not a page, so a new
public page fails this test until it is checked."""

import re
from decimal import Decimal

import pytest
from django.urls import get_resolver
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations
from .test_portal_report import TILES, street_light

# Routes that answer no page of their own: JSON, images, or forms whose answer is another page checked here.
NOT_PAGES = {
    "report-assets": "JSON of the assets on the form's map",
    "report-nearby": "HTML fragment of 'is it this one?', checked inside the form page",
    "map-data": "GeoJSON of the public map",
    "track-photo": "a photo (image)",
    "track-not-fixed": "POST: answers the tracking page (checked with and without errors)",
    "track-rate": "POST: answers the tracking page (checked with and without errors)",
}


def public_route_names():
    (namespace,) = [r for r in get_resolver().url_patterns if getattr(r, "namespace", None) == "public"]

    def names(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name

    return set(names(namespace.url_patterns))


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_every_page_of_the_portal_passes_axe(browsing, organization):
    from regie.portal.factories import ReportFactory
    from regie.portal.models import PortalSettings, PublicStatus, ServiceCategory

    light = street_light(organization)
    lights = ServiceCategory.objects.get(organization=organization, code="ECL")
    ReportFactory(
        organization=organization, category=lights, asset=light, latitude=light.latitude,
        longitude=light.longitude, description="Éteint depuis lundi soir",
    )  # fmt: skip
    fixed = ReportFactory(
        organization=organization, category=lights, email="ana@example.org", status=PublicStatus.FIXED,
        ended_at=timezone.now(), latitude=Decimal("45.751000"), longitude=Decimal("4.851000"),
    )  # fmt: skip
    PortalSettings.objects.create(organization=organization, reports_per_hour=1)
    visited = set()
    page = browsing.open(viewport=MOBILE, touch=True, bypass_csp=True)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org", r"HTTP 40[04] ", r"HTTP 429 ", r"status of 4(00|04|29)")
    page.route(TILES, lambda route: route.abort())

    def check(name, step, heading=None):
        visited.add(name)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        browsing.shot(page, step)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{step}: scrolls sideways"
        violations = axe_violations(page)
        assert not violations, f"axe on {step} ({page.url}):\n" + "\n".join(violations)

    base = f"/p/{organization.slug}/"
    page.goto(base)
    check("home", "home")
    page.get_by_role("link", name="Signaler", exact=True).first.tap()
    page.wait_for_url(re.compile(r"/report/$"))
    check("report", "choose", "Signaler un problème")
    page.get_by_label("Nid de poule").check()
    page.get_by_role("button", name="Continuer").tap()
    expect(page.get_by_label("Quel est le problème ?")).to_be_visible()
    check("report", "form")
    page.evaluate("document.querySelectorAll('form').forEach((f) => { f.noValidate = true; })")  # a browser that
    page.get_by_role("button", name="Envoyer le signalement").tap()  # does not check: nothing said, no place
    expect(page.locator("[role=alert]").first).to_be_visible()
    check("report", "form-errors")

    # from the light's QR link: the report already known on it is offered, and a voice is added
    page.goto(f"{base}report/?asset={light.public_id}")
    page.get_by_label("Éclairage éteint").check()
    page.get_by_role("button", name="Continuer").tap()
    expect(page.get_by_role("heading", name="Est-ce l’un de ceux-ci ?")).to_be_visible()
    check("report", "form-nearby")
    page.get_by_label("Votre e-mail, pour être tenu informé (facultatif)").first.fill("voisin@example.org")
    page.get_by_role("button", name=re.compile("Ajouter ma voix")).tap()
    page.wait_for_url(re.compile(r"/report/support/$"))
    check("report-support", "supported")

    # a robot fills the hidden field: a neutral thanks, nothing stored
    page.goto(f"{base}report/?service=VOI")
    page.get_by_label("Quel est le problème ?").fill("Un trou dans la chaussée.")
    page.get_by_label("Adresse").fill("3 rue Haute")
    page.evaluate("document.querySelector('[name=website]').value = 'http://spam.example'")
    page.get_by_role("button", name="Envoyer le signalement").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    check("report", "robot-thanks")

    # one report an hour from this address: the second one meets the limit's page
    for attempt in range(2):
        page.goto(f"{base}report/?service=VOI")
        page.get_by_label("Quel est le problème ?").fill(f"Un trou dans la chaussée, n° {attempt}.")
        page.get_by_label("Adresse").fill(f"{attempt + 10} rue Basse")
        page.get_by_role("button", name="Envoyer le signalement").tap()
        if not attempt:
            page.wait_for_url(re.compile(r"/r/[\w-]{32}/$"))
    expect(page.locator("main")).to_contain_text(re.compile("trop|Trop"))
    check("report", "throttled")

    # the tracking page of a fixed report, its forms with an error, the erasure's confirmation
    page.goto(f"{base}r/{fixed.token}/")
    check("track", "track-fixed")
    page.evaluate("document.querySelectorAll('form').forEach((f) => { f.noValidate = true; })")
    page.get_by_role("button", name="Envoyer ma note").tap()  # no rating chosen
    expect(page.locator("[role=alert]").first).to_be_visible()
    check("track", "track-rating-error")
    page.get_by_role("link", name="Effacer mes données personnelles").tap()
    page.wait_for_url(re.compile(r"/erase/$"))
    check("track-erase", "erase")

    # the public map, on the phone and at a desk
    page.goto(f"{base}map/")
    check("map", "map-phone")
    desk = browsing.open(viewport=DESKTOP, bypass_csp=True)
    desk.route(TILES, lambda route: route.abort())
    desk.goto(f"{base}map/")
    visited.add("map")
    browsing.shot(desk, "map-desktop")
    assert not (violations := axe_violations(desk)), "\n".join(violations)

    # an unknown portal: the instance's 404 page
    page.goto("/p/no-such-town/")
    browsing.shot(page, "unknown-portal")
    assert not (violations := axe_violations(page)), "\n".join(violations)

    assert public_route_names() == visited | set(NOT_PAGES), "every public route is checked or named as not a page"
