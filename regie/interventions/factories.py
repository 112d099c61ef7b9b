"""factory_boy factories of the interventions app; tests and the demo generator share them."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from regie.core.factories import OrganizationFactory

from .models import BudgetLine, Category, CostCode, Priority

# The priorities a town usually works with: (code, name, rank, response hours, resolution hours)
# code, name, rank, response hours, resolution hours, in working days (72 h = 3 working days)
STANDARD_PRIORITIES = (
    ("P1", "Urgente (sécurité)", 1, 2, 24, False),
    ("P2", "Haute", 2, 24, 72, False),
    ("P3", "Normale", 3, 72, 360, True),
    ("P4", "Basse", 4, 168, 1440, True),
)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"Catégorie {n}")


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Priorité {n}")
    rank = 3
    response_hours = 72
    resolution_hours = 360


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"615221-{n}")
    name = "Entretien et réparations de bâtiments publics"
    amount = Decimal("50000.00")


class CostCodeFactory(DjangoModelFactory):
    class Meta:
        model = CostCode

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"EVT-{n}")
    name = "Fête nationale du 14 juillet"


def standard_priority_fields():
    """The fields of the standard priorities (for the factories and the demo)."""
    names = ("code", "name", "rank", "response_hours", "resolution_hours", "working_days_only")
    return [dict(zip(names, row, strict=True)) for row in STANDARD_PRIORITIES]


def standard_priorities(organization):
    return [Priority.objects.create(organization=organization, **fields) for fields in standard_priority_fields()]
