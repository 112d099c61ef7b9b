"""An assets manager imports a cut of the Paris tree inventory from the registry: upload, the columns chosen by
the town's saved mapping, a dry run that reports an unknown species and a tree in Marseille row by row in French,
a corrected file, the import; then the trees in the list and on a tree's page. Screenshots in
test-artifacts/screenshots/; axe on each import page."""

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.assets.import_helpers import PARIS, PARIS_BOX, box

from .conftest import axe_violations

ROWS = 300


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.fixture
def paris_cut():
    """The file's header and its first ROWS trees, as the open-data portal writes them."""
    with PARIS.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        rows = [next(reader) for _ in range(ROWS)]
    return header, rows


def write(path, header, rows):
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def manager(organization, paris_cut):
    """An assets manager of a town whose area is Paris, its tree type, its species list (every species of the
    file, confirmed earlier) and its saved mapping of the Paris inventory."""
    from regie.assets import services as asset_services
    from regie.assets.imports import save_paris_tree_mapping, standard_type
    from regie.assets.models import AssetKind, Species
    from regie.assets.species_seed import species_key
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    user = UserFactory(username="luc.moreau", first_name="Luc", last_name="Moreau")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    admin = UserFactory()
    MembershipFactory(organization=organization, user=admin, role=Role.ADMIN)
    asset_services.set_area(by=admin, organization=organization, name="Paris", geometry=box(*PARIS_BOX))
    standard_type(organization, AssetKind.TREE, code="ARBRE", name="Arbre")
    header, rows = paris_cut
    genus, species = header.index("GENRE"), header.index("ESPECE")
    keys = {species_key(row[genus], row[species]) for row in rows if row[genus].strip()}
    Species.objects.bulk_create(
        [Species(organization=organization, genus=g.capitalize(), species=s) for g, s in sorted(keys)]
    )
    save_paris_tree_mapping(organization)
    return user


def test_manager_imports_the_paris_trees_from_the_registry(browsing, manager, organization, paris_cut, tmp_path):
    from regie.assets.models import Asset

    header, rows = paris_cut
    column = {title: i for i, title in enumerate(header)}
    typo = list(rows[10])
    typo[column["IDBASE"]], typo[column["GENRE"]], typo[column["ESPECE"]] = "9000001", "Platanus", "fantasia"
    marseille = list(rows[20])
    marseille[column["IDBASE"]], marseille[column["geo_point_2d"]] = "9000002", "43.296482,5.369780"
    first = write(tmp_path / "arbres-paris.csv", header, [*rows, typo, marseille])

    page = browsing.open(user=manager, bypass_csp=True)  # axe is injected into the pages
    browsing.allow(r"ERR_FAILED")  # the tree page's small map: its tiles aborted, as the map's tests do
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(reverse("assets:asset-list"))
    page.get_by_role("link", name="Importer un fichier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvel import")
    page.get_by_label("Données à importer").select_option(label="Arbres")
    page.get_by_label("Fichier").set_input_files(first)
    assert_accessible(page)
    browsing.shot(page, "01-upload")
    page.get_by_role("button", name="Déposer").click()

    # the columns: the town's saved mapping of the Paris inventory chose them
    expect(page.get_by_role("heading", level=1)).to_contain_text("Colonnes de arbres-paris.csv")
    expect(page.get_by_text(f"{ROWS + 2} lignes à importer.")).to_be_visible()
    expect(page.locator("[data-saved-mapping]")).to_contain_text("dernier fichier de ce genre")
    for label, title in [("Code", "IDBASE"), ("Espèce", "ESPECE"), ("Hauteur", "HAUTEUR (m)")]:
        expect(page.get_by_label(re.compile(rf"^{label}\b"))).to_have_value(str(column[title]))
    coordinates = page.get_by_label("Coordonnées (latitude, longitude dans une colonne)")
    expect(coordinates).to_have_value(str(column["geo_point_2d"]))
    add_species = page.get_by_label("Ajouter les espèces que ce fichier nomme et qui ne sont pas dans la liste")
    expect(add_species).to_be_checked()  # as the mapping was saved
    add_species.uncheck()  # the list is up to date: a species it lacks is a typo
    assert_accessible(page)
    browsing.shot(page, "02-columns")

    page.get_by_role("button", name="Lancer la simulation").click()
    report = page.locator("#job-status table")
    expect(page.get_by_role("alert")).to_contain_text("2 erreurs : rien n’a été écrit")
    typo_row = report.locator("tr", has_text="« Platanus fantasia » n’est pas dans la liste des espèces")
    expect(typo_row.locator("td").nth(0)).to_have_text(str(ROWS + 2))  # the file's line (its titles are line 1)
    expect(typo_row.locator("td").nth(1)).to_have_text("ESPECE")
    far_row = report.locator("tr", has_text="km hors de Paris : vérifiez-les (latitude")
    expect(far_row.locator("td").nth(0)).to_have_text(str(ROWS + 3))
    expect(far_row.locator("td").nth(1)).to_have_text("geo_point_2d")
    assert not Asset.objects.filter(organization=organization).exists()
    assert_accessible(page)
    browsing.shot(page, "03-dry-run-errors")

    # the corrected file: the species spelt right, the tree in Marseille left out
    typo[column["ESPECE"]] = "x hispanica"
    second = write(tmp_path / "arbres-paris-corrige.csv", header, [*rows, typo])
    page.get_by_role("link", name="Déposer un fichier corrigé").click()
    expect(page.get_by_label("Données à importer")).to_have_value("assets.trees")
    page.get_by_label("Fichier").set_input_files(second)
    page.get_by_role("button", name="Déposer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Colonnes de arbres-paris-corrige.csv")
    expect(
        page.get_by_label("Ajouter les espèces que ce fichier nomme et qui ne sont pas dans la liste")
    ).not_to_be_checked()
    page.get_by_role("button", name="Lancer la simulation").click()
    expect(page.locator("#job-status")).to_contain_text(f"l’import créera {ROWS + 1} et mettra à jour 0 fiches")
    assert_accessible(page)
    browsing.shot(page, "04-dry-run-clean")

    page.get_by_role("button", name="Importer les lignes").click()
    expect(page.locator("#job-status")).to_contain_text(f"{ROWS + 1} créées, 0 mises à jour")
    assert Asset.objects.filter(organization=organization).count() == ROWS + 1
    assert_accessible(page)
    browsing.shot(page, "05-imported")

    # the trees in the registry: the list counts them, a tree's page has its species and its point
    page.get_by_role("navigation").get_by_role("link", name="Inventaire").first.click()
    expect(page.locator(".pagination-summary").first).to_contain_text(f"sur {ROWS + 1}")
    tree = rows[0]
    search = page.get_by_label("Code, nom ou adresse contient")
    search.fill(tree[column["IDBASE"]])
    search.press("Enter")
    link = page.locator("#list-results").get_by_role("link", name=tree[column["IDBASE"]], exact=True)
    expect(page.locator("#list-results tbody tr")).to_have_count(1)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tree[column["LIBELLE FRANCAIS"]])
    expect(page.locator("#asset-summary-title")).to_have_text("Arbre Arbre")  # its type, then its family
    attributes = page.locator("[data-asset-attributes]")
    expect(attributes.locator('[data-attribute="genus"] dd')).to_have_text(tree[column["GENRE"]])
    expect(attributes.locator('[data-attribute="species"]')).to_have_text(f"Espèce{tree[column['ESPECE']]}")
    lat, lon = (f"{float(v):.6f}".rstrip("0") for v in tree[column["geo_point_2d"]].split(","))
    expect(page.get_by_text(re.compile(rf"{re.escape(lat)}\d*, {re.escape(lon)}"))).to_be_visible()
    browsing.shot(page, "06-tree-page")

    # a later change of its attributes reads as one line each in its history
    from regie.assets import services as asset_services

    # the page's lazy sections end their requests first: the live server serialises its own requests on
    # SQLite's shared in-memory database, not this thread's write, which would find the table locked
    page.wait_for_load_state("networkidle")
    imported = Asset.objects.get(organization=organization, code=tree[column["IDBASE"]])
    attributes = {**imported.attributes, "height": "14", "health": "Bon"}
    asset_services.update_asset(imported, by=manager, data={"attributes": attributes})
    page.reload()
    history = page.locator(".timeline-update .changes")
    expect(history.locator('[data-change="changed"]')).to_have_text(
        f"Hauteur{tree[column['HAUTEUR (m)']]}\u00a0m → 14\u00a0m"
    )
    expect(history.locator('[data-change="added"]')).to_have_text("Diagnostic sanitaireBon (valeur ajoutée)")
    page.locator(".timeline").scroll_into_view_if_needed()
    browsing.shot(page, "07-history", full_page=False)
