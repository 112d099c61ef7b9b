"""factory_boy factories of the platform records; tests and the demo generator share them."""

import factory
from factory.django import DjangoModelFactory

from .models import Membership, Organization, User
from .permissions import Role
from .validators import luhn_valid


def with_luhn_digit(digits: str) -> str:
    """`digits` followed by the check digit that makes the whole number pass the Luhn test."""
    for check in "0123456789":
        if luhn_valid(digits + check):
            return digits + check
    raise AssertionError("unreachable")


def siret_for(n: int, establishment: int = 1) -> str:
    """A valid SIRET: a company's valid SIREN (from `n`), then its establishment number (NIC) with the check digit
    that makes the 14 digits pass the Luhn test, as INSEE does."""
    siren = with_luhn_digit(f"{30000000 + n * 104729 % 70000000:08d}")  # companies: not 1 or 2 (public bodies)
    return with_luhn_digit(f"{siren}{establishment:04d}")


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
