"""Fixtures of the inspection tests: a small town with a school and a lift, the seeded catalogue."""

import datetime

import pytest

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind
from regie.core.permissions import Role
from regie.interventions.factories import CategoryFactory, standard_priorities
from regie.maintenance.catalogue_seed import seed_catalogue
from regie.maintenance.inspection_factories import building
from regie.maintenance.inspection_services import refresh_obligations


class Site:
    def __init__(self, org, make_member):
        self.org = org
        self.admin = make_member(org, Role.ADMIN)
        self.manager = make_member(org, Role.MANAGER)
        standard_priorities(org)
        self.category = CategoryFactory(organization=org, name="Bâtiment", code="BAT")
        seed_catalogue(org)
        self.school = building(org, "R", "3", name="École élémentaire Pasteur")
        lift_type = AssetTypeFactory(organization=org, kind=AssetKind.EQUIPMENT, code="ASC", name="Ascenseur")
        self.lift = AssetFactory(organization=org, asset_type=lift_type, parent=self.school, name="Ascenseur A")
        refresh_obligations(org)

    def type(self, code):
        from regie.maintenance.models import InspectionType

        return InspectionType.objects.get(organization=self.org, code=code)

    def data(self, code="ERP-ELEC", **overrides):
        return {
            "asset": self.school,
            "inspection_type": self.type(code),
            "inspected_on": datetime.date.today() - datetime.timedelta(days=10),
            "inspector": "Bureau Veritas",
            "outcome": "with_observations",
            **overrides,
        }


@pytest.fixture
def site(org_a, make_member):
    return Site(org_a, make_member)
