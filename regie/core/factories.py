"""factory_boy factories of the platform records; tests and the demo generator share them."""

import factory
from factory.django import DjangoModelFactory

from .models import Membership, Organization, User
from .permissions import Role
from .validators import luhn_valid


def siren_for(n: int) -> str:
    """A valid SIREN (Luhn) derived from a number: 8 digits + the check digit."""
    base = f"{(200000000 + n * 7919) % 100000000:08d}"
    for check in range(10):
        if luhn_valid(base + str(check)):
            return base + str(check)
    raise AssertionError("unreachable")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    siren = factory.Sequence(siren_for)
    kind = Organization.Kind.COMMUNE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MANAGER
