"""A safety officer records a school's electrical inspection from the compliance view, with its report (PDF) and
an observation, turns the observation into a corrective request in one click, and the compliance view then shows
the school "with open observations"; at desktop and phone sizes, screenshots kept, axe finding no WCAG 2.1 A/AA
violation on the compliance view, the form and the inspection's page."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations


def axe_clean(page):
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n" + "\n".join(violations)


@pytest.fixture
def school(organization):
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.maintenance.catalogue_seed import seed_catalogue
    from regie.maintenance.inspection_factories import building
    from regie.maintenance.inspection_services import refresh_obligations

    standard_priorities(organization)
    CategoryFactory(organization=organization, name="Bâtiment", code="BATI")
    seed_catalogue(organization)
    school = building(organization, "R", "3", name="École élémentaire Jules-Ferry", code="EE-JF")
    refresh_obligations(organization)
    return school


@pytest.fixture
def officer(organization):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    user = UserFactory(username="claire.martin", first_name="Claire", last_name="Martin")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    return user


def report_pdf(tmp_path):
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    path = tmp_path / "rapport-verification-electrique.pdf"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", MOBILE)])
def test_record_an_inspection_and_file_the_corrective_request(browsing, officer, school, tmp_path, size, viewport):
    from regie.maintenance.models import Observation

    page = browsing.open(user=officer, viewport=viewport, bypass_csp=True)
    page.goto("/maintenance/compliance/?q=Jules-Ferry", timeout=30000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Conformité des contrôles réglementaires")
    browsing.shot(page, f"{size}-compliance-before")
    axe_clean(page)

    row = page.locator("tr[data-obligation]", has_text="installations électriques")
    expect(row).to_have_attribute("data-status", "overdue")  # never inspected
    row.get_by_role("link", name=re.compile("Enregistrer un contrôle")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer un contrôle")
    page.get_by_label("Date du contrôle").fill((datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Organisme ou vérificateur").fill("Bureau Veritas")
    page.get_by_label("Résultat").select_option("with_observations")
    page.get_by_label("Rapport de contrôle").set_input_files(report_pdf(tmp_path))
    browsing.shot(page, f"{size}-form")
    axe_clean(page)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator("[data-inspection-state]")).to_have_text("Ouvert")
    expect(page.get_by_role("link", name="rapport-verification-electrique.pdf")).to_be_visible()
    page.get_by_role("textbox", name=re.compile("^Observation")).fill(
        "Bloc autonome d'éclairage de sécurité hors service au 1er étage"
    )
    page.get_by_label("Gravité").select_option("major")
    page.get_by_role("button", name="Ajouter l'observation").click()
    page.get_by_role("button", name="Créer la demande corrective").click()
    expect(page.locator("[data-request]")).to_have_text(re.compile(r"DI-\d{4}-\d+"))
    browsing.shot(page, f"{size}-inspection")
    axe_clean(page)
    observation = Observation.objects.get()
    assert observation.request is not None and observation.request.asset_id == school.pk

    page.goto("/maintenance/compliance/?status=open_observations")
    row = page.locator("tr[data-obligation]", has_text="installations électriques")
    expect(row).to_contain_text("École élémentaire Jules-Ferry")
    expect(row).to_contain_text("Avec observations non levées")
    browsing.shot(page, f"{size}-compliance-after")
    axe_clean(page)
