from .areas import OrganizationArea
from .assets import Asset, AssetQuerySet, AssetStatus, new_public_id
from .meters import Meter, MeterReading
from .occupancy import Occupancy, Occupant
from .species import Species
from .transfers import AssetTransfer
from .types import ALONG_KINDS, LINEAR_KINDS, AssetKind, AssetType, AttributeDefinition

__all__ = [
    "ALONG_KINDS",
    "LINEAR_KINDS",
    "Asset",
    "AssetKind",
    "AssetQuerySet",
    "AssetStatus",
    "AssetTransfer",
    "AssetType",
    "AttributeDefinition",
    "Meter",
    "MeterReading",
    "Occupancy",
    "Occupant",
    "OrganizationArea",
    "Species",
    "new_public_id",
]
