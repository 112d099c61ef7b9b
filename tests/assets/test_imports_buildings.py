"""Building lists and street lights: their own attributes, parents named by name, cabinets by code."""

from decimal import Decimal

import pytest

from regie.assets.models import Asset
from regie.imports import services

from .import_helpers import Town

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def run_in_request(settings):
    settings.REGIE_IMPORT_BACKGROUND_ROWS = 10**6


@pytest.fixture
def town(org_a, admin_a):
    return Town(org_a, admin_a)


def test_a_building_list_with_its_public_access_class_and_parent_sites(town):
    content = (
        "Code bâtiment;Nom;Adresse;Surface (m²);Type ERP;Catégorie ERP;Année de construction;Site;Valeur assurée\n"
        'B01;École Jules Ferry;"12 rue de la Paix";"1 250,5";R;3;1932;Groupe scolaire Ferry;"2 500 000"\n'
        "B02;Gymnase;3 avenue Foch;800;X;4;1975;groupe scolaire ferry;\n"
    )
    job = town.dry_run(
        content, target="assets.buildings", options={"create_parents": True},
        mapping={"code": 0, "name": 1, "address": 2, "floor_area": 3, "erp_type": 4, "erp_category": 5,
                 "year_built": 6, "parent": 7, "insured_value": 8},
    )  # fmt: skip
    assert job.status == "validated", job.report
    job = services.start(job, by=town.admin, commit=True)
    school = Asset.objects.get(code="B01")
    assert school.attributes == {"floor_area": "1250.5", "erp_type": "R", "erp_category": "3", "year_built": "1932"}
    assert school.insured_value == Decimal("2500000") and school.asset_type == town.buildings
    assert school.parent == Asset.objects.get(code="B02").parent and school.parent.name == "Groupe scolaire Ferry"


def test_street_lights_name_their_cabinet_by_code_and_an_unknown_one_is_reported(town):
    Asset.objects.create(organization=town.org, asset_type=town.lights, code="ARM-01", name="Armoire 1", path="x/")
    content = (
        "code;type de lampe;puissance;armoire;lat;lon\n"
        'PL1;LED;"45,5";ARM-01;48,85;2,35\n'  # decimal commas in a ;-separated file
        "PL2;SHP;150;ARM-99;48.85;2.35\n"
    )
    job = town.dry_run(content, target="assets.street_lights")
    assert [(line["row"], line["column"]) for line in job.report] == [(3, "armoire")]
    job = town.dry_run(content.replace("ARM-99", "ARM-01"), target="assets.street_lights")
    assert job.status == "validated"
    services.start(job, by=town.admin, commit=True)
    light = Asset.objects.get(code="PL1")
    assert light.attributes == {"lamp_type": "LED", "power": "45.5", "cabinet": "ARM-01"}
    assert (light.latitude, light.longitude) == (Decimal("48.85"), Decimal("2.35"))
