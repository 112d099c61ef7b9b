"""An administrator sets the portal's settings (a bound refused in French first); a manager adds a list question
to a service on its page, archives it and restores it from the service's list of archived questions. axe-core
clean on both forms and the service's page (with and without archived questions). Screenshots in
test-artifacts/screenshots/."""

import re

from playwright.sync_api import expect

from .conftest import DESKTOP, axe_violations


def test_settings_and_a_services_extra_question(browsing, organization, admin):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions.factories import CategoryFactory
    from regie.portal.factories import ServiceCategoryFactory
    from regie.portal.models import CategoryQuestion, PortalSettings

    page = browsing.open(viewport=DESKTOP, bypass_csp=True, user=admin)
    page.goto("/portal/settings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Réglages du portail")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    nearby = page.get_by_label("distance des doublons possibles (m)", exact=False)
    nearby.evaluate("(input) => input.removeAttribute('max')")  # as a browser without validation would send it
    nearby.fill("5000")
    browsing.allow(r"HTTP 400 POST .*/settings/$", r"/settings/: .*status of 400")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".field-invalid .error")).to_contain_text("inférieure ou égale à 1000")
    browsing.shot(page, "settings-refused")
    page.get_by_label("distance des doublons possibles (m)", exact=False).fill("80")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Réglages du portail enregistrés")
    assert PortalSettings.objects.get(organization=organization).nearby_m == 80

    manager = UserFactory(username="paul.martin", first_name="Paul", last_name="Martin")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    service = ServiceCategoryFactory(organization=organization, code="ECL", name="Lampadaire éteint",
                                     request_category=CategoryFactory(organization=organization))  # fmt: skip
    page = browsing.open(viewport=DESKTOP, bypass_csp=True, user=manager)
    page.goto(f"/portal/services/{service.pk}/")
    page.get_by_role("link", name="Ajouter une question").click()
    page.get_by_label("Code").fill("CLIGNOTE")
    page.get_by_label("Question").fill("Le lampadaire clignote-t-il ?")
    page.get_by_label("Type de réponse").select_option(label="Un choix dans une liste")
    page.get_by_label("Choix").fill("oui = Oui\nnon = Non")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    browsing.shot(page, "question-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Questions complémentaires")).to_be_visible()
    expect(page.get_by_role("cell", name="Le lampadaire clignote-t-il ?", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Oui, Non"))).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    browsing.shot(page, "service")
    assert CategoryQuestion.objects.get(category=service).choices[1] == {"key": "non", "name": "Non"}

    page.get_by_role("link", name="Archiver Le lampadaire clignote-t-il ?").click()
    page.get_by_role("button", name="Archiver").click()
    expect(page.get_by_role("heading", name="Questions archivées")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    page.get_by_role("button", name="Rétablir Le lampadaire clignote-t-il ?").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Question rétablie.")
    expect(page.get_by_role("heading", name="Questions archivées")).to_have_count(0)
    assert CategoryQuestion.objects.get(category=service).archived_at is None
