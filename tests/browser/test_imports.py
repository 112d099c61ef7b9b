"""An administrator imports agents from an HR system's CSV (upload, columns, dry run with an error row, corrected
file, import), then exports the work-order list. Screenshots in test-artifacts/screenshots/; axe on each page."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import axe_violations

HEADER = "Matricule;Nom;Prénom;Courriel;Équipe;Compétences;Heures hebdomadaires\r\n"


def hr_file(*lines):
    return {
        "name": "export-rh.csv",
        "mimeType": "text/csv",
        "buffer": (HEADER + "".join(f"{line}\r\n" for line in lines)).encode("cp1252"),
    }


@pytest.fixture
def reference(organization, admin):
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.interventions.services import create_work_order
    from regie.people.factories import SkillFactory, TeamFactory

    SkillFactory(organization=organization, code="PLB", name="Plomberie", hourly_rate="40.00")
    TeamFactory(organization=organization, code="EQB", name="Équipe bâtiment")
    category = CategoryFactory(organization=organization, name="Plomberie", code="PLOMB")
    priorities = standard_priorities(organization)
    return create_work_order(
        by=admin,
        organization=organization,
        data={"title": "Réparer la fuite du gymnase", "category": category, "priority": priorities[2]},
    )


def upload(page, *lines):
    page.get_by_label("Fichier").set_input_files(hr_file(*lines))
    page.get_by_role("button", name="Déposer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Colonnes de export-rh.csv")


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_admin_imports_agents_then_exports_the_work_orders(browsing, admin, reference):
    from regie.people.models import Agent

    page = browsing.open(user=admin, bypass_csp=True)  # axe is injected into the pages
    page.goto(reverse("imports:job-create"))
    assert_accessible(page)
    upload(page, "A001;Dupré;Élodie;elodie.dupre@example.org;EQB;PLB;35", "A002;Martin;;;EQZ;;28")
    expect(page.get_by_label("Matricule")).to_have_value("0")  # columns recognised by their titles
    expect(page.get_by_label("Heures hebdomadaires")).to_have_value("6")
    assert_accessible(page)
    browsing.shot(page, "01-columns")

    page.get_by_role("button", name="Lancer la simulation").click()
    report = page.locator("#job-status table")
    expect(report).to_contain_text("Cette valeur est obligatoire.")
    expect(report).to_contain_text("Aucune équipe n’a le code ou le nom « EQZ ».")
    expect(page.get_by_role("alert")).to_contain_text("2 erreurs : rien n’a été écrit")
    assert Agent.objects.filter(organization=reference.organization, employee_number__in=["A001", "A002"]).count() == 0
    assert_accessible(page)
    browsing.shot(page, "02-dry-run-errors")

    page.get_by_role("link", name="Déposer un fichier corrigé").click()
    upload(page, "A001;Dupré;Élodie;elodie.dupre@example.org;EQB;PLB;35", "A002;Martin;Paul;;EQB;;28")
    page.get_by_role("button", name="Lancer la simulation").click()
    expect(page.locator("#job-status")).to_contain_text("l’import créera 2 et mettra à jour 0 fiches")
    page.get_by_role("button", name="Importer les lignes").click()
    expect(page.locator("#job-status")).to_contain_text("2 créées, 0 mises à jour")
    assert Agent.objects.get(employee_number="A002").first_name == "Paul"
    assert_accessible(page)
    browsing.shot(page, "03-imported")

    page.goto(reverse("interventions:workorder-list"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("interventions-") and download.suggested_filename.endswith(".csv")
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    assert body.startswith("Numéro;Intervention;") and reference.number in body
    browsing.shot(page, "04-work-orders-export")
