"""The registry's map with every tile request aborted (as on town networks that block tile servers): the boundary,
the clusters, the points and a scale still show on a plain background with a note; zooming into clusters reaches
the points, a click opens a popup whose link leads to the asset page. Desktop and a 390×844 phone."""

import re
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations

TILES = "**/tile.openstreetmap.org/**"
AREA = {"type": "Polygon", "coordinates": [[[4.80, 45.74], [4.88, 45.74], [4.88, 45.78], [4.80, 45.78], [4.80, 45.74]]]}
SCHOOL = {
    "type": "Polygon",
    "coordinates": [[[4.8400, 45.7600], [4.8406, 45.7600], [4.8406, 45.7604], [4.8400, 45.7604], [4.8400, 45.7600]]],
}


@pytest.fixture
def registry(organization, admin, monkeypatch):
    """A commune's boundary, 150 street trees along a few streets and a school with its outline; the map switches
    to database clusters above 60 points (the threshold is 2,000: lowered to keep the test's data small)."""
    from regie.assets import map_data, services
    from regie.assets.factories import AssetFactory, AssetTypeFactory
    from regie.assets.models import AssetKind

    monkeypatch.setattr(map_data, "MAX_POINTS", 60)
    services.set_area(by=admin, organization=organization, name="Montreuil-sur-Loire", geometry=AREA)
    tree = AssetTypeFactory(organization=organization, code="ARB", name="Arbre d’alignement", kind=AssetKind.TREE)
    building = AssetTypeFactory(organization=organization, code="BAT", name="École", kind=AssetKind.BUILDING)
    for i in range(150):
        street, n = divmod(i, 50)
        AssetFactory(
            organization=organization,
            asset_type=tree,
            code=f"ARB-{i:04d}",
            name=f"Platane n° {i}",
            latitude=Decimal(f"{45.750 + street * 0.01:.6f}"),
            longitude=Decimal(f"{4.810 + n * 0.0012:.6f}"),
        )
    school = AssetFactory(
        organization=organization,
        asset_type=building,
        code="BAT-0001",
        name="École Jules-Ferry",
        latitude=Decimal("45.760200"),
        longitude=Decimal("4.840300"),
        geometry=SCHOOL,
    )
    return {"school": school}


def open_map(browsing, admin, viewport):
    page = browsing.open(user=admin, viewport=viewport)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")  # the aborted tiles
    page.route(TILES, lambda route: route.abort())
    page.goto(reverse("assets:map"))
    return page


def zoom_until_points(page):
    """Click the server's clusters, then markercluster's, until single markers show."""
    element = page.locator("#assets-map")
    for _ in range(8):
        if page.locator(".asset-marker").count():
            return
        cell = page.locator(".assets-map-cell").first
        cluster = page.locator(".marker-cluster:not(.assets-map-cell)").first
        if element.get_attribute("data-state") == "clustered":
            total = element.get_attribute("data-total")
            cell.click()
            expect(element).not_to_have_attribute("data-total", total)
        else:
            zoom = element.get_attribute("data-zoom")
            cluster.click()
            expect(element).not_to_have_attribute("data-zoom", zoom)  # the zoom animation ended
            wait_until_idle(page)
    expect(page.locator(".asset-marker").first).to_be_visible()


def wait_until_idle(page):
    """Nothing moves on the map and no load is waiting or under way (the page script's data-idle): a marker clicked
    now is not redrawn under the click."""
    expect(page.locator("#assets-map[data-idle]")).to_have_count(1)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_the_map_works_without_tiles(browsing, admin, registry, viewport):
    page = open_map(browsing, admin, viewport)
    element = page.locator("#assets-map")
    expect(element).to_have_attribute("data-state", "clustered")
    expect(page.locator(".assets-map-cell").first).to_be_visible()
    expect(page.locator(".assets-map-boundary")).to_have_count(1)
    expect(page.locator(".leaflet-control-scale-line").first).to_be_visible()
    expect(page.locator("#assets-map-tiles")).to_contain_text("fond de carte")
    expect(page.get_by_role("status").filter(has_text="dans la vue")).to_contain_text("151")
    browsing.shot(page, "clusters")

    zoom_until_points(page)
    wait_until_idle(page)
    browsing.shot(page, "points")
    marker = page.locator(".asset-marker").first
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    # the popup pans the map to fit (an animation): its link is clicked once the map has come to rest around it
    expect(element).to_have_attribute("data-popup", "open")
    expect(popup).to_contain_text("Arbre d’alignement")
    link = popup.get_by_role("link", name="Ouvrir la fiche")
    code = popup.locator("strong").inner_text()
    from regie.assets.models import Asset

    asset = Asset.objects.get(code=code)
    expect(link).to_have_attribute("href", re.compile(rf"/assets/{asset.pk}/$"))
    browsing.shot(page, "popup")
    try:
        reverse("assets:asset-detail", args=[asset.pk])
    except NoReverseMatch:
        return  # the asset pages are another part of the registry: the link's address is checked above
    link.click()
    expect(page).to_have_url(re.compile(rf"/assets/{asset.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # the asset page loads its lazy sections: let them answer before the test ends, or the database's flush at
    # teardown meets a request still running in the live server (SQLite: "database table is locked")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text(asset.name)


def test_outlines_show_when_zoomed_in_and_filters_narrow_the_map(browsing, admin, registry):
    page = open_map(browsing, admin, DESKTOP)
    element = page.locator("#assets-map")
    expect(element).to_have_attribute("data-total", "151")
    page.locator("select[name=kind]").select_option("building")
    expect(element).to_have_attribute("data-total", "1")
    expect(page).to_have_url(re.compile(r"kind=building"))
    for _ in range(5):  # the map opens at zoom 13 or 14; outlines come from 16
        total_zoom = page.locator(".leaflet-control-zoom-in")
        total_zoom.click()
        page.wait_for_timeout(350)
    page.locator(".asset-marker").first.wait_for()
    outline = page.locator("path.asset-outline")
    expect(outline).to_have_count(1)
    browsing.shot(page, "outline")


def test_the_map_page_has_no_axe_violations(browsing, admin, registry):
    page = browsing.open(user=admin, bypass_csp=True)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    page.route(TILES, lambda route: route.abort())
    page.goto(reverse("assets:map"))
    expect(page.locator(".assets-map-cell").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
