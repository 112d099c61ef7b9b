"""axe-core finds no WCAG 2.1 A/AA violation on the public pages and the main pages of a signed-in user."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from . import test_calendar
from .conftest import DESKTOP, MOBILE, PASSWORD, axe_violations

PUBLIC_PAGES = ["login", "password_reset", "password_reset_done"]


def check(browsing, page, step):
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    browsing.shot(page, step)
    violations = axe_violations(page)
    assert not violations, f"axe: {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n" + "\n".join(violations)


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_public_pages(browsing, locale):
    page = browsing.open(locale=locale, bypass_csp=True)
    for url_name in PUBLIC_PAGES:
        page.goto(reverse(url_name))
        check(browsing, page, url_name)


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_public_asset_page(browsing, organization, locale):
    """The page a QR label's short URL opens for residents (regie/assets/short_urls.py)."""
    from .test_assets_qr import make_asset

    page = browsing.open(locale=locale, bypass_csp=True)
    page.goto(f"/a/{make_asset(organization).public_id}")
    check(browsing, page, "public-asset")


def test_signed_in_pages(browsing, admin, organization):
    from regie.assets.factories import AssetFactory, AttributeDefinitionFactory, MeterFactory, OccupancyFactory
    from regie.people.models import Department

    department = Department.objects.get(organization=organization, code="VOI")
    site = AssetFactory(organization=organization, code="GS-01", name="Groupe scolaire")
    asset = AssetFactory(organization=organization, code="GS-01-GYM", name="Gymnase", parent=site)
    attribute = AttributeDefinitionFactory(asset_type__organization=organization, data_type="choice", choices=["A"])
    occupancy = OccupancyFactory(asset__organization=organization, asset__asset_type=attribute.asset_type)
    meter = MeterFactory(asset=occupancy.asset, organization=organization)
    page = browsing.open(bypass_csp=True, user=admin)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")  # the map's tiles: no network in tests
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    for step, url in [
        ("home", reverse("home")),
        ("asset-map", reverse("assets:map")),
        ("list", reverse("people:department-list")),
        ("record", reverse("people:department-detail", args=[department.pk])),
        ("form", reverse("people:department-update", args=[department.pk])),
        ("create-form", reverse("people:agent-create")),
        ("archive", reverse("people:department-archive", args=[department.pk])),
        ("password-change", reverse("password_change")),
        ("asset-list", reverse("assets:asset-list")),
        ("asset-tree", reverse("assets:asset-tree")),
        ("asset-record", reverse("assets:asset-detail", args=[asset.pk])),
        ("asset-section", reverse("assets:asset-section", args=[asset.pk, "costs"])),  # a lazy section, alone
        ("asset-form", reverse("assets:asset-update", args=[asset.pk])),
        ("asset-types", reverse("assetref:assettype-list")),
        ("asset-type", reverse("assetref:assettype-detail", args=[attribute.asset_type_id])),
        ("attribute-form", reverse("assetref:attributedefinition-update", args=[attribute.pk])),
        ("occupant", reverse("assetref:occupant-detail", args=[occupancy.occupant_id])),
        ("occupancy-form", reverse("assetref:occupancy-create") + f"?occupant={occupancy.occupant_id}"),
        ("meters", reverse("assetref:meter-list") + f"?asset={meter.asset_id}"),
        ("meter", reverse("assetref:meter-detail", args=[meter.pk])),
        ("species", reverse("assetref:species-list")),
        ("territory", reverse("assetref:area")),
    ]:
        page.goto(url)
        check(browsing, page, step)


def test_scheduled_jobs_page(browsing, admin, monkeypatch):
    """The administrators' page of the periodic jobs, with a job that succeeded and one that failed (its error
    unfolded), on a desktop and on a phone."""
    from regie.core import scheduler
    from tests.core.test_scheduler import BROKEN, TIDY

    apps = scheduler.contributed
    monkeypatch.setattr(scheduler, "contributed", lambda name: [(BROKEN, TIDY)] if name == "schedule" else apps(name))
    scheduler.run_due()
    for step, viewport in (("scheduled-jobs", DESKTOP), ("scheduled-jobs-phone", MOBILE)):
        page = browsing.open(bypass_csp=True, user=admin, viewport=viewport)
        page.goto(reverse("core:scheduled-jobs"))
        page.get_by_text("Erreur", exact=True).click()
        expect(page.locator("pre.job-error")).to_be_visible()
        expect(page.locator(".job-error-line")).to_have_text("RuntimeError: the disk is full")
        check(browsing, page, step)


def test_form_errors(browsing, admin):
    """Forms sent with mistakes show their errors, tied to the fields, still without violations."""
    page = browsing.open(bypass_csp=True, user=admin)
    browsing.allow(r"HTTP 400 POST .*/people/departments/new/$", r"departments/new/: .*status of 400")
    page.goto(reverse("people:department-create"))
    page.get_by_role("main").get_by_role("button").click()
    code = page.locator("#id_code")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile(r"\S"))
    check(browsing, page, "record-form")

    # Several errors on one field, and a help text that is a list (the password rules).
    page.goto(reverse("password_change"))
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("1234")
    page.locator("#id_new_password2").fill("1234")
    page.get_by_role("main").get_by_role("button").click()
    confirmation = page.locator("#id_new_password2")
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(confirmation).to_have_attribute("aria-describedby", re.compile(r"\bid_new_password2_error\b"))
    assert page.locator("#id_new_password2_error p").count() >= 2, "expected several password errors"
    assert page.locator("#id_new_password1_helptext li").count() >= 2
    expect(page.locator("#id_new_password1")).to_have_accessible_description(re.compile(r"12"))
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids"
    check(browsing, page, "password-form")


def test_axe_finds_violations(browsing):
    """The harness really runs axe: a nameless button is reported."""
    page = browsing.open(bypass_csp=True)
    page.goto(reverse("login"))
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    assert any(v.startswith("button-name") for v in axe_violations(page))


PLANNING_VIEWS = ["dayGridMonth", "timeGridWeek", "timeGridDay", "listWeek"]
planning = test_calendar.planning  # the fixture: a dispatcher, an agent and two planned work orders


@pytest.mark.parametrize("view", PLANNING_VIEWS)
def test_planning_views(browsing, planning, view):
    """Every view the planning offers (its toolbar's buttons): month, week, day, list."""
    page = browsing.open(user=planning["manager"], bypass_csp=True)
    page.goto(f"/planning/?view={view}&date=2026-12-08")
    if view == "dayGridMonth":  # the month counts the work orders of each day instead of stacking them
        expect(page.locator(".fc-event.wo-summary").first).to_be_visible()
    else:
        expect(page.locator(".fc-event", has_text=planning["pothole"].number).first).to_be_visible()
    check(browsing, page, f"planning-{view}")


def test_costs_page(browsing, planning):
    """The costs table scrolls sideways on a narrow screen: its wrapper is a named region keyboard users reach."""
    page = browsing.open(user=planning["manager"], bypass_csp=True, viewport={"width": 480, "height": 900})
    page.goto(reverse("interventions:cost-summary"))
    region = page.get_by_role("region", name=re.compile(r"\S")).first
    expect(region).to_have_attribute("tabindex", "0")
    check(browsing, page, "costs")


def test_asset_work_pages(browsing, organization):
    """The request form with its asset picker, an occupant's cost statement and the insurance summary."""
    from .test_asset_work import Premises

    premises = Premises(organization)
    page = browsing.open(bypass_csp=True, user=premises.requester)
    page.goto(reverse("interventions:request-create"))
    page.locator("#id_asset_search").press_sequentially("maison", delay=20)
    expect(page.locator("[data-asset-picker] .picker-results li")).to_have_count(1)
    check(browsing, page, "request-form-asset-picker")
    page = browsing.open(bypass_csp=True, user=premises.manager)
    for step, url in [
        ("occupant-statement", reverse("interventions:occupant-statement", args=[premises.judo.pk])),
        ("insurance-summary", reverse("assets:insurance")),
    ]:
        page.goto(url)
        check(browsing, page, step)
