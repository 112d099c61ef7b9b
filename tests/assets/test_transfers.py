"""Handing an asset's management to another organization of the agglomeration: subtree, history, meters, share."""

import pytest
from django.core.exceptions import ValidationError

from regie.assets import services
from regie.assets.factories import MeterFactory, OccupancyFactory
from regie.assets.models import Asset, AssetType, AttributeDefinition, Meter
from regie.assets.transfers import transfer_management
from regie.core.factories import OrganizationFactory
from regie.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def agglomeration(org_a):
    epci = OrganizationFactory(kind="ca", name="Agglo")
    org_a.epci = epci
    org_a.save()
    return epci


def test_a_gym_and_its_contents_move_to_the_agglomeration(org_a, manager, building_type, site_type, agglomeration):
    gym = services.create_asset(by=manager, organization=org_a, data={"name": "Gymnase", "asset_type": site_type})
    hall = services.create_asset(
        by=manager, organization=org_a, data={"name": "Salle", "asset_type": building_type, "parent": gym}
    )
    meter = MeterFactory(asset=hall)
    transfer = transfer_management(gym, by=manager, to=agglomeration, reason="Transfert de compétence sport")
    gym.refresh_from_db()
    hall.refresh_from_db()
    assert (gym.organization, hall.organization, gym.owner, hall.owner) == (agglomeration,) * 2 + (org_a,) * 2
    assert hall.path.startswith(gym.path) and gym.depth == 0 and hall.depth == 1
    copied = AssetType.objects.get(organization=agglomeration, code=building_type.code)
    assert hall.asset_type == copied
    assert set(AttributeDefinition.objects.filter(asset_type=copied).values_list("code", flat=True)) == {
        "floor_area", "year_built", "erp_category"
    }  # fmt: skip
    assert Meter.objects.get(pk=meter.pk).organization == agglomeration
    assert AuditEvent.objects.filter(object_id=hall.pk, organization=agglomeration, action="create").exists()
    assert transfer.moved == 2 and transfer.from_organization == org_a
    # the commune still sees them (its past requests name them), read-only through the share
    assert set(Asset.objects.for_org(org_a).values_list("pk", flat=True)) >= {gym.pk, hall.pk}
    assert not Asset.objects.owned_by(org_a).filter(pk=gym.pk).exists()


def test_outside_the_agglomeration_colliding_codes_or_occupied_premises_are_refused(
    org_a, manager, building_type, agglomeration
):
    school = services.create_asset(by=manager, organization=org_a, data={"name": "École", "asset_type": building_type})
    with pytest.raises(ValidationError):
        transfer_management(school, by=manager, to=OrganizationFactory(), reason="x")
    with pytest.raises(ValidationError):
        transfer_management(school, by=manager, to=agglomeration, reason="  ")
    OccupancyFactory(asset=school)
    with pytest.raises(ValidationError) as error:
        transfer_management(school, by=manager, to=agglomeration, reason="Transfert")
    assert "to" in error.value.message_dict
    school.refresh_from_db()
    assert school.organization == org_a
