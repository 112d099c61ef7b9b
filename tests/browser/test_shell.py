"""The shell as a person uses it: log in, read the figures, switch language, search and sort a list, log out."""

import re

from playwright.sync_api import expect

from .conftest import MOBILE, PASSWORD

LANGUAGE = re.compile(r"^(Langue|Language)$")


def rows(page):
    return page.locator("#list-results tbody tr")


def test_journey(browsing, page, admin):
    # Anonymous: any page leads to the login form, in French (the browser's language).
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load from /static/vendor/htmx/"
    browsing.shot(page, "01-login")

    page.get_by_label("Nom d’utilisateur").fill(admin.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    browsing.shot(page, "02-login-filled")
    page.get_by_role("main").get_by_role("button").click()

    # Home: the organization and its real figures.
    expect(page).to_have_url(browsing.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Montreuil-sur-Loire")
    expect(page.locator("[data-figure=departments]")).to_have_text("5")
    expect(page.locator("[data-figure=agents]")).to_have_text("3")
    expect(page.locator("[data-figure=teams]")).to_have_text("1")
    expect(page.get_by_role("banner")).to_contain_text("Marie Durand")
    browsing.shot(page, "03-home")

    # The language selector submits itself on change.
    page.get_by_role("banner").get_by_label(LANGUAGE).select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(browsing.base_url + "/")
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Home")).to_be_visible()
    admin.refresh_from_db()
    assert admin.language == "en"
    browsing.shot(page, "04-home-english")

    # A list from the side menu.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Departments").click()
    expect(page).to_have_url(re.compile(r"/people/departments/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Departments")
    expect(rows(page)).to_have_count(5)
    browsing.shot(page, "05-list")

    # Searching updates the table in place (HTMX): no reload, the address follows.
    page.evaluate("window.journeyMarker = 'still here'")
    page.get_by_role("searchbox", name="Search").fill("voir")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("Voirie")
    expect(page).to_have_url(re.compile(r"[?&]q=voir"))
    assert page.evaluate("window.journeyMarker") == "still here", "the search reloaded the page"
    browsing.shot(page, "06-search")

    page.get_by_role("searchbox", name="Search").fill("")
    expect(rows(page)).to_have_count(5)

    # Sorting by a column: ascending, then descending; the header tells assistive technologies.
    code_header = page.get_by_role("columnheader", name="Code")
    code_header.get_by_role("link").click()
    expect(code_header).to_have_attribute("aria-sort", "ascending")
    expect(rows(page).first).to_contain_text("BAT")
    code_header.get_by_role("link").click()
    expect(code_header).to_have_attribute("aria-sort", "descending")
    expect(rows(page).first).to_contain_text("VOI")
    expect(page).to_have_url(re.compile(r"sort=-code"))
    assert page.evaluate("window.journeyMarker") == "still here", "sorting reloaded the page"
    browsing.shot(page, "07-sorted")

    # A record.
    page.get_by_role("link", name="VOI").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voirie")
    expect(page.locator("dl.record")).to_contain_text("Technical services")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    browsing.shot(page, "08-record")

    # Log out from the header: back to the login page.
    page.get_by_role("banner").get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_label("Password")).to_be_visible()
    browsing.shot(page, "09-logged-out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def no_horizontal_overflow(page):
    width, scroll = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll <= width, f"the page is {scroll}px wide in a {width}px viewport"


def test_mobile(browsing, admin):
    page = browsing.open(viewport=MOBILE, user=admin)
    page.goto("/")
    expect(page.locator("[data-figure=departments]")).to_have_text("5")
    no_horizontal_overflow(page)
    expect(page.get_by_role("banner").get_by_role("button", name="Menu")).to_be_visible()
    browsing.shot(page, "01-home")

    page.get_by_role("banner").get_by_role("button", name="Menu").click()
    page.locator("nav.sidebar a[href='/people/departments/']").click()
    expect(rows(page)).to_have_count(5)
    no_horizontal_overflow(page)
    page.get_by_role("searchbox").fill("Éco")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("ECO")
    no_horizontal_overflow(page)
    browsing.shot(page, "02-list")

    page.get_by_role("link", name="ECO").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écoles")
    no_horizontal_overflow(page)
    browsing.shot(page, "03-record")


def test_skip_link(browsing, admin):
    page = browsing.open(user=admin)
    page.goto("/people/departments/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link", f"the first focusable element is .{focused}, not the skip link"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    browsing.shot(page, "01-skip-link", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    browsing.shot(page, "02-in-main", full_page=False)
