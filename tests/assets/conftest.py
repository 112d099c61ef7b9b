import pytest

from regie.assets.factories import AssetTypeFactory, AttributeDefinitionFactory
from regie.assets.models import AssetKind, AttributeDefinition
from regie.core.permissions import Role


@pytest.fixture
def manager(org_a, make_member):
    return make_member(org_a, Role.MANAGER)


@pytest.fixture
def building_type(org_a):
    kind = AssetTypeFactory(organization=org_a, code="BAT", name="Bâtiment", kind=AssetKind.BUILDING)
    number = AttributeDefinition.DataType.NUMBER
    AttributeDefinitionFactory(
        asset_type=kind, code="floor_area", label="Surface", data_type=number, unit="m²", minimum=0, maximum=100000
    )
    AttributeDefinitionFactory(asset_type=kind, code="year_built", label="Année", data_type=number, required=False)
    AttributeDefinitionFactory(
        asset_type=kind,
        code="erp_category",
        label="Catégorie ERP",
        data_type=AttributeDefinition.DataType.CHOICE,
        choices=["1", "2", "3", "4", "5"],
    )
    return kind


@pytest.fixture
def site_type(org_a):
    return AssetTypeFactory(organization=org_a, code="SITE", name="Site", kind=AssetKind.SITE)
