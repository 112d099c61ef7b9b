"""factory_boy factories of the inspection records (tests, benchmark)."""

import datetime

import factory

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind
from regie.core.factories import OrganizationFactory

from .models import Inspection, InspectionType, Observation, Outcome, PeriodicityRule


class InspectionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionType

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"CTR{n:04d}")
    name = factory.Sequence(lambda n: f"Contrôle {n}")
    asset_kind = AssetKind.BUILDING
    periodicity = 12
    legal_reference = "Arrêté du 25 juin 1980"


class PeriodicityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodicityRule

    organization = factory.SubFactory(OrganizationFactory)
    inspection_type = factory.SubFactory(InspectionTypeFactory, organization=factory.SelfAttribute("..organization"))
    erp_types = "R"
    erp_categories = "1234"
    months = 24


def building(organization, erp_type="R", category="3", **fields):
    """A building of `organization` with its public-access type and category."""
    asset_type = AssetTypeFactory(organization=organization, kind=AssetKind.BUILDING)
    return AssetFactory(
        organization=organization,
        asset_type=asset_type,
        attributes={"erp_type": erp_type, "erp_category": category},
        **fields,
    )


class InspectionFactory(factory.django.DjangoModelFactory):
    """An inspection written directly (for lists and reads; the services' rules are tested through them)."""

    class Meta:
        model = Inspection

    organization = factory.SubFactory(OrganizationFactory)
    inspection_type = factory.SubFactory(InspectionTypeFactory, organization=factory.SelfAttribute("..organization"))
    asset = factory.LazyAttribute(lambda o: building(o.organization))
    number = factory.Sequence(lambda n: f"CTF-{n:06d}")
    inspected_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    inspector = "Bureau de contrôle"
    outcome = Outcome.WITH_OBSERVATIONS
    next_due_on = factory.LazyAttribute(lambda o: o.inspected_on + datetime.timedelta(days=365))


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    organization = factory.SubFactory(OrganizationFactory)
    inspection = factory.SubFactory(InspectionFactory, organization=factory.SelfAttribute("..organization"))
    text = factory.Sequence(lambda n: f"Bloc de secours hors service n° {n}")
