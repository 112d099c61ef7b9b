"""factory_boy factories of the portal (tests and the demo)."""

import factory
from factory.django import DjangoModelFactory

from regie.core.factories import OrganizationFactory
from regie.interventions.factories import CategoryFactory

from .models import ApplicationKey, CategoryQuestion, PortalSettings, Report, ServiceCategory
from .models.keys import hash_key


class ServiceCategoryFactory(DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    request_category = factory.SubFactory(CategoryFactory, organization=factory.SelfAttribute("..organization"))


class CategoryQuestionFactory(DjangoModelFactory):
    class Meta:
        model = CategoryQuestion

    category = factory.SubFactory(ServiceCategoryFactory)
    organization = factory.SelfAttribute("category.organization")
    code = factory.Sequence(lambda n: f"q{n}")
    label = factory.Sequence(lambda n: f"Question {n}")


class PortalSettingsFactory(DjangoModelFactory):
    class Meta:
        model = PortalSettings

    organization = factory.SubFactory(OrganizationFactory)


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    organization = factory.SubFactory(OrganizationFactory)
    received_by = factory.SelfAttribute("organization")
    category = factory.SubFactory(ServiceCategoryFactory, organization=factory.SelfAttribute("..organization"))
    number = factory.Sequence(lambda n: f"SIG-2000-{n:06d}")  # apart from the numbering service's own numbers
    description = "Lampadaire éteint devant l'école"
    address = "1 place de la Mairie"


class ApplicationKeyFactory(DjangoModelFactory):
    """`key` (the clear key, shown once) is kept on the instance for the tests."""

    class Meta:
        model = ApplicationKey
        exclude = ["key"]

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Application {n}")
    key = factory.Sequence(lambda n: f"test-key-{n:04d}-abcdefghijklmnop")
    prefix = factory.LazyAttribute(lambda o: o.key[:8])
    key_hash = factory.LazyAttribute(lambda o: hash_key(o.key))
