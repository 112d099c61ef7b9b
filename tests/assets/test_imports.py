"""Importing the registry from what towns have: the Paris open-data tree inventory through its saved mapping,
another town's tree export through its own, buildings and street lights; re-import updates by code."""

import csv
from decimal import Decimal

import pytest

from regie.assets.imports import PARIS_TREES, save_paris_tree_mapping
from regie.assets.models import Asset, Species
from regie.assets.tree import key_of
from regie.core.models import AuditEvent
from regie.imports import services

from .import_helpers import DATA, PARIS, Town

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def run_in_request(settings):
    settings.REGIE_IMPORT_BACKGROUND_ROWS = 10**6  # the task path is the framework's, tested there


@pytest.fixture
def paris(org_a, admin_a):
    return Town(org_a, admin_a)


def _paris_rows():
    with PARIS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_the_paris_inventory_imports_through_its_saved_mapping(paris):
    save_paris_tree_mapping(paris.org)
    job = paris.upload(PARIS.read_bytes(), name="les-arbres.csv")
    mapping = services.suggested_mapping(job)
    assert {name: job.headers[i] for name, i in mapping.items() if i is not None} == PARIS_TREES
    assert services.suggested_options(job) == {"add_species": True, "create_parents": False}
    job = services.save_mapping(job, by=paris.admin, mapping=mapping)
    job = services.start(job, by=paris.admin, commit=False)
    assert job.status == "validated", job.report[:5]
    assert Asset.objects.count() == 0  # the dry run writes nothing
    assert any("espèces seront ajoutées à la liste" in note for note in job.notes)
    job = services.start(job, by=paris.admin, commit=True)
    rows = _paris_rows()
    assert (job.status, job.created_count, job.updated_count) == ("committed", len(rows), 0)
    assert Asset.objects.filter(organization=paris.org, asset_type=paris.trees).count() == len(rows) == 9999
    first = rows[0]
    tree = Asset.objects.get(code=first["IDBASE"])
    lat, lon = first["geo_point_2d"].split(",")
    assert (tree.latitude, tree.longitude) == (round(Decimal(lat), 6), round(Decimal(lon), 6))
    assert tree.attributes == {
        "genus": "Platanus", "species": "x hispanica", "circumference": "20", "height": "5",
        "stage": "Jeune (arbre)", "remarkable": False,
    }  # fmt: skip
    assert (tree.name, tree.address, tree.path, tree.depth) == (
        "Platane", "RUE DE CHARENTON, PARIS 12E ARRDT", key_of(tree.pk), 0)  # fmt: skip
    assert Asset.objects.get(code="297201").attributes["cultivar"] == "Briotii"  # ''Briotii'' without its quotes
    platanes = sum(1 for r in rows if r["GENRE"] == "Platanus")
    assert Asset.objects.filter(attributes__genus="Platanus").count() == platanes
    added = Species.objects.filter(organization=paris.org, species="x hispanica", genus="Platanus").get()
    assert added.common_name == "Platane"
    genera = {r["GENRE"].strip().capitalize() for r in rows if r["GENRE"].strip()}
    listed = set(Species.objects.filter(organization=paris.org).values_list("genus", flat=True))
    assert genera <= listed
    # the history: one event per tree, through the import channel, and one for the job
    events = AuditEvent.objects.filter(organization=paris.org, content_type__model="asset")
    assert events.count() == len(rows) and set(events.values_list("channel", flat=True)) == {"import"}
    assert all(a.path.endswith("/") for a in Asset.objects.all()[:50])


def test_reimporting_the_paris_file_updates_by_code(paris):
    save_paris_tree_mapping(paris.org)
    head = PARIS.read_text(encoding="utf-8").splitlines()[:201]
    paris.imported("\n".join(head))
    changed = [head[0], head[1].replace(";20;5;", ";25;6;"), *head[2:]]
    job = paris.imported("\n".join(changed))
    assert (job.created_count, job.updated_count) == (0, 200)
    assert Asset.objects.count() == 200
    tree = Asset.objects.get(code="290965")
    assert (tree.attributes["circumference"], tree.attributes["height"]) == ("25", "6")
    updates = AuditEvent.objects.filter(content_type__model="asset", action="update")
    assert updates.count() == 1 and updates.get().changes["attributes"][1]["height"] == "6"


def test_another_towns_tree_export_latin1_commas_two_columns(org_a, admin_a):
    """Saint-Égrève-like export: Latin-1, commas, decimal commas in quotes, two coordinate columns, sites by name."""
    town = Town(org_a, admin_a, area=(45.21, 5.65, 45.26, 5.71), name="Saint-Égrève")
    Species.objects.create(organization=org_a, genus="Acer", species="platanoides")  # confirmed earlier
    Species.objects.create(organization=org_a, genus="Quercus", species="robur")
    content = (DATA / "arbres-saint-egreve.csv").read_bytes()
    job = town.upload(content, name="arbres.csv")
    assert (job.encoding, job.delimiter) == ("cp1252", ",")
    columns = {
        "code": "N° arbre", "name": "Nom commun", "genus": "Genre", "species": "Espèce",
        "height": "Haut. (m)", "circumference": "Circ. tronc (cm)", "planting_year": "Plantation",
        "latitude": "Y WGS84", "longitude": "X WGS84", "parent": "Parc", "health": "Etat sanitaire",
    }  # fmt: skip
    mapping = {field: job.headers.index(title) for field, title in columns.items()}
    job = services.save_mapping(job, by=admin_a, mapping=mapping, options={"create_parents": True})
    job = services.start(job, by=admin_a, commit=False)
    assert job.status == "validated", job.report
    assert job.notes == ["2 sites seront créés : Parc de Fiancey, Square des Mails."]
    job = services.start(job, by=admin_a, commit=True)
    assert job.created_count == 5
    public_ids = list(Asset.objects.filter(organization=org_a).values_list("public_id", flat=True))
    assert len(set(public_ids)) == len(public_ids) and all(public_ids)  # one short URL each, drawn per row
    tree = Asset.objects.get(code="SE-0003")
    assert tree.attributes["height"] == "12.5" and tree.attributes["genus"] == "Tilia"
    assert "species" not in tree.attributes  # "sp." is the genus only
    assert (tree.latitude, tree.longitude) == (Decimal("45.232111"), Decimal("5.683402"))
    park = tree.parent
    assert (park.name, park.asset_type.kind, tree.path.startswith(park.path), tree.depth) == (
        "Parc de Fiancey", "site", True, 1)  # fmt: skip
    assert Asset.objects.filter(parent=park).count() == 3
    # the mapping is saved: the next file of that shape maps itself
    again = town.upload(content, name="arbres-2.csv")
    assert {k: v for k, v in services.suggested_mapping(again).items() if v is not None} == mapping


def test_the_columns_page_offers_the_targets_options_and_the_job_page_shows_the_notes(paris, client_for):
    from django.urls import reverse

    job = paris.upload("code;genre;espèce;coordonnées\nT1;Adansonia;digitata;48.85,2.35\n")
    client = client_for(paris.admin)
    page = client.get(reverse("imports:job-mapping", args=[job.pk])).content.decode()
    assert "Ajouter les espèces que ce fichier nomme" in page and 'name="option_add_species"' in page
    mapping = {name: "" if i is None else str(i) for name, i in services.suggested_mapping(job).items()}
    response = client.post(reverse("imports:job-mapping", args=[job.pk]), {**mapping, "option_add_species": "on"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.options == {"add_species": True, "create_parents": False} and job.status == "validated"
    detail = client.get(reverse("imports:job-detail", args=[job.pk])).content.decode()
    assert "1 espèce sera ajoutée à la liste : Adansonia digitata." in detail


def test_the_species_seed_adds_the_common_genera_once(org_a):
    from django.core.management import call_command

    from regie.assets.species_seed import GENERA

    call_command("seed_species", "--org", org_a.slug, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_species", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Species.objects.filter(organization=org_a).count() == len(GENERA)
    assert Species.objects.get(organization=org_a, genus="Platanus").common_name == "Platane"
