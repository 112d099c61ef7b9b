"""What later demo steps may point at in one organization's registry, once written: the assets by type, each
building's rooms and equipment, the buildings each department occupies or is responsible for (no query).

The interventions history links its requests to these (`regie/interventions/demo/request_assets.py`). Each entry
carries the place text and point a person choosing the asset with the asset picker leaves on the request: the
asset's address, else its name (a room's or level's after its building's name, which its own lacks), and its point,
else its building's."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

EQUIPMENT_TYPES = ("CHAUD", "CTA", "ECS", "SSI", "ASC", "EXT")
INSIDE = ("NIV", "LOC", *EQUIPMENT_TYPES)  # what stands inside a building


@dataclass(frozen=True, slots=True)
class Linkable:
    """An asset a request may name: its id, type code, name, and the place and point the picker fills."""

    pk: int
    type_code: str
    name: str
    place: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass(slots=True)
class BuildingParts:
    building: Linkable
    rooms: list = field(default_factory=list)
    equipment: dict = field(default_factory=lambda: defaultdict(list))  # type code → [Linkable]


@dataclass
class Catalogue:
    by_type: dict = field(default_factory=lambda: defaultdict(list))  # type code → [Linkable]
    buildings: dict = field(default_factory=dict)  # building pk → BuildingParts
    by_department: dict = field(default_factory=lambda: defaultdict(list))  # department pk → [building pk]
    by_name: dict = field(default_factory=lambda: defaultdict(list))  # building or site name → [building pk]


def catalogue(rows, occupancies=()):
    """The catalogue of written registry rows (parents before children, as `Registry.write` leaves them) and of
    the occupancies saved on their buildings."""
    result = Catalogue()
    by_id = {row["id"]: row for row in rows}
    building_of = {}  # asset id → id of the building it stands in (itself for a building)
    for row in rows:
        values, code = row["values"], row["type"]
        parent_id = values["parent_id"]
        if code == "BAT":
            building_of[row["id"]] = row["id"]
        elif code in INSIDE and parent_id in building_of:
            building_of[row["id"]] = building_of[parent_id]
        building = by_id[building_of[row["id"]]] if row["id"] in building_of else None
        latitude, longitude = values.get("latitude"), values.get("longitude")
        if latitude is None and building is not None:
            latitude, longitude = building["values"].get("latitude"), building["values"].get("longitude")
        place = values.get("address") or row["name"]
        inside = building is not None and building is not row and not values.get("address")
        if inside and building["name"] not in row["name"]:
            place = f"{building['name']}, {row['name']}"
        item = Linkable(row["id"], code, row["name"], place[:200], latitude, longitude)
        result.by_type[code].append(item)
        if code == "BAT":
            result.buildings[row["id"]] = BuildingParts(item)
            result.by_name[row["name"]].append(row["id"])
            if parent_id in by_id:
                result.by_name[by_id[parent_id]["name"]].append(row["id"])  # a school group's buildings
            if values.get("department_id"):
                result.by_department[values["department_id"]].append(row["id"])
        elif building is not None and code == "LOC":
            result.buildings[building["id"]].rooms.append(item)
        elif building is not None and code in EQUIPMENT_TYPES:
            result.buildings[building["id"]].equipment[code].append(item)
    for occupancy in occupancies:
        department_id, pk = occupancy.occupant.department_id, occupancy.asset_id
        if department_id and pk in result.buildings and pk not in result.by_department[department_id]:
            result.by_department[department_id].append(pk)
    return result
