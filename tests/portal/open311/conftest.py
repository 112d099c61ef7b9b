"""An organization with a small catalogue (one service with questions), an application key and some reports."""

import pytest
from django.core.cache import cache

from regie.core.factories import OrganizationFactory
from regie.portal.factories import ApplicationKeyFactory, CategoryQuestionFactory, ServiceCategoryFactory
from regie.portal.models import CategoryQuestion

KEY = "conformance-key-0001-abcdefghijkl"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def town(db):
    org = OrganizationFactory(name="Saint-Ours", slug="saint-ours", insee_code="73250")
    lighting = ServiceCategoryFactory(
        organization=org, code="ECL", name="Éclairage public en panne", group="Éclairage",
        description="Un lampadaire éteint ou qui clignote", keywords="lampadaire, lumière", position=1,
    )  # fmt: skip
    CategoryQuestionFactory(
        category=lighting, code="clignote", label="Le lampadaire clignote-t-il ?", help="Oui ou non",
        kind=CategoryQuestion.Kind.SINGLE, required=True, position=1,
        choices=[{"key": "oui", "name": "Oui"}, {"key": "non", "name": "Non"}],
    )  # fmt: skip
    CategoryQuestionFactory(
        category=lighting, code="couleur", label="Couleurs du mât", kind=CategoryQuestion.Kind.MULTI, position=2,
        choices=[{"key": "vert", "name": "Vert"}, {"key": "gris", "name": "Gris"}],
    )  # fmt: skip
    ServiceCategoryFactory(organization=org, code="VOI", name="Nid-de-poule", group="Voirie", position=2)
    key = ApplicationKeyFactory(organization=org, key=KEY, requests_per_hour=1000)
    return org, key
