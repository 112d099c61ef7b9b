import pytest

from regie.portal.factories import ReportFactory, ServiceCategoryFactory
from tests.interventions.conftest import Town


@pytest.fixture
def town(org_a, make_member):
    town = Town(org_a, make_member)
    town.service = ServiceCategoryFactory(organization=org_a, request_category=town.category, name="Éclairage")
    town.report = lambda **kw: ReportFactory(organization=org_a, category=town.service, **kw)
    return town
