"""Each demo organization's boundary, asset types with their attributes, and species list (ORM records, audited
by the runner). The types and species the app gives every organization come from its own functions
(`imports.standard_type`, `species_seed.seed_species`); the demo adds its catalogue's types and attributes
(`data.TYPES`) and the species of its Paris sample."""

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from shapely.geometry import shape

from ..imports import STANDARD_ATTRIBUTES, standard_type
from ..models import AssetType, AttributeDefinition, OrganizationArea, Species
from ..species_seed import seed_species, species_key
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
    """The catalogue's types and their attributes for one organization; returns {code: AssetType}.

    The building, tree and street-light types are made by `imports.standard_type`, as for any organization that
    imports its inventories (their attributes are those the import targets fill); the demo adds its own attributes
    to them after the standard ones. The other types are the demo's catalogue."""
    with translation.override(settings.LANGUAGE_CODE):  # the standard attributes' labels, in French
        standard = {
            code: standard_type(organization, kind, code=code, name=name)
            for code, name, kind, _a in TYPES
            if kind in STANDARD_ATTRIBUTES
        }
    demo.saved(list(standard.values()))
    demo.saved(list(AttributeDefinition.objects.filter(asset_type__in=standard.values()).order_by("pk")))
    types = [
        AssetType(organization=organization, code=code, name=name, kind=kind)
        for code, name, kind, _a in TYPES
        if code not in standard
    ]
    demo.save(types)
    by_code = {**standard, **{t.code: t for t in types}}
    definitions = [
        AttributeDefinition(
            organization=organization,
            asset_type=by_code[code],
            code=a.code,
            label=a.label,
            data_type=a.data_type,
            unit=a.unit,
            choices=list(a.choices),
            position=(len(STANDARD_ATTRIBUTES.get(kind, ())) + position) * 10,
            minimum=None if a.minimum is None else Decimal(a.minimum),
            maximum=None if a.maximum is None else Decimal(a.maximum),
        )
        for code, _name, kind, attributes in TYPES
        for position, a in enumerate(attributes)
    ]
    demo.save(definitions)
    return by_code


def species_of(demo, organization):
    """The list every organization starts with (`species_seed.seed_species`: common genera), and the species of
    the Paris sample it lacks (genus, species, French common name), once each."""
    import csv

    seed_species(organization)
    have = {species_key(s.genus, s.species) for s in Species.objects.owned_by(organization)}
    added = {}
    with TREES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            key = species_key(row["genus"], row["species"])
            if row["genus"] and key not in have and key not in added:
                added[key] = (row["genus"], row["species"], row["common_name"][:120])
    demo.save([Species(organization=organization, genus=g, species=s, common_name=n) for g, s, n in added.values()])
