"""factory_boy factories of maintenance plans; tests and the demo share them."""

import datetime

import factory
from factory.django import DjangoModelFactory

from regie.assets.factories import AssetFactory
from regie.core.factories import OrganizationFactory
from regie.interventions.factories import CategoryFactory, PriorityFactory

from .models import MaintenancePlan


class MaintenancePlanFactory(DjangoModelFactory):
    """A yearly plan (every September) on one asset."""

    class Meta:
        model = MaintenancePlan

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Entretien {n}")
    scope = MaintenancePlan.Scope.ASSET
    asset = factory.SubFactory(AssetFactory, organization=factory.SelfAttribute("..organization"))
    category = factory.SubFactory(CategoryFactory, organization=factory.SelfAttribute("..organization"))
    priority = factory.SubFactory(PriorityFactory, organization=factory.SelfAttribute("..organization"))
    rule = "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1"
    starts_on = factory.LazyFunction(datetime.date.today)
