"""A director opens the dashboard, reads a tile, follows it to the list of its records (whose count matches), and
prints the council's report; a team leader reads their team's dashboard on a phone. axe-core on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import MOBILE
from .test_accessibility import check


@pytest.fixture
def history(transactional_db):
    from regie.core.factories import OrganizationFactory
    from tests.analytics.conftest import History
    from tests.interventions.conftest import Town

    organization = OrganizationFactory(name="Ville de Montreuil-sur-Loire", slug="montreuil")

    def make_member(org, role, user=None, **fields):
        from regie.core.factories import MembershipFactory, UserFactory

        return MembershipFactory(organization=org, role=role, user=user or UserFactory(), **fields).user

    return History(Town(organization, make_member))


def test_a_director_follows_a_tile_to_its_records_and_prints_the_council_report(browsing, history):
    page = browsing.open(user=history.town.manager, bypass_csp=True)
    page.goto(reverse("analytics:dashboard"))
    page.get_by_label("Période", exact=True).select_option("last_month")
    page.get_by_role("button", name="Afficher").click()
    tile = page.locator('[data-indicator="requests_received"]')
    expect(tile.locator(".figure-value")).to_have_text("6")
    expect(page.locator("#trend-chart").locator("xpath=..")).to_have_attribute("data-ready", "")
    check(browsing, page, "dashboard")

    tile.locator(".figure-value").click()
    expect(page).to_have_url(re.compile(r"/interventions/requests/\?.*submitted_after="))
    expect(page.locator("tbody tr")).to_have_count(6)
    expect(page.locator("[data-ignored-parameters]")).to_have_count(0)
    browsing.shot(page, "drill-down")

    page.go_back()
    page.get_by_role("link", name="Rapport pour le conseil").first.click()
    expect(page.locator("[data-organization]")).to_have_text(history.town.org.name)
    page.emulate_media(media="print")
    check(browsing, page, "council-report-print")
    expect(page.locator("[data-council-pdf]")).to_be_hidden()  # the printed page has no buttons
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.locator("[data-council-pdf]").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_team_leader_reads_the_team_dashboard_on_a_phone(browsing, history):
    page = browsing.open(user=history.town.agent_user, bypass_csp=True, viewport=MOBILE, touch=True)
    page.goto(reverse("analytics:dashboard") + "?period=last_month")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de l'équipe")
    expect(page.locator('[data-indicator="work_orders_created"] .figure-value')).to_have_text("4")
    expect(page.locator('[data-indicator="cost_total"]')).to_have_count(0)  # no money for a team leader
    check(browsing, page, "team-dashboard-phone")
