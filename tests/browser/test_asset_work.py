"""A requester files a request on an asset by typing its name in the asset picker (the place and coordinates come
from the asset), and a manager then opens an association's cost statement for the year. Screenshots in
test-artifacts/screenshots/."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations


class Premises:
    def __init__(self, org):
        from regie.assets.factories import AssetFactory, AssetTypeFactory, OccupancyFactory, OccupantFactory
        from regie.assets.models import AssetKind
        from regie.core.factories import MembershipFactory, UserFactory
        from regie.core.permissions import Role
        from regie.interventions import services
        from regie.interventions.factories import CategoryFactory, standard_priorities
        from regie.interventions.models import WorkOrder
        from regie.people.models import Department

        culture = Department.objects.get(organization=org, code="CUL")
        building = AssetTypeFactory(organization=org, code="BAT", name="Bâtiment", kind=AssetKind.BUILDING)
        room = AssetTypeFactory(organization=org, code="SAL", name="Salle", kind=AssetKind.SPACE)
        self.hall = AssetFactory(
            organization=org,
            asset_type=building,
            code="MDA",
            name="Maison des associations",
            address="4 place du Marché",
            latitude=Decimal("47.380000"),
            longitude=Decimal("0.690000"),
        )
        self.stage = AssetFactory(organization=org, asset_type=room, parent=self.hall, code="MDA-SC", name="Scène")
        AssetFactory(organization=org, asset_type=building, code="GYM", name="Gymnase Coubertin")
        self.judo = OccupantFactory(organization=org, name="Judo-club de Montreuil")
        OccupancyFactory(asset=self.hall, occupant=self.judo, starts_on=datetime.date(2020, 1, 1), floor_share=40)
        self.requester = UserFactory(username="claire.martin", first_name="Claire", last_name="Martin", language="fr")
        MembershipFactory(organization=org, user=self.requester, role=Role.REQUESTER, department=culture)
        self.manager = UserFactory(username="sophie.leroy", first_name="Sophie", last_name="Leroy", language="fr")
        MembershipFactory(organization=org, user=self.manager, role=Role.MANAGER)
        self.category = CategoryFactory(organization=org, code="ELEC", name="Électricité")
        priority = standard_priorities(org)[2]
        wo = services.create_work_order(
            by=self.manager,
            organization=org,
            data={
                "title": "Projecteurs de la scène",
                "category": self.category,
                "priority": priority,
                "asset": self.stage,
            },
        )
        services.add_cost_line(
            by=self.manager,
            work_order=wo,
            kind="contractor",
            label="Facture Lumen",
            date=timezone.localdate(),
            unit_cost=Decimal("1250.00"),
        )
        WorkOrder.objects.filter(pk=wo.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))


@pytest.fixture
def premises(organization):
    return Premises(organization)


def test_a_requester_files_on_an_asset_and_a_manager_reads_the_statement(browsing, premises):
    page = browsing.open(user=premises.requester)
    page.goto(reverse("interventions:request-create"))
    page.locator("#id_title").fill("Spot de scène grillé")
    page.locator("#id_description").fill("Un projecteur de la scène ne s'allume plus.")
    page.locator("#id_category").select_option(label="Électricité")
    picker = page.locator("[data-asset-picker]")
    page.locator("#id_asset_search").press_sequentially("maison des", delay=30)
    result = picker.locator(".picker-results li").filter(has_text="MDA")
    expect(result).to_have_count(1)
    browsing.shot(page, "1-asset-search")
    result.locator("input[name=asset]").check()
    expect(picker.locator(".picker-chosen li")).to_contain_text("Maison des associations")
    expect(page.locator("#id_location")).to_have_value("4 place du Marché")  # filled from the asset
    expect(page.locator("#id_latitude")).to_have_value("47.380000")
    page.wait_for_load_state("networkidle")  # the picker's own request (its search cleared) ends before the submit
    browsing.shot(page, "2-asset-chosen")
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("[data-asset]")).to_contain_text("MDA — Maison des associations")
    browsing.shot(page, "3-request-on-asset")

    page = browsing.open(user=premises.manager)
    page.goto(reverse("interventions:occupant-statement", args=[premises.judo.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Judo-club de Montreuil")
    row = page.locator(".statement-table tbody tr").first
    expect(row).to_contain_text("Maison des associations")
    expect(row.locator("[data-charged]")).to_contain_text("500,00")  # 40 % of the stage's 1,250.00
    expect(page.locator("[data-print]")).to_be_visible()
    browsing.shot(page, "4-occupant-statement")


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", MOBILE)])
def test_the_asset_page_loads_its_open_work_and_costs_after_the_page(browsing, premises, size, viewport):
    """The open work, the costs by year and the history come from their own endpoints once the page is shown
    (HTMX); without JavaScript each section is a link to a page of its own."""
    browsing.allow(r"ERR_FAILED")  # the page's small map: its tiles aborted, as the map's tests do
    page = browsing.open(user=premises.manager, viewport=viewport, bypass_csp=True)  # axe is injected
    page.context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(premises.hall.page_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maison des associations")
    work = page.locator("[data-section=open_work]")
    expect(work).to_contain_text("Projecteurs de la scène")  # on its part, the stage
    costs = page.locator("[data-section=costs]")
    expect(costs.locator("table.asset-costs tfoot")).to_contain_text(re.compile(r"1\s?250,00"))
    expect(page.locator("[data-section=history] [data-asset-history]")).to_be_visible()  # its history, last
    expect(page.locator("[data-lazy-section]")).to_have_count(0)  # every placeholder replaced
    costs.scroll_into_view_if_needed()
    browsing.shot(page, f"asset-sections-{size}")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    link = browsing.open(user=premises.manager, viewport=viewport)
    link.context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    link.context.route("**/vendor/htmx/**", lambda route: route.abort())  # no HTMX: the sections stay links
    link.goto(premises.hall.page_url)
    link.get_by_role("link", name="Afficher « Coûts par année »").click()
    expect(link.get_by_role("heading", level=1)).to_contain_text("Coûts par année")
    expect(link.locator("table.asset-costs")).to_contain_text(re.compile(r"1\s?250,00"))
    browsing.shot(link, f"asset-costs-page-{size}")
