"""The registry's rules through its services: codes, typed attributes, the tree, geometry, areas, meters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from regie.assets import services, tree
from regie.assets.factories import MeterFactory
from regie.assets.models import Asset
from regie.assets.selectors import ancestors_of, children_of, owner_choice_ids
from regie.core.exceptions import Conflict, Forbidden
from regie.core.factories import OrganizationFactory
from regie.core.models import AuditEvent
from regie.core.permissions import Role

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.1], [2.0, 48.0]]]}


def make(manager, org, kind, **data):
    return services.create_asset(by=manager, organization=org, data={"name": "École", "asset_type": kind, **data})


def test_a_new_asset_is_numbered_placed_and_audited(org_a, manager, building_type):
    school = make(manager, org_a, building_type, attributes={"floor_area": "1 250,5", "erp_category": "3"})
    assert school.code == "PAT-000001"
    assert school.path == tree.key_of(school.pk) and len(school.path) == 8
    assert school.depth == 0
    assert school.attributes == {"floor_area": "1250.5", "erp_category": "3"}
    assert AuditEvent.objects.filter(object_id=str(school.pk), action="create").exists()


def test_attributes_of_the_wrong_type_or_unknown_are_refused_together(org_a, manager, building_type):
    with pytest.raises(ValidationError) as error:
        make(manager, org_a, building_type, attributes={"floor_area": "big", "erp_category": "7", "colour": "red"})
    messages = " ".join(error.value.message_dict["attributes"])
    assert "big" in messages and "7" in messages and "colour" in messages
    assert not Asset.objects.exists()


def test_a_requester_may_not_register(org_a, make_member, building_type):
    with pytest.raises(Forbidden):
        make(make_member(org_a, Role.REQUESTER), org_a, building_type)


def test_subtrees_moves_and_loops(org_a, manager, building_type, site_type):
    campus = make(manager, org_a, site_type, name="Campus")
    school = make(manager, org_a, building_type, name="École", parent=campus)
    room = make(manager, org_a, building_type, name="Salle 1", parent=school)
    other = make(manager, org_a, site_type, name="Autre site")
    assert set(Asset.objects.within(campus)) == {campus, school, room}
    assert [a.pk for a in ancestors_of(room)] == [campus.pk, school.pk]
    assert room.depth == 2 and room.path.startswith(school.path)

    services.update_asset(school, by=manager, data={"parent": other})
    room.refresh_from_db()
    assert room.path.startswith(other.path) and room.depth == 2
    assert set(Asset.objects.within(campus)) == {campus}
    assert list(children_of(org_a, None).filter(pk=other.pk).values_list("has_children", flat=True)) == [True]

    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.update_asset(other, by=manager, data={"parent": room})  # its own descendant
    assert "inside itself" in str(error.value.message_dict["parent"])
    other.refresh_from_db()
    assert other.parent_id is None


def test_an_asset_with_parts_is_not_archived(org_a, manager, building_type, site_type):
    campus = make(manager, org_a, site_type, name="Campus")
    make(manager, org_a, building_type, parent=campus)
    with pytest.raises(Conflict):
        services.archive_asset(campus, by=manager)


def test_a_parent_of_another_organization_is_refused(org_a, manager, building_type):
    from regie.assets.factories import AssetFactory

    foreign = AssetFactory(organization=OrganizationFactory())
    with pytest.raises(ValidationError):
        make(manager, org_a, building_type, parent=foreign)


def test_geometry_checked_and_point_derived(org_a, manager, building_type):
    school = make(manager, org_a, building_type, geometry=SQUARE)
    assert Decimal("48.0") < school.latitude < Decimal("48.1") and Decimal("2.0") < school.longitude < Decimal("2.1")
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    for bad in (
        bow_tie,
        {"type": "Polygon", "coordinates": "x"},
        {"type": "Circle"},
        "{not json",
        SQUARE | {"coordinates": [[[200, 0], [201, 0], [201, 1], [200, 0]]]},
    ):
        with pytest.raises(ValidationError) as error:
            make(manager, org_a, building_type, geometry=bad)
        assert "geometry" in error.value.message_dict


def test_a_road_section_gets_its_length_from_its_line(org_a, manager):
    from regie.assets.factories import AssetTypeFactory
    from regie.assets.models import AssetKind

    road = AssetTypeFactory(organization=org_a, kind=AssetKind.ROAD_SECTION)
    line = {"type": "LineString", "coordinates": [[2.0, 48.0], [2.0, 48.01]]}
    section = make(manager, org_a, road, name="Rue de la Paix", geometry=line)
    assert Decimal(1100) < section.length_m < Decimal(1120)


def test_coordinates_far_outside_the_area_are_refused(org_a, manager, building_type, make_member):
    admin = make_member(org_a, Role.ADMIN)
    services.set_area(by=admin, organization=org_a, name="Commune A", geometry={"type": "Feature", "geometry": SQUARE})
    make(manager, org_a, building_type, latitude=Decimal("48.05"), longitude=Decimal("2.05"))  # inside
    make(manager, org_a, building_type, latitude=Decimal("48.11"), longitude=Decimal("2.05"))  # 1.1 km out: tolerance
    with pytest.raises(ValidationError) as error:
        make(manager, org_a, building_type, latitude=Decimal("45.76"), longitude=Decimal("4.83"))  # Lyon
    assert "km" in error.value.message_dict["latitude"][0]


def test_owner_is_the_organization_its_epci_or_a_fellow_commune(org_a, manager, building_type):
    epci = OrganizationFactory(kind="ca")
    org_a.epci = epci
    org_a.save()
    fellow, stranger = OrganizationFactory(epci=epci), OrganizationFactory()
    assert owner_choice_ids(org_a) == {org_a.pk, epci.pk, fellow.pk}
    assert make(manager, org_a, building_type, owner=fellow).owner == fellow
    with pytest.raises(ValidationError):
        make(manager, org_a, building_type, owner=stranger)


def test_cumulative_meter_readings_only_grow(org_a, manager, building_type):
    meter = MeterFactory(asset=make(manager, org_a, building_type))
    now = timezone.now()
    services.record_reading(meter, by=manager, read_at=now - datetime.timedelta(days=2), value=Decimal(100))
    services.record_reading(meter, by=manager, read_at=now, value=Decimal(150))
    with pytest.raises(ValidationError):
        services.record_reading(meter, by=manager, read_at=now - datetime.timedelta(days=1), value=Decimal(90))
    with pytest.raises(ValidationError):
        services.record_reading(meter, by=manager, read_at=now - datetime.timedelta(days=1), value=Decimal(160))
    assert meter.readings.count() == 2
