"""Each demo organization's boundary, asset types with their attributes, and species list (ORM records, audited
by the runner)."""

from decimal import Decimal

from shapely.geometry import shape

from ..models import AssetType, AttributeDefinition, OrganizationArea, Species
from .data import TYPES
from .outdoor import TREES_CSV
from .places import boundaries


def area_of(organization, key):
    """The organization's OrganizationArea from the boundary shipped with the demo, bounds as `set_area` sets them."""
    name, geometry, _shape = boundaries()[key]
    min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
    return OrganizationArea(
        organization=organization,
        name=name,
        geometry=geometry,
        tolerance_m=1500,
        min_latitude=_d(min_lat),
        max_latitude=_d(max_lat),
        min_longitude=_d(min_lon),
        max_longitude=_d(max_lon),
    )


def _d(value):
    return Decimal(str(round(value, 6)))


def types_of(demo, organization):
    """The catalogue's types and their attributes for one organization; returns {code: AssetType}."""
    types = [AssetType(organization=organization, code=code, name=name, kind=kind) for code, name, kind, _a in TYPES]
    demo.save(types)
    by_code = {t.code: t for t in types}
    definitions = [
        AttributeDefinition(
            organization=organization,
            asset_type=by_code[code],
            code=a.code,
            label=a.label,
            data_type=a.data_type,
            unit=a.unit,
            choices=list(a.choices),
            position=position * 10,
            minimum=None if a.minimum is None else Decimal(a.minimum),
            maximum=None if a.maximum is None else Decimal(a.maximum),
        )
        for code, _name, _kind, attributes in TYPES
        for position, a in enumerate(attributes)
    ]
    demo.save(definitions)
    return by_code


def species_of(demo, organization):
    """The species of the Paris sample (genus, species, French common name), once each."""
    import csv

    seen = {}
    with TREES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            key = (row["genus"], row["species"])
            if row["genus"] and key not in seen:
                seen[key] = row["common_name"][:120]
    demo.save([Species(organization=organization, genus=g, species=s, common_name=n) for (g, s), n in seen.items()])
