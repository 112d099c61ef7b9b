"""A buildings manager browses the registry's tree down to a school's gym (its parts open in place), opens the
gym's page, and corrects its floor area in the edit form; at desktop and phone sizes, with screenshots
(test-artifacts/screenshots/) and axe finding no WCAG 2.1 A/AA violation on the tree, the page and the form."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations


@pytest.fixture
def registry(organization):
    from regie.assets.factories import AssetFactory, AssetTypeFactory, AttributeDefinitionFactory
    from regie.assets.models import AssetKind, AttributeDefinition

    site = AssetTypeFactory(organization=organization, code="SITE", name="Site", kind=AssetKind.SITE)
    building = AssetTypeFactory(organization=organization, code="BAT", name="Bâtiment", kind=AssetKind.BUILDING)
    AttributeDefinitionFactory(
        asset_type=building, code="floor_area", label="Surface", unit="m²",
        data_type=AttributeDefinition.DataType.NUMBER, minimum=0, maximum=100000,
    )  # fmt: skip
    AttributeDefinitionFactory(
        asset_type=building, code="erp_category", label="Catégorie ERP",
        data_type=AttributeDefinition.DataType.CHOICE, choices=["1", "2", "3", "4", "5"],
    )  # fmt: skip
    school = AssetFactory(organization=organization, code="GS-JF", name="Groupe scolaire Jules-Ferry", asset_type=site)
    gym = AssetFactory(
        organization=organization, code="GS-JF-GYM", name="Gymnase Jules-Ferry", asset_type=building, parent=school,
        attributes={"floor_area": "850", "erp_category": "3"}, address="2 rue des Écoles",
    )  # fmt: skip
    AssetFactory(organization=organization, code="GS-JF-MAT", name="École maternelle", asset_type=building,
                 parent=school)  # fmt: skip
    return gym


def axe_clean(page):
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n" + "\n".join(violations)


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", MOBILE)])
def test_tree_to_asset_page_to_attribute_edit(browsing, admin, registry, size, viewport):
    page = browsing.open(user=admin, viewport=viewport, bypass_csp=True)
    page.goto("/assets/tree/", timeout=30000)  # the first page of the run may be slow on a loaded machine
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("Afficher ses composants")).first.click()
    gym_link = page.get_by_role("link", name=re.compile("Gymnase Jules-Ferry"))
    expect(gym_link).to_be_visible()  # its parts came in under it, the page stayed
    assert page.url.endswith("/assets/tree/")
    browsing.shot(page, f"{size}-tree")
    axe_clean(page)

    gym_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gymnase Jules-Ferry")
    expect(page.locator("[data-attribute=floor_area] dd")).to_have_text("850\u00a0m²")
    expect(page.get_by_role("navigation", name="Position dans l’arborescence")).to_contain_text("Jules-Ferry")
    browsing.shot(page, f"{size}-asset")
    axe_clean(page)

    page.get_by_role("link", name="Modifier").click()
    area = page.get_by_label(re.compile("Surface"))
    expect(area).to_have_value("850")
    area.fill("912,5")
    browsing.shot(page, f"{size}-form")
    axe_clean(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("[data-attribute=floor_area] dd")).to_have_text("912,5\u00a0m²")
    browsing.shot(page, f"{size}-saved")
    registry.refresh_from_db()
    assert registry.attributes["floor_area"] == "912.5"
