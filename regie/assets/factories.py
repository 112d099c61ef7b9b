"""Factories of the asset registry (tests and the demo)."""

import factory

from regie.core.factories import OrganizationFactory

from . import tree
from .models import Asset, AssetKind, AssetType, AttributeDefinition, Meter, Occupancy, Occupant


class AssetTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetType

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Type {n}")
    kind = AssetKind.BUILDING


class AttributeDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributeDefinition

    asset_type = factory.SubFactory(AssetTypeFactory)
    organization = factory.SelfAttribute("asset_type.organization")
    code = factory.Sequence(lambda n: f"attr{n}")
    label = factory.Sequence(lambda n: f"Attribute {n}")
    data_type = AttributeDefinition.DataType.TEXT


class AssetFactory(factory.django.DjangoModelFactory):
    """An asset placed in the tree (its path set after the save, as the services do)."""

    class Meta:
        model = Asset
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    asset_type = factory.SubFactory(AssetTypeFactory, organization=factory.SelfAttribute("..organization"))
    code = factory.Sequence(lambda n: f"A{n:06d}")
    name = factory.Sequence(lambda n: f"Asset {n}")
    parent = None

    @factory.post_generation
    def placed(obj, create, extracted, **kwargs):
        if create:
            tree.place(obj)


class OccupantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupant

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Association {n}")


class OccupancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupancy

    asset = factory.SubFactory(AssetFactory)
    organization = factory.SelfAttribute("asset.organization")
    occupant = factory.SubFactory(OccupantFactory, organization=factory.SelfAttribute("..organization"))
    starts_on = factory.Faker("date_between", start_date="-5y", end_date="-1y")


class MeterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meter

    asset = factory.SubFactory(AssetFactory)
    organization = factory.SelfAttribute("asset.organization")
    name = "Compteur"
    kind = Meter.Kind.ELECTRICITY
    unit = "kWh"
