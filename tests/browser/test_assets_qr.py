"""The QR label's short URL on a phone (390 × 844): a resident who is not signed in sees the public page of the
asset (what it is, whose it is, how to report a problem on it); a manager opening the same URL lands on the asset.
Screenshots in test-artifacts/screenshots/test_short_url_*-<step>.png."""

import re

from playwright.sync_api import expect

from .conftest import MOBILE, axe_violations


def make_asset(organization):
    from regie.assets.factories import AssetFactory, AssetTypeFactory
    from regie.assets.models import AssetKind

    organization.email = "services.techniques@montreuil.example"
    organization.address = "Hôtel de ville, 1 place de la Mairie, 37000 Montreuil-sur-Loire"
    organization.save(update_fields=["email", "address"])
    kind = AssetTypeFactory(organization=organization, code="JEU", name="Jeu", kind=AssetKind.PLAY_ITEM)
    return AssetFactory(
        organization=organization, asset_type=kind, code="JEU-00042", name="Toboggan — square des Tilleuls",
        address="Square des Tilleuls, 37000 Montreuil-sur-Loire",
    )  # fmt: skip


def test_short_url_for_a_resident_and_for_a_manager(browsing, organization, admin):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    asset = make_asset(organization)
    url = f"/a/{asset.public_id}"

    page = browsing.open(viewport=MOBILE, bypass_csp=True)  # axe is injected as an inline script
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Toboggan — square des Tilleuls")
    main = page.get_by_role("main")
    expect(main).to_contain_text("JEU-00042")
    expect(main).to_contain_text("Ville de Montreuil-sur-Loire")
    expect(main.get_by_role("link", name="services.techniques@montreuil.example")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    browsing.shot(page, "resident")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    manager = MembershipFactory(organization=organization, role=Role.MANAGER, user=UserFactory()).user
    # the asset page, while the registry's pages are not on this branch (its path is what counts here)
    browsing.allow(rf"HTTP 404 GET .*/assets/{asset.pk}/$", rf"/assets/{asset.pk}/: console error: .*404")
    page = browsing.open(viewport=MOBILE, user=manager)
    page.goto(url)
    expect(page).to_have_url(re.compile(rf"/assets/{asset.pk}/$"))
    browsing.shot(page, "manager")
