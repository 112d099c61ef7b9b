"""factory_boy factories of the people app; tests and the demo generator share them."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from regie.core.factories import OrganizationFactory
from regie.core.models import Share

from .models import Absence, Agent, Contractor, Department, Skill, Team


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    kind = Department.Kind.REQUESTING


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"Métier {n}")
    hourly_rate = Decimal("38.50")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Équipe {n}")


class AgentFactory(DjangoModelFactory):
    class Meta:
        model = Agent
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    employee_number = factory.Sequence(lambda n: f"M{n:05d}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    weekly_hours = Decimal("35.0")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class ContractorFactory(DjangoModelFactory):
    class Meta:
        model = Contractor

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Entreprise {n}")


class AbsenceFactory(DjangoModelFactory):
    """A day of leave next week (from 00:00 to the next midnight, in the active time zone)."""

    class Meta:
        model = Absence

    organization = factory.SubFactory(OrganizationFactory)
    agent = factory.SubFactory(AgentFactory, organization=factory.SelfAttribute("..organization"))
    kind = Absence.Kind.LEAVE
    start = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=7), datetime.time())
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=1))


class ShareFactory(DjangoModelFactory):
    """Sharing of a record (`resource`, by default a contractor of the owner) with another organization."""

    class Meta:
        model = Share

    organization = factory.SubFactory(OrganizationFactory)
    target = factory.SubFactory(OrganizationFactory)
    resource = factory.SubFactory(ContractorFactory, organization=factory.SelfAttribute("..organization"))
    rights = Share.Rights.VIEW
