"""The insurance summary: insured value by building and in total, buildings without one, disposed assets still
insured; the page, its exports and who may read it."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.insurance import insurance_summary
from regie.assets.models import AssetKind, AssetStatus
from regie.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(org_a, org_b):
    building = AssetTypeFactory(organization=org_a, code="BAT", kind=AssetKind.BUILDING)
    equipment = AssetTypeFactory(organization=org_a, code="EQ", kind=AssetKind.EQUIPMENT)
    school = AssetFactory(organization=org_a, asset_type=building, name="École Jaurès", insured_value="1250000.10")
    gym = AssetFactory(
        organization=org_a,
        asset_type=building,
        name="Gymnase",
        insured_value="800000.05",
        status=AssetStatus.OUT_OF_SERVICE,
    )
    AssetFactory(organization=org_a, asset_type=building, name="Chapelle")  # no insured value
    AssetFactory(
        organization=org_a,
        asset_type=building,
        name="Ancienne poste",
        insured_value="300000",
        status=AssetStatus.DISPOSED,
    )
    AssetFactory(organization=org_a, asset_type=equipment, parent=school, name="Chaudière", insured_value="20000")
    AssetFactory(
        organization=org_a,
        asset_type=equipment,
        name="Tondeuse réformée",
        insured_value="1500",
        status=AssetStatus.DISPOSED,
    )
    AssetFactory(organization=org_a, asset_type=building, name="Archivé", insured_value="5", archived_at=timezone.now())
    AssetFactory(organization=org_b, name="Mairie B", insured_value="999999")  # another organization
    return {"school": school, "gym": gym}


def test_the_summary_lists_and_totals(org_a, registry):
    summary = insurance_summary(org_a)
    names = [asset.name for asset in summary.buildings]
    assert "École Jaurès" in names and "Gymnase" in names and "Chaudière" not in names and "Mairie B" not in names
    expected = sum(asset.insured_value for asset in summary.buildings)
    assert summary.total == expected
    assert Decimal("2050000.15") <= summary.total
    assert [asset.name for asset in summary.uninsured] == ["Chapelle"]
    assert [asset.name for asset in summary.disposed_insured] == ["Ancienne poste", "Tondeuse réformée"]
    assert summary.disposed_total == Decimal("301500.00")


def test_the_page_and_its_exports(org_a, registry, make_member, client_for):
    client = client_for(make_member(org_a, Role.ELECTED))
    page = client.get("/assets/insurance/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "École Jaurès" in html and "Chapelle" in html and "Ancienne poste" in html and "Mairie B" not in html
    answer = client.get("/assets/insurance/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig")), delimiter=";"))
    lists = [row[0] for row in rows[1:]]
    assert lists.count("Bâtiment sans valeur assurée") == 1
    assert lists.count("Sorti du patrimoine, encore assuré") == 2
    assert client.get("/assets/insurance/export.xlsx").status_code == 200


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.AGENT, Role.STOREKEEPER])
def test_who_may_not_read_it(org_a, registry, make_member, client_for, role):
    assert client_for(make_member(org_a, role)).get("/assets/insurance/").status_code == 403
