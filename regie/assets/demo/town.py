"""One demo organization's registry: its reference records, then its assets by volume (the town's whole
catalogue, a fifth of it in the mid-size town, a few in the village), the agglomeration's own equipment."""

from django.utils import timezone

from regie.demo.data import SCHOOLS

from .buildings import Buildings
from .catalogue import catalogue
from .occupants import meters, occupy, share_with
from .outdoor import Outdoor
from .places import Ground
from .reference import area_of, species_of, types_of
from .registry import Registry

SHARE = {"town": 1.0, "mid": 0.2, "village": 0.03, "agglo": 0.04}
SCHOOL_COUNT = {"town": len(SCHOOLS), "mid": 3, "village": 1, "agglo": 0}
# The agglomeration's buildings: (name, ERP type, category, levels, rooms per level, department, owned by)
AGGLO_BUILDINGS = (
    ("Centre aquatique communautaire", "X", "2", (2, 2), (8, 12), "AQUA", None),
    ("Gymnase communautaire des Grands Champs", "X", "3", (1, 2), (4, 8), "MUTUAL", "town"),
    ("Pépinière d'entreprises", "W", "4", (2, 3), (8, 12), "ECO", None),
    ("Siège de la communauté d'agglomération", "W", "3", (3, 3), (8, 12), "DGS", None),
    ("Déchetterie des Prés", "", "", (1, 1), (2, 4), "DECHETS", None),
    ("Station d'épuration de la Régie", "", "", (1, 2), (3, 6), "EAU", None),
    ("Château d'eau des Coteaux", "", "", (1, 1), (1, 2), "EAU", None),
)


def build_registry(demo, key, org):
    organization, rng = org.organization, demo.rng("assets", key)
    today = timezone.localdate()
    demo.save([area_of(organization, key)])
    types = types_of(demo, organization)
    species_of(demo, organization)
    registry = Registry(organization, types)
    ground = Ground(key, rng)
    share = SHARE[key] * (demo.scale if org.spec.scales else 1)
    buildings = Buildings(registry, ground, rng, org, share, today)
    schools = [SCHOOLS[i % len(SCHOOLS)] + (f" {i // len(SCHOOLS) + 1}" if i >= len(SCHOOLS) else "")
               for i in range(demo.scaled(org.spec, SCHOOL_COUNT[key]))]  # fmt: skip
    owned = []
    if key == "agglo":
        for name, erp, category, levels, rooms, department, owner in AGGLO_BUILDINGS:
            row = buildings.building(name, ground.point(0.6), erp, category, levels, rooms, department)
            if owner:
                row["owner_id"] = demo.orgs[owner].organization.pk
            owned.append(row)
    else:
        buildings.build(schools)
    outdoor = Outdoor(registry, ground, rng, org, share, today)
    outdoor.build()
    written = registry.write()
    occupancies = occupy(demo, org, buildings.buildings, rng, today)
    linkable = catalogue(registry.assets, occupancies)
    meter_count = meters(demo, registry, buildings.buildings, outdoor.vehicles, rng, today)
    registry.write_readings()
    if key == "agglo":
        share_with(demo, owned[0], organization, demo.orgs["town"].organization)
    return {
        "assets": written,
        "occupancies": len(occupancies),
        "meters": meter_count,
        "readings": len(registry.readings),
        "catalogue": linkable,  # what later steps may point at (`catalogue.Catalogue`)
    }


__all__ = ["build_registry"]
