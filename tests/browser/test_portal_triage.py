"""A manager triages residents' reports at desktop size: the queue, a report with its photo turned into a request
(category, priority), a public update posted; a second report merged into it; a third rejected with a public
reason. axe-core clean on the queue and the report page. Screenshots in test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from tests.attachments.images import png, upload

from .conftest import DESKTOP, axe_violations

TILES = "**/tile.openstreetmap.org/**"


@pytest.fixture
def desk(organization):
    """The commune's catalogue (a street light service becoming a lighting request) and three reports to triage,
    the first with a resident's photo."""
    from types import SimpleNamespace

    from regie.attachments.services import store
    from regie.attachments.validation import check_files
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.portal.factories import ReportFactory, ServiceCategoryFactory

    manager = UserFactory(username="paul.martin", first_name="Paul", last_name="Martin")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    standard_priorities(organization)
    lighting = CategoryFactory(organization=organization, name="Éclairage public", code="ECLP")
    service = ServiceCategoryFactory(organization=organization, code="ECL", name="Lampadaire éteint",
                                     request_category=lighting)  # fmt: skip

    def report(**fields):
        return ReportFactory(organization=organization, category=service, **fields)

    first = report(description="Le lampadaire devant l'école est éteint depuis lundi.", address="2 rue Haute",
                   latitude="45.750000", longitude="4.850000", email="ana@example.org", name="Ana Lopez")  # fmt: skip
    store(check_files([upload("lampadaire.png", png((64, 48)))]), record=first, by=None)
    second = report(description="Plus de lumière rue Haute.", address="4 rue Haute", email="bob@example.org")
    third = report(description="Mon voisin fait du bruit.", address="9 impasse Basse")
    return SimpleNamespace(manager=manager, lighting=lighting, first=first, second=second, third=third)


def test_a_manager_converts_merges_and_rejects_reports(browsing, desk):
    from regie.portal.models import Report, Triage

    page = browsing.open(viewport=DESKTOP, bypass_csp=True, user=desk.manager)  # axe is an injected script
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    page.route(TILES, lambda route: route.abort())

    page.goto("/portal/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalements des habitants")
    for report in (desk.first, desk.second, desk.third):
        expect(page.get_by_role("link", name=report.number)).to_be_visible()
    browsing.shot(page, "queue")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    page.get_by_role("link", name=desk.first.number).click()
    expect(page.locator(".kicker")).to_contain_text(desk.first.number)
    photo = page.locator("img[alt*='lampadaire']").first
    expect(photo).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=photo.element_handle())  # loaded
    expect(page.locator("[data-personal]")).to_contain_text("ana@example.org")
    browsing.shot(page, "report")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    convert = page.locator("#convert-form")
    expect(convert.get_by_label("Catégorie")).to_have_value(str(desk.lighting.pk))  # from the service
    convert.get_by_label("Priorité").select_option(label="Urgente (sécurité)")
    convert.get_by_role("button", name="Transformer en demande").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("transformé en demande")
    request_link = page.locator("[data-request] a")
    expect(request_link).to_contain_text(re.compile(r"DI-\d{4}-\d+"))
    expect(page.locator("[data-triage]")).to_have_text("Transformé en demande")

    update = page.locator("#update-form")
    update.get_by_label(re.compile("Texte|Message")).fill("Une équipe passera jeudi matin.")
    update.get_by_role("button", name="Publier").click()
    expect(page.locator("[data-update]").last).to_contain_text("Une équipe passera jeudi matin.")
    browsing.shot(page, "converted")

    page.goto(f"/portal/reports/{desk.second.pk}/")
    merge = page.locator("#merge-form")
    merge.get_by_label("Fusionner dans le signalement").select_option(label=f"{desk.first.number} — 2 rue Haute")
    merge.get_by_role("button", name="Fusionner").click()
    expect(page.locator("[data-triage]")).to_have_text("Fusionné avec un autre signalement")
    expect(page.get_by_role("link", name=desk.first.number)).to_be_visible()
    browsing.shot(page, "merged")

    page.goto(f"/portal/reports/{desk.third.pk}/")
    reject = page.locator("#reject-form")
    browsing.allow(r"HTTP 422 POST .*/reject/$", r"/reports/\d+/: .*status of 422")
    reject.get_by_label(re.compile("Motif public", re.I)).fill("   ")  # blank: refused, in French, nothing changes
    reject.get_by_role("button", name="Refuser").click()
    expect(reject.locator(".error, .form-errors").first).to_contain_text("obligatoire")
    browsing.shot(page, "reject-refused")
    reject = page.locator("#reject-form")
    reject.get_by_label(re.compile("Motif public", re.I)).fill("Les bruits de voisinage relèvent de la police.")
    reject.get_by_role("button", name="Refuser").click()
    expect(page.locator("[data-triage]")).to_have_text("Refusé")
    browsing.shot(page, "rejected")

    first, second, third = (Report.objects.get(pk=r.pk) for r in (desk.first, desk.second, desk.third))
    assert first.triage == Triage.CONVERTED and first.request.priority.name.lower().startswith("urgent")
    assert second.duplicate_of == first and second.request == first.request and first.supporters == 1
    assert third.triage == Triage.REJECTED and third.public_reason.startswith("Les bruits")
    from regie.attachments.models import Attachment

    kept = Attachment.objects.filter(content_type__model="interventionrequest", object_id=first.request_id)
    assert [a.original_name for a in kept] == ["lampadaire.png"]  # the resident's photo went with the request

    german = browsing.open(viewport=DESKTOP, user=desk.manager)
    german.route(TILES, lambda route: route.abort())
    german.goto(f"/portal/reports/{desk.first.pk}/")
    german.get_by_label("Langue").select_option("de")  # the switcher submits itself
    expect(german.locator(".kicker")).to_contain_text("Einwohnermeldung")
    expect(german.locator("#update-form")).to_contain_text("Öffentliche Mitteilung veröffentlichen")
    browsing.shot(german, "report-de")
