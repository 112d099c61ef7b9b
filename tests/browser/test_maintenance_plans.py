"""A maintenance manager creates a plan on a boiler with the preset "every year in March" and a checklist asking a
pressure, and reads its next occurrences on the plan's page; the boiler's page lists the plan. Screenshots in
test-artifacts/screenshots/."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations


@pytest.fixture
def boiler(organization):
    from regie.assets.factories import AssetFactory, AssetTypeFactory
    from regie.assets.models import AssetKind

    kind = AssetTypeFactory(organization=organization, code="CHAUD", name="Chaudière", kind=AssetKind.EQUIPMENT)
    return AssetFactory(organization=organization, asset_type=kind, code="CH-0042", name="Chaudière école Jaurès")


@pytest.fixture
def manager(organization):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions.factories import CategoryFactory, PriorityFactory

    CategoryFactory(organization=organization, code="CHAUF", name="Chauffage")
    PriorityFactory(organization=organization, code="P3", name="Normale")
    user = UserFactory(username="sophie.martin", first_name="Sophie", last_name="Martin", language="fr")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    return user


def test_a_manager_plans_the_yearly_boiler_service_and_sees_its_next_occurrences(browsing, manager, boiler):
    page = browsing.open(user=manager, viewport=DESKTOP, bypass_csp=True)  # axe-core is injected
    page.goto(reverse("maintenance:maintenanceplan-create"))
    page.locator("#id_name").fill("Entretien annuel de la chaudière")
    page.locator("#id_asset_search").press_sequentially("jaurès", delay=30)
    picker = page.locator("[data-asset-picker]")
    result = picker.locator(".picker-results li").filter(has_text="CH-0042")
    expect(result).to_have_count(1)
    result.locator("input[name=asset]").check()
    page.wait_for_load_state("networkidle")
    page.locator("#id_preset").select_option(label="Chaque année en mars")
    page.locator("#id_category").select_option(label="Chauffage")
    page.locator("#id_priority").select_option(label="Normale")
    page.locator("#id_tasks").fill("Contrôler la combustion\nRelever la pression du circuit [bar]\nSécurités [OK]")
    page.locator("#id_starts_on").fill(datetime.date.today().isoformat())
    browsing.shot(page, "1-plan-form")
    assert not axe_violations(page)
    page.get_by_role("main").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Entretien annuel de la chaudière")
    rows = page.locator("#upcoming tbody tr")
    expect(rows.first).to_contain_text("mars")
    expect(rows.first).to_contain_text("CH-0042")
    assert rows.count() >= 3
    expect(page.locator(".checklist")).to_contain_text("bar")
    browsing.shot(page, "2-plan-next-occurrences")
    assert not axe_violations(page)
    page.goto(reverse("maintenance:maintenanceplan-list"))
    expect(page.locator("#list-results")).to_contain_text("Chaque année en mars")
    assert not axe_violations(page)

    page.goto(reverse("assets:asset-detail", args=[boiler.pk]))
    expect(page.get_by_role("main")).to_contain_text("Entretien annuel de la chaudière")
    browsing.shot(page, "3-asset-page")

    phone = browsing.open(user=manager, viewport=MOBILE)  # in the boiler room: the asset's page on a phone
    phone.goto(reverse("assets:asset-detail", args=[boiler.pk]))
    expect(phone.get_by_role("main")).to_contain_text("Chaque année en mars")
    expect(phone.get_by_role("main")).to_contain_text("01/03/")  # the next date its schedule gives
    browsing.shot(phone, "4-asset-page-phone")


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", MOBILE)])
def test_a_manager_follows_the_overdue_line_to_the_plans_and_reads_them_by_building(browsing, org_a, size, viewport):
    """The home page's maintenance lines (figures and "plans with overdue occurrences") lead to the plans list
    filtered the same way, whose indicators read by building (the nearest building of each work order's asset)."""
    from django.utils import timezone

    from tests.maintenance.plan_helpers import manager as member_manager
    from tests.maintenance.test_plan_indicators import Town, records

    town = Town(org_a)
    records(town, timezone.now())
    page = browsing.open(user=member_manager(org_a), viewport=viewport, bypass_csp=True)  # axe-core is injected
    page.goto("/")
    expect(page.locator("[data-figure=overdue_maintenance]")).to_have_text("1")
    line = page.locator("[data-queue=overdue_plans] a")
    expect(line).to_contain_text("1")
    browsing.shot(page, f"1-home-maintenance-lines-{size}")
    assert not axe_violations(page)
    line.click()
    expect(page).to_have_url(re.compile(r"/maintenance/plans/\?overdue=true"))
    expect(page.locator("#list-results")).to_contain_text("Entretien chaudière")
    by_building = page.locator("[data-by-building]")
    by_building.locator("summary").click()
    rows = by_building.locator("tbody tr")
    expect(rows.first.locator("th")).to_have_text("Mairie")  # the most work orders first
    expect(by_building).to_contain_text("Annexe")  # the archives' work order: the annex, the nearest building
    expect(by_building).not_to_contain_text("Parc")  # in no building
    by_building.scroll_into_view_if_needed()
    browsing.shot(page, f"2-plans-by-building-{size}")
    assert not axe_violations(page)
