"""The demo's asset registry: boundaries, types, a town's volumes, consistent paths, occupants, meters, sharing."""

import re
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from regie.assets import services, tree
from regie.assets.geometry import metres_outside, parse
from regie.assets.imports import STANDARD_ATTRIBUTES, standard_type
from regie.assets.models import (
    Asset,
    AssetKind,
    AssetType,
    AttributeDefinition,
    Meter,
    MeterReading,
    Occupancy,
    OrganizationArea,
    Species,
)
from regie.assets.selectors import visible_assets
from regie.assets.species_seed import GENERA, species_key
from regie.core.models import AuditEvent, Organization, Share
from regie.demo import generator

pytestmark = pytest.mark.django_db


def org(slug):
    return Organization.objects.get(slug=slug)


@pytest.fixture
def demo():
    return generator.build(seed=11)


def test_the_town_has_a_realistic_registry(demo):
    town = org("villeneuve-sur-regie")
    kinds = Counter(Asset.objects.owned_by(town).values_list("asset_type__kind", flat=True))
    assert kinds["building"] >= 180 and kinds["level"] >= kinds["building"] and kinds["space"] > 1000
    assert kinds["equipment"] > 300 and kinds["tree"] > 4000 and kinds["street_light"] > 3000
    assert kinds["lighting_cabinet"] >= 50 and kinds["green_space"] >= 40 and kinds["road_section"] >= 300
    assert kinds["road_feature"] > 600 and kinds["playground"] >= 20 and kinds["play_item"] >= 60
    assert kinds["site"] >= 12 and kinds["vehicle"] >= 50 and kinds["cemetery"] >= 1
    village = Counter(Asset.objects.owned_by(org("montclar-les-vignes")).values_list("asset_type__kind", flat=True))
    assert 0 < village["building"] < 15 and village["tree"] < 300
    schools = Asset.objects.owned_by(town).get(name="Groupe scolaire Jules-Ferry")
    inside = Counter(Asset.objects.within(schools).values_list("asset_type__kind", flat=True))
    assert inside["building"] == 4 and inside["space"] > 10 and inside["equipment"] > 0


def test_types_have_typed_attributes_and_values_pass_their_checks(demo):
    town = org("villeneuve-sur-regie")
    codes = dict(AssetType.objects.owned_by(town).values_list("code", "kind"))
    assert {"BAT", "ARB", "EP", "JEU", "TRONC", "ARM", "CHAUD", "VEH"} <= set(codes)
    tree_attributes = set(AttributeDefinition.objects.filter(asset_type__organization=town, asset_type__code="ARB")
                          .values_list("code", flat=True))  # fmt: skip
    assert tree_attributes == {"genus", "species", "cultivar", "planting_year", "stage", "height", "circumference",
                               "health", "remarkable", "lifespan"}  # fmt: skip
    area = services.area_of(town)
    for code in ("BAT", "ARB", "EP", "JEU", "TRONC", "PANN", "LOC", "VEH", "EV"):
        for asset in Asset.objects.owned_by(town).filter(asset_type__code=code).select_related("asset_type")[:15]:
            services.prepare(asset, organization=town, area=area)  # the services' own checks (attributes, area)
            asset.full_clean(exclude=["parent", "asset_type", "owner", "department", "organization"])
    platanes = Asset.objects.owned_by(town).filter(attributes__genus="Platanus").count()
    assert platanes > 300
    assert Species.objects.owned_by(town).filter(genus="Platanus").exists()


def test_types_and_species_are_those_the_app_gives_every_organization(demo):
    """The building, tree and street-light types are `imports.standard_type`'s (an import of the Paris trees or of
    a lighting inventory fills them without reporting missing attributes); the species list starts from
    `species_seed.GENERA`."""
    town = org("villeneuve-sur-regie")
    for kind, code in ((AssetKind.TREE, "ARB"), (AssetKind.BUILDING, "BAT"), (AssetKind.STREET_LIGHT, "EP")):
        asset_type = AssetType.objects.owned_by(town).get(code=code)
        attributes = list(asset_type.attributes.order_by("position").values_list("code", flat=True))
        standard = list(STANDARD_ATTRIBUTES[kind])
        assert asset_type.kind == kind and attributes[: len(standard)] == standard
        assert standard_type(town, kind, code=code, name=asset_type.name) == asset_type  # nothing left to add
        assert asset_type.attributes.count() == len(attributes)
    light = Asset.objects.owned_by(town).filter(asset_type__code="EP").first()
    assert set(light.attributes) == {"lamp_type", "power", "cabinet", "height"}
    genera = set(Species.objects.owned_by(town).filter(species="").values_list("genus", flat=True))
    assert {genus for genus, _name in GENERA} <= genera
    keys = [species_key(s.genus, s.species) for s in Species.objects.owned_by(town)]
    assert len(keys) == len(set(keys)) and len(keys) > len(GENERA)
    created = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(AttributeDefinition))
    assert created.filter(object_id__in=AttributeDefinition.objects.owned_by(town).values("pk")).count() == (
        AttributeDefinition.objects.owned_by(town).count()
    )


def test_paths_tokens_and_audit_are_those_of_the_services(demo):
    town = org("villeneuve-sur-regie")
    assets = Asset.objects.owned_by(town)
    by_pk = dict(assets.values_list("pk", "path"))
    for pk, parent_id, path, depth in assets.values_list("pk", "parent_id", "path", "depth"):
        assert path == (by_pk[parent_id] if parent_id else "") + tree.key_of(pk)
        assert depth == path.count("/") - 1
    tokens = list(Asset.objects.values_list("public_id", flat=True))
    assert len(set(tokens)) == len(tokens) and all(re.fullmatch(r"[a-z2-7]{10}", t) for t in tokens)
    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Asset), action="create")
    assert events.filter(channel="import").count() == Asset.objects.count()
    light = assets.filter(asset_type__code="EP").first()
    changes = events.get(object_id=light.pk).changes
    assert changes["code"] == [None, light.code] and changes["path"] == [None, light.path]
    assert changes["attributes"][1]["cabinet"] == light.attributes["cabinet"]
    assert assets.filter(code=light.attributes["cabinet"], asset_type__code="ARM").exists()


def test_geometry_boundaries_and_linear_assets(demo):
    for area in OrganizationArea.objects.filter(organization__slug__in=generator.demo_slugs()):
        shape = parse(area.geometry, types=("Polygon",))[1]
        assert float(area.min_latitude) == pytest.approx(shape.bounds[1], abs=1e-6)
        assets = Asset.objects.owned_by(area.organization).exclude(latitude=None)
        for lat, lon in assets.values_list("latitude", "longitude")[::50]:
            assert metres_outside(shape, lat, lon) <= area.tolerance_m
    town = org("villeneuve-sur-regie")
    section = Asset.objects.owned_by(town).filter(asset_type__code="TRONC").first()
    assert section.geometry["type"] == "LineString" and section.length_m > 100
    assert section.start_reference.startswith("PR ") and section.end_reference.startswith("PR ")
    features = Asset.objects.filter(parent=section, asset_type__kind="road_feature")
    assert features and all(0 <= f.from_m <= f.to_m <= section.length_m for f in features)
    park = Asset.objects.owned_by(town).filter(asset_type__code="EV").first()
    assert park.geometry["type"] == "Polygon" and Asset.objects.filter(parent=park, asset_type__code="ARB").exists()


def test_occupants_meters_owner_and_share(demo):
    town, agglo = org("villeneuve-sur-regie"), org("ca-val-de-regie")
    occupancies = Occupancy.objects.owned_by(town)
    assert occupancies.filter(occupant__kind="school").count() >= 24
    shared = (
        occupancies.filter(occupant__kind="association")
        .values("asset")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("asset")
    )
    assert shared.exists()
    hall = shared.first()["asset"]
    assert sum(occupancies.filter(asset=hall).values_list("floor_share", flat=True)) == 100
    meter = Meter.objects.owned_by(town).filter(kind="electricity").first()
    values = list(MeterReading.objects.filter(meter=meter).order_by("read_at").values_list("value", flat=True))
    assert len(values) == 24 and values == sorted(values)
    gym = Asset.objects.owned_by(agglo).get(name="Gymnase communautaire des Grands Champs")
    assert gym.owner == town
    pool = Asset.objects.owned_by(agglo).get(name="Centre aquatique communautaire")
    assert Share.objects.filter(organization=agglo, target=town, object_id=pool.pk).exists()
    assert visible_assets(town).filter(pk=pool.pk).exists()
    assert not visible_assets(org("beaulieu-la-riviere")).filter(pk=pool.pk).exists()


def test_reset_deletes_the_registry(demo, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo", "--reset", "--history", "0.01", stdout=StringIO())  # the tree's links do not block it
    assert Asset.objects.count() > 10_000 and MeterReading.objects.exists()
