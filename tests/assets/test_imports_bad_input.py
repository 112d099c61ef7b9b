"""What towns' files get wrong: each problem reported on its row, in the user's language, nothing written."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regie.assets.models import Asset, Species
from regie.core.models import AuditEvent
from regie.imports import services

from .import_helpers import Town

pytestmark = pytest.mark.django_db

HEADER = "code;nom;genre;espèce;hauteur;coordonnées;type\n"


@pytest.fixture(autouse=True)
def run_in_request(settings):
    settings.REGIE_IMPORT_BACKGROUND_ROWS = 10**6


@pytest.fixture
def town(org_a, admin_a):
    return Town(org_a, admin_a)


def _messages(job):
    return {(line["row"], line["column"]): line["message"] for line in job.report}


def test_every_rows_problem_is_reported_in_french_and_nothing_is_written(town):
    content = HEADER + "\n".join([
        "T1;Platane;Platanus;;12;48.85,2.35;",  # good
        "T2;Tilleul;Tilia;;douze;48.85,2.35;",  # height not a number
        "T3;Érable;Acer;;8;48.85;",  # one coordinate only
        "T4;Chêne;Quercus;;8;45.76,4.83;",  # Lyon: far outside Paris
        "T5;Arbre à palabres;Adansonia;digitata;8;48.85,2.35;",  # unknown species
        "T6;Pin;Pinus;;8;48.85,2.35;Lampadaire",  # unknown type
        "T1;Doublon;Platanus;;8;48.85,2.35;",  # same code as row 2
        "T 8;Code;Platanus;;8;48.85,2.35;",  # a code with a space
        "T9;Hêtre;Fagus;;-3;48.85,2.35;",  # below the minimum
    ])  # fmt: skip
    with translation.override("fr"):
        job = town.dry_run(content)
    assert job.status == "failed"
    messages = _messages(job)
    assert "douze" in messages[(3, "hauteur")]
    assert "latitude" in messages[(4, "coordonnées")].lower()
    assert "375,8 km" in messages[(5, "coordonnées")] and "Paris" in messages[(5, "coordonnées")]
    assert "Adansonia digitata" in messages[(6, "espèce")] and "liste des espèces" in messages[(6, "espèce")]
    assert "Lampadaire" in messages[(7, "type")]
    assert messages[(8, "code")] == "Même valeur qu’à la ligne 2."
    assert (9, "code") in messages
    assert (10, "hauteur") in messages
    assert (2, "code") not in messages and len(job.report) == 8
    assert Asset.objects.count() == 0 and Species.objects.filter(genus="Adansonia").count() == 0


def test_the_commit_is_all_or_nothing(town):
    job = town.dry_run(HEADER + "T1;Platane;Platanus;;12;48.85,2.35;\nT2;Tilleul;Tilia;;8;48.85,2.35;")
    assert job.status == "validated"
    Asset.objects.create(organization=town.org, asset_type=town.buildings, code="T2", name="Un bâtiment")
    job = services.start(job, by=town.admin, commit=True)  # T2 is a building meanwhile: the file cannot pass
    assert job.status == "failed" and job.report[0]["row"] == 3
    assert list(Asset.objects.values_list("code", flat=True)) == ["T2"]
    assert not AuditEvent.objects.filter(content_type__model="asset").exists()


def test_unknown_species_are_added_only_when_the_import_says_so(town):
    content = HEADER + "T1;Baobab;Adansonia;digitata;8;48.85,2.35;\nT2;Baobab;adansonia;Digitata;9;48.86,2.35;"
    job = town.dry_run(content, options={"add_species": True})
    assert job.status == "validated" and job.notes == ["1 espèce sera ajoutée à la liste : Adansonia digitata."]
    assert not Species.objects.filter(genus="Adansonia").exists()
    job = services.start(job, by=town.admin, commit=True)
    assert job.notes == ["1 espèce a été ajoutée à la liste : Adansonia digitata."]
    assert Species.objects.get(genus="Adansonia").species == "digitata"
    assert set(Asset.objects.values_list("attributes__species", flat=True)) == {"digitata"}


def test_a_parent_named_in_the_file_must_exist_unless_the_mapping_creates_it(town):
    header = "code;nom;genre;site\n"
    job = town.dry_run(header + "T1;Platane;Platanus;Parc Montsouris")
    assert _messages(job)[(2, "site")] == "Aucun élément du patrimoine n’a le code ou le nom « Parc Montsouris »."
    park = Asset.objects.create(organization=town.org, asset_type=town.sites, code="P1", name="Parc Montsouris")
    park.path = f"{park.pk:07d}/"
    park.save()
    job = town.imported(header + "T1;Platane;Platanus;PARC MONTSOURIS\nT2;Platane;Platanus;P1")
    assert set(Asset.objects.filter(parent=park).values_list("code", flat=True)) == {"T1", "T2"}


def test_an_asset_cannot_be_made_its_own_ancestor(town):
    header = "code;nom;genre;site\n"
    town.imported(header + "A;Arbre A;Platanus;\n", options={"create_parents": False})
    town.imported("code;nom;type;site\nB;Site B;Site;A\n", target="assets.assets")
    job = town.dry_run("code;nom;type;site\nA;Arbre A;Arbre;B\n", target="assets.assets")
    assert (2, "site") in _messages(job)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "inventaire.csv", "ni un tableau CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "arbres.csv", "ni un tableau CSV"),
        (b"PK\x03\x04 not really a workbook", "arbres.xlsx", "ne peut pas être lu comme un classeur"),
        (b"code\x00;nom\x00\n", "arbres.csv", "ni un tableau CSV"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_at_upload(town, content, name, message):
    with pytest.raises(ValidationError) as error:
        town.upload(content, name=name)
    assert message in " ".join(error.value.messages)


def test_an_oversize_file_is_refused_without_reading_it_all(town):
    class Huge:
        name = "arbres.csv"
        read_sizes = []

        def read(self, size=-1):
            self.read_sizes.append(size)
            return b"code;nom\n" + b"x" * (size - 9)  # what 200 MB would give the first read

    with translation.override("fr"), pytest.raises(ValidationError) as error:
        services.upload(by=town.admin, organization=town.org, target="assets.trees", file=Huge())
    assert "60 Mo" in error.value.messages[0] or "60 MB" in error.value.messages[0]
    assert Huge.read_sizes == [60 * 1024 * 1024 + 1]
