"""An agent on a phone (390 × 844) and on a tablet (768 × 1024): the header folds its menu behind a button, lists
are cards, the work order leads to the place and the requester, the planning lists the agent's own week; no page
scrolls sideways and axe finds nothing. Screenshots in test-artifacts/screenshots/test_*-<size>-<page>.png."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import MOBILE, axe_violations
from .test_interventions_journey import Cast

TABLET = {"width": 768, "height": 1024}
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def field_work(organization):
    """The journey's cast; a request with a photo, coordinates and a requester who can be called; its work order
    planned today for the agent, and another one for a colleague."""
    from regie.attachments.services import attach_files
    from regie.interventions import services
    from tests.attachments.images import png, upload

    cast = Cast(organization)
    cast.referent.phone = "06 12 34 56 78"
    cast.referent.email = "claire.martin@montreuil.example"
    cast.referent.save(update_fields=["phone", "email"])
    request, _created = services.create_request(
        by=cast.referent,
        organization=cast.org,
        data={
            "title": "Fuite sous l’évier de la cantine de l’école élémentaire Jules-Ferry",
            "description": "De l'eau coule sous l'évier.",
            "category": cast.category,
            "location": "École Jules-Ferry, cuisine",
            "latitude": Decimal("47.390123"),
            "longitude": Decimal("0.688456"),
        },
    )
    attach_files(by=cast.referent, organization=cast.org, record=request, uploads=[upload("fuite.png", png())])
    services.transition_request(request, "validate", by=cast.head)
    services.transition_request(request, "approve", by=cast.manager)
    start = timezone.localtime(timezone.now(), PARIS).replace(hour=9, minute=0, second=0, microsecond=0)
    work_order = services.create_work_order(
        by=cast.manager,
        organization=cast.org,
        request=request,
        data={"team": cast.team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=2)},
        m2m={"agents": [cast.agent]},
    )
    cast.work_order = work_order
    return cast


def no_horizontal_overflow(page, what):
    width, scroll = page.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    assert scroll <= width, f"{what}: the page is {scroll}px wide in a {width}px viewport"


def no_axe_violation(page, what):
    violations = axe_violations(page)
    assert not violations, f"axe on {what}:\n" + "\n".join(violations)


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_agent_pages_fit_the_screen(browsing, field_work, size):
    viewport = MOBILE if size == "phone" else TABLET
    page = browsing.open(viewport=viewport, user=field_work.agent_user, bypass_csp=True)
    work_order = field_work.work_order

    # Home: the header is one line; the menu opens from its button and closes with Escape.
    page.goto("/")
    header = page.get_by_role("banner")
    toggle = header.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(header.get_by_role("button", name="Déconnexion")).to_be_hidden()
    height = header.bounding_box()["height"]
    assert height <= 64, f"the closed header takes {height}px"
    no_horizontal_overflow(page, "home")
    no_axe_violation(page, "home")
    browsing.shot(page, f"{size}-01-home", full_page=False)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Interventions", exact=True)).to_be_visible()
    expect(header.get_by_role("button", name="Déconnexion")).to_be_visible()
    no_horizontal_overflow(page, "home, menu open")
    no_axe_violation(page, "home, menu open")
    browsing.shot(page, f"{size}-02-menu", full_page=False)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(menu).to_be_hidden()

    # The work-order list: a card per work order, with its status and its dates, named by their columns.
    toggle.click()
    menu.get_by_role("link", name="Interventions", exact=True).click()
    card = page.locator("#list-results tbody tr").first
    expect(card).to_contain_text(work_order.number)
    status = card.locator("td[data-label=Statut]")
    expect(status).to_contain_text("Planifi")
    assert status.evaluate("td => getComputedStyle(td, '::before').content") == '"Statut"'
    expect(card.locator("td[data-label=Planifiée]")).to_contain_text(str(timezone.localdate().year))
    no_horizontal_overflow(page, "work-order list")
    no_axe_violation(page, "work-order list")
    browsing.shot(page, f"{size}-03-work-orders")

    # The work order: the place opens in the map application, the requester can be called, photos from the camera.
    card.get_by_role("link", name=work_order.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(work_order.title)
    place = page.locator("[data-place]")
    expect(place.get_by_role("link", name="Ouvrir dans l’application de cartes")).to_have_attribute(
        "href", "geo:47.390123,0.688456"
    )
    expect(place.get_by_role("link", name="OpenStreetMap")).to_have_attribute(
        "href", "https://www.openstreetmap.org/?mlat=47.390123&mlon=0.688456#map=18/47.390123/0.688456"
    )
    requester = page.locator("[data-requester]")
    expect(requester).to_contain_text("Claire Martin")
    expect(requester.get_by_role("link", name="06 12 34 56 78")).to_have_attribute("href", "tel:0612345678")
    expect(requester.get_by_role("link", name="claire.martin@montreuil.example")).to_be_visible()
    camera = page.get_by_label("Prendre des photos")
    expect(camera).to_have_attribute("capture", "environment")
    expect(camera).to_have_attribute("accept", "image/*")
    expect(page.locator("#files img").first).to_be_visible()  # the request's photo
    no_horizontal_overflow(page, "work order")
    no_axe_violation(page, "work order")
    browsing.shot(page, f"{size}-04-work-order")

    # The planning: the agent's own week as a list.
    page.goto("/planning/")
    event = page.locator(".fc-list-event", has_text=work_order.number)
    expect(event).to_be_visible()
    no_horizontal_overflow(page, "planning")
    no_axe_violation(page, "planning")
    browsing.shot(page, f"{size}-05-planning")


def test_without_javascript_the_menu_stays_open(browsing, field_work):
    context = browsing.browser.new_context(
        base_url=browsing.base_url, locale="fr-FR", viewport=MOBILE, java_script_enabled=False
    )
    browsing.contexts.append(context)
    browsing.sign_in(context, field_work.agent_user)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("banner").get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Accueil")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("button", name="Déconnexion")).to_be_visible()
    no_horizontal_overflow(page, "home without JavaScript")
    browsing.shot(page, "01-home-no-js", full_page=False)


def test_desktop_keeps_its_sidebar(browsing, field_work):
    page = browsing.open(user=field_work.agent_user)
    page.goto("/interventions/work-orders/")
    expect(page.get_by_role("banner").get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Statut")).to_be_visible()  # a table, not cards
    browsing.shot(page, "01-work-orders-desktop", full_page=False)
