"""A requester chooses the asset of a new request on the picker's map ("Choisir sur la carte") with every tile
request aborted: the boundary and the points still draw, a tap on the point shows its code and name with a
"Choisir" button, choosing makes it the picker's chip and fills the place and coordinates, and the request filed
names the asset. Desktop and a 390×844 phone (taps). Screenshots in test-artifacts/screenshots/."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations

TILES = "**/tile.openstreetmap.org/**"
AREA = {"type": "Polygon", "coordinates": [[[0.60, 47.34], [0.76, 47.34], [0.76, 47.42], [0.60, 47.42], [0.60, 47.34]]]}


@pytest.fixture
def town(organization, admin):
    """A boundary, the Maison des associations on its own, a row of 40 street trees (clustered on the map), a
    gymnasium of another organization (never on this one's map) and a requester of the culture department."""
    from regie.assets import services
    from regie.assets.factories import AssetFactory, AssetTypeFactory
    from regie.assets.models import AssetKind
    from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.people.models import Department

    services.set_area(by=admin, organization=organization, name="Montreuil-sur-Loire", geometry=AREA)
    building = AssetTypeFactory(organization=organization, code="BAT", name="Bâtiment", kind=AssetKind.BUILDING)
    tree = AssetTypeFactory(organization=organization, code="ARB", name="Arbre d’alignement", kind=AssetKind.TREE)
    hall = AssetFactory(
        organization=organization,
        asset_type=building,
        code="MDA",
        name="Maison des associations",
        address="4 place du Marché",
        latitude=Decimal("47.400000"),
        longitude=Decimal("0.730000"),
    )
    for i in range(40):
        AssetFactory(
            organization=organization,
            asset_type=tree,
            code=f"ARB-{i:03d}",
            name=f"Platane n° {i}",
            latitude=Decimal("47.360000"),
            longitude=Decimal(f"{0.630 + i * 0.0005:.6f}"),
        )
    other = OrganizationFactory(name="Commune voisine", slug="voisine")
    other_type = AssetTypeFactory(organization=other, kind=AssetKind.BUILDING)
    AssetFactory(
        organization=other, asset_type=other_type, code="GYM", name="Gymnase voisin",
        latitude=Decimal("47.380000"), longitude=Decimal("0.700000"),
    )  # fmt: skip
    requester = UserFactory(username="claire.martin", first_name="Claire", last_name="Martin", language="fr")
    culture = Department.objects.get(organization=organization, code="CUL")
    MembershipFactory(organization=organization, user=requester, role=Role.REQUESTER, department=culture)
    CategoryFactory(organization=organization, code="ELEC", name="Électricité")
    standard_priorities(organization)
    return {"hall": hall, "requester": requester}


def open_form(browsing, user, viewport, *, touch=False, bypass_csp=False):
    page = browsing.open(user=user, viewport=viewport, touch=touch, bypass_csp=bypass_csp)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")  # the aborted tiles
    page.route(TILES, lambda route: route.abort())
    page.goto(reverse("interventions:request-create"))
    return page


def open_the_map(page):
    toggle = page.get_by_role("button", name="Choisir sur la carte")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".asset-picker-map .assets-map-boundary")).to_have_count(1)
    expect(page.locator(".asset-picker-map .marker-cluster").first).to_be_visible()  # the trees, clustered
    return toggle


def open_the_popup(page, *, touch=False):
    """Tap the Maison des associations once the map rests (no move, no load waiting: the page script's data-idle,
    so the marker is not redrawn under the finger), and return its popup once the map has come to rest around it
    (data-popup="open": the popup's auto-pan is over, its button is where it will stay)."""
    element = page.locator(".asset-picker-map")
    expect(element).to_have_attribute("data-idle", "")
    marker = element.locator('.asset-marker[title="MDA — Maison des associations"]')
    marker.tap() if touch else marker.click()
    popup = element.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Maison des associations")
    expect(element).to_have_attribute("data-popup", "open")
    return popup


@pytest.mark.parametrize(("viewport", "touch"), [(DESKTOP, False), (MOBILE, True)], ids=["desktop", "phone"])
def test_a_requester_chooses_the_asset_on_the_map(browsing, town, viewport, touch):
    page = open_form(browsing, town["requester"], viewport, touch=touch)
    page.locator("#id_title").fill("Spot de scène grillé")
    page.locator("#id_description").fill("Un projecteur de la salle ne s'allume plus.")
    page.locator("#id_category").select_option(label="Électricité")
    toggle = open_the_map(page)
    expect(page.locator(".asset-picker-map-panel [role=status]")).to_contain_text("41")  # the other town's: not
    expect(page.locator(".asset-picker-map-panel .assets-map-note")).to_contain_text("fond de carte")
    page.locator(".asset-picker-map").scroll_into_view_if_needed()
    browsing.shot(page, "1-map-open", full_page=False)

    popup = open_the_popup(page, touch=touch)
    expect(popup).to_contain_text("MDA")
    page.wait_for_timeout(400)  # the popup's fade and the map's pan to show it whole
    browsing.shot(page, "2-popup", full_page=False)
    choose = popup.get_by_role("button", name="Choisir")
    choose.tap() if touch else choose.click()

    picker = page.locator("[data-asset-picker]")
    expect(picker.locator(".picker-chosen li")).to_contain_text("Maison des associations")
    expect(picker.locator(".picker-chosen input[name=asset]")).to_be_checked()
    expect(picker.locator(".picker-chosen input[name=asset]")).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")  # the choice made, the map folds away
    expect(page.locator(".asset-picker-map-panel")).to_be_hidden()
    expect(picker.locator(".picker-results-box")).to_be_empty()
    expect(page.locator("#id_location")).to_have_value("4 place du Marché")  # filled from the asset
    expect(page.locator("#id_latitude")).to_have_value("47.400000")
    expect(page.locator("#id_longitude")).to_have_value("0.730000")
    browsing.shot(page, "3-asset-chosen")

    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("[data-asset]")).to_contain_text("MDA — Maison des associations")
    from regie.interventions.models import InterventionRequest

    assert InterventionRequest.objects.get(title="Spot de scène grillé").asset == town["hall"]
    browsing.shot(page, "4-request-on-asset")


def test_the_map_opens_on_the_forms_coordinates(browsing, town):
    page = open_form(browsing, town["requester"], DESKTOP)
    page.locator("#id_latitude").fill("47.4")
    page.locator("#id_longitude").fill("0.73")
    page.get_by_role("button", name="Choisir sur la carte").click()
    marker = page.locator('.asset-picker-map .asset-marker[title="MDA — Maison des associations"]')
    expect(marker).to_be_visible()
    box, map_box = marker.bounding_box(), page.locator(".asset-picker-map").bounding_box()
    middle = (map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2)
    assert abs(box["x"] + box["width"] / 2 - middle[0]) < 5 and abs(box["y"] + box["height"] / 2 - middle[1]) < 5
    expect(page.locator(".asset-picker-map .asset-marker")).to_have_count(1)  # zoomed in: the trees are off-screen


def test_the_form_with_the_map_open_has_no_axe_violations(browsing, town):
    page = open_form(browsing, town["requester"], DESKTOP, bypass_csp=True)
    open_the_map(page)
    open_the_popup(page)
    # Leaflet fades a popup in (opacity 0 → 1 in 0.2 s): axe would measure the contrast of a half-drawn popup
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.asset-picker-map .leaflet-popup')).opacity === '1'"
    )
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_a_manager_chooses_a_work_orders_asset_on_the_map(browsing, town, organization):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    manager = UserFactory(username="sophie.leroy", first_name="Sophie", last_name="Leroy", language="fr")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    page = browsing.open(user=manager)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    page.route(TILES, lambda route: route.abort())
    page.goto(reverse("interventions:workorder-create"))
    open_the_map(page)
    assert page.locator(".asset-picker-map").bounding_box()["width"] > 600  # the whole row, not a field's column
    browsing.shot(page, "work-order-map-open")
    open_the_popup(page).get_by_role("button", name="Choisir").click()
    expect(page.locator("[data-asset-picker] .picker-chosen li")).to_contain_text("Maison des associations")
    expect(page.locator("#id_location")).to_have_value("4 place du Marché")
    browsing.shot(page, "work-order-asset-chosen")
