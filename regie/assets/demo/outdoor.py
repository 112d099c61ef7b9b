"""Outdoor assets of a demo organization: roads (sections with their signs, rails and markings located by distance
from their start), street lights and their cabinets, green spaces, trees (genera, species, heights and
circumferences from the Paris open-data inventory, placed inside the organization's boundary), playgrounds and
their items, sports grounds, cemeteries, car parks, fountains, vehicles."""

import csv
import datetime
import math
from decimal import Decimal
from functools import cache
from pathlib import Path

from shapely.geometry import LineString, Point, shape

from ..geometry import length_metres
from .buildings import STREETS
from .data import HEALTH, INSTALLERS, LIFESPAN, PLAY_ITEMS, QUARTERS, SIGNS
from .places import along, decimal

# 2,000 trees drawn from the Paris inventory (opendata.paris.fr "Les arbres", ODbL): genus, species, cultivar,
# common name, circumference, height, stage.
TREES_CSV = Path(__file__).with_name("paris_trees.csv")
STAGES = {"Jeune (arbre)": "Jeune", "Jeune (arbre)Adulte": "Jeune adulte", "Adulte": "Adulte", "Mature": "Mature"}
FALLBACK_TREES = (
    ("Platanus", "x hispanica", "", 120, 14),
    ("Tilia", "cordata", "", 90, 11),
    ("Acer", "platanoides", "", 70, 9),
    ("Aesculus", "hippocastanum", "", 140, 15),
)
PARKS = ("Parc", "Square", "Jardin", "Espace vert", "Coulée verte", "Mail planté")


@cache
def paris_trees():
    """(genus, species, cultivar, circumference cm, height m, stage) of the Paris sample shipped with the demo."""
    rows = []
    with TREES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            genus = row["genus"]
            if not genus or genus.lower() in ("non spécifié", "inconnu"):
                continue
            circumference, height = _int(row["circumference_cm"], 1500), _int(row["height_m"], 45)
            stage = STAGES.get(row["stage"], "")
            rows.append((genus, row["species"], row["cultivar"], circumference, height, stage))
    return rows or [(*tree, "") for tree in FALLBACK_TREES]


def _int(text, limit):
    try:
        value = int(float(text))
    except ValueError:
        return 0
    return value if 0 < value <= limit else 0


class Outdoor:
    def __init__(self, registry, ground, rng, org, share, today):
        self.reg, self.ground, self.rng, self.org, self.share, self.today = registry, ground, rng, org, share, today
        self.count = lambda n, least=0: max(round(n * share), least)
        self.sections = []

    def build(self):
        self.roads()
        self.lighting()
        self.green_spaces()
        self.street_trees()
        self.places()

    def _dep(self, *codes):
        return next((self.org.departments[c].pk for c in codes if c in self.org.departments), None)

    def roads(self):
        rng, network = self.rng, self.reg.add("SITE", "Réseau de voirie", department_id=self._dep("VOIRIE", "ST"))
        names = [f"{street[0].upper()}{street[1:]}" for street in STREETS] + [f"Rue {q}" for q in QUARTERS]
        for index in range(self.count(320, 3)):
            street = names[index % len(names)]
            points = self.ground.street(rng.uniform(150, 700), rng.randint(2, 4))
            line = LineString(points)
            length = round(length_metres(line), 2)
            start = rng.randint(0, 4) * 1000 + rng.randint(0, 999)
            section = self.reg.add(
                "TRONC",
                f"{street} — tronçon {index // len(names) + 1}",
                parent=network,
                geometry={"type": "LineString", "coordinates": [list(p) for p in points]},
                latitude=decimal(along(points, 0.5)[1]),
                longitude=decimal(along(points, 0.5)[0]),
                length_m=Decimal(str(length)),
                start_reference=_pr(start),
                end_reference=_pr(start + int(length)),
                department_id=self._dep("VOIRIE", "ST"),
                attributes={
                    "surface": rng.choice(("Enrobé", "Enrobé", "Enrobé", "Béton", "Pavés")),
                    "width": str(rng.choice((5, 6, 7, 8, 10, 12))),
                },
            )
            section["_points"], section["_street"] = points, street
            self.sections.append(section)
            for _ in range(rng.randint(2, 6)):
                self.feature(section, points, length)

    def feature(self, section, points, length):
        rng = self.rng
        kind = rng.choice(("PANN", "PANN", "PANN", "GLISS", "MARQ", "MARQ"))
        start = round(rng.uniform(0, length * 0.9), 2)
        end = start if kind == "PANN" else round(min(length, start + rng.uniform(5, 80)), 2)
        lon, lat = along(points, start / length if length else 0)
        attributes = {
            "PANN": {"sign": rng.choice(SIGNS)},
            "GLISS": {},
            "MARQ": {"marking": rng.choice(("Passage piéton", "Ligne continue", "Stationnement"))},
        }[kind]
        label = {"PANN": f"Panneau {attributes.get('sign', '')}", "GLISS": "Glissière", "MARQ": "Marquage"}[kind]
        self.reg.add(
            kind,
            f"{label} — {section['_street']} à {int(start)} m",
            parent=section,
            from_m=Decimal(str(start)),
            to_m=Decimal(str(end)),
            latitude=decimal(lat),
            longitude=decimal(lon),
            attributes=attributes,
        )

    def lighting(self):
        rng, department = self.rng, self._dep("ECL", "VOIRIE", "ST")
        root = self.reg.add("SITE", "Éclairage public — armoires", department_id=department)
        cabinets = []
        for _index in range(self.count(60, 1)):
            lon, lat = self.ground.point(0.85)
            cabinet = self.reg.add(
                "ARM",
                f"Armoire {self.reg.codes.get('ARM', 0) + 1:03d}",
                parent=root,
                latitude=decimal(lat),
                longitude=decimal(lon),
                department_id=department,
                attributes={"circuits": str(rng.randint(2, 8))},
            )
            cabinet["_point"] = Point(lon, lat)
            cabinets.append(cabinet)
        spacing = 30 / max(self.share, 0.2) ** 0.1
        for section in self.sections:
            start = Point(section["_points"][0])
            cabinet = min(cabinets, key=lambda c: c["_point"].distance(start))
            lamps = rng.choice(("LED", "LED", "Sodium haute pression", "Iodures métalliques"))
            power = {"LED": 40, "Sodium haute pression": 100, "Iodures métalliques": 70}[lamps]
            count = max(int(float(section["length_m"]) / spacing), 1)
            for number in range(count):
                lon, lat = along(section["_points"], (number + 0.5) / count)
                self.reg.add(
                    "EP",
                    f"Point lumineux {number + 1} — {section['_street']}",
                    parent=section,
                    latitude=decimal(lat),
                    longitude=decimal(lon),
                    department_id=department,
                    attributes={"lamp_type": lamps, "power": str(power), "cabinet": cabinet["code"], "height": "8"},
                )

    def green_spaces(self):
        rng, department = self.rng, self._dep("EV", "ST")
        self.parks = []
        for index in range(self.count(45, 1)):
            lon, lat = self.ground.point(0.8)
            radius = rng.choice((25, 40, 60, 90, 140))
            outline = self.ground.outline(lon, lat, radius, sides=rng.randint(6, 10))
            area = round(math.pi * radius * radius)
            name = f"{rng.choice(PARKS)} {QUARTERS[index % len(QUARTERS)]}"
            park = self.reg.add(
                "EV",
                name,
                geometry=outline,
                latitude=decimal(lat),
                longitude=decimal(lon),
                department_id=department,
                attributes={
                    "area": str(area),
                    "management": rng.choice(("Jardiné", "Rustique", "Prestige", "Naturel")),
                },
            )
            park["_shape"] = shape(outline)
            self.parks.append(park)
            for _ in range(max(int(area / 450 * min(self.share * 3, 1)), 1)):
                self.tree(park, *self._inside(park["_shape"]))
            if index % 2 == 0:
                self.playground(park, lon, lat)

    def _inside(self, area):
        min_x, min_y, max_x, max_y = area.bounds
        while True:
            lon, lat = self.rng.uniform(min_x, max_x), self.rng.uniform(min_y, max_y)
            if area.contains(Point(lon, lat)):
                return round(lon, 6), round(lat, 6)

    def street_trees(self):
        wanted = self.count(3600, 10)
        sections = [s for s in self.sections if s["attributes"].get("width") in ("8", "10", "12")] or self.sections
        per_section = max(wanted // len(sections), 1)
        for section in sections:
            for number in range(per_section):
                lon, lat = along(section["_points"], (number + 0.25) / per_section)
                self.tree(section, lon + 0.00005, lat + 0.00004)

    def tree(self, parent, lon, lat):
        rng = self.rng
        genus, species, cultivar, circumference, height, stage = rng.choice(paris_trees())
        if not stage and circumference:
            stage = "Jeune" if circumference < 40 else "Adulte" if circumference < 150 else "Mature"
        planted = self.today.year - max(int(circumference / 2.5), 2) if circumference else None
        health = rng.choices(HEALTH, (60, 25, 9, 5, 1))[0]
        lifespan = LIFESPAN[min(HEALTH.index(health), 3)] if rng.random() < 0.8 else rng.choice(LIFESPAN)
        self.reg.add(
            "ARB",
            f"{genus} {species}".strip(),
            parent=parent,
            code=self.reg.code("ARB", 6),
            latitude=decimal(lat),
            longitude=decimal(lon),
            department_id=self._dep("EV", "ST"),
            attributes={
                "genus": genus,
                "species": species,
                "cultivar": cultivar,
                "stage": stage,
                "health": health,
                "planting_year": str(max(planted, 1850)) if planted else None,
                "lifespan": lifespan,
                "height": str(height) if height else None,
                "circumference": str(circumference) if circumference else None,
            },
        )

    def playground(self, park, lon, lat):
        rng = self.rng
        ground = self.reg.add(
            "AJ",
            f"Aire de jeux — {park['name']}",
            parent=park,
            latitude=decimal(lat),
            longitude=decimal(lon),
            department_id=self._dep("MOBURB", "EV", "ST"),
            attributes={"fenced": rng.random() < 0.7},
        )
        installer = rng.choice(INSTALLERS)
        for name in rng.sample(PLAY_ITEMS, rng.randint(3, 7)):
            near = self.ground.near(lon, lat, 12)
            self.reg.add(
                "JEU",
                f"{name} — {park['name']}",
                parent=ground,
                latitude=decimal(near[1]),
                longitude=decimal(near[0]),
                in_service_on=datetime.date(rng.randint(2005, 2024), rng.randint(1, 12), 1),
                attributes={
                    "standard": "NF EN 1176-1",
                    "installer": installer,
                    "ages": rng.choice(("2-6 ans", "3-8 ans", "6-12 ans")),
                },
            )

    def places(self):
        rng = self.rng
        for kind, label, count, extra in (
            ("TERR", "Terrain de football", 8, {"surface": "Gazon naturel"}),
            ("TERR", "Terrain multisports", 6, {"surface": "Résine"}),
            ("CIM", "Cimetière", 3, {"plots": "2400"}),
            ("PARK", "Parking", 18, {"spaces": "120"}),
            ("FONT", "Fontaine", 8, {}),
        ):
            for index in range(self.count(count, 1 if kind == "CIM" else 0)):
                lon, lat = self.ground.point(0.8)
                name = f"{label} {QUARTERS[(index * 5 + len(label)) % len(QUARTERS)]}"
                outline = self.ground.outline(lon, lat, 50 if kind != "FONT" else 3)
                self.reg.add(
                    kind,
                    name,
                    geometry=outline,
                    latitude=decimal(lat),
                    longitude=decimal(lon),
                    department_id=self._dep("SPORTEQ", "CIMET", "VOIRIE", "ST"),
                    attributes=extra,
                )
        garage = self.reg.add("SITE", "Parc automobile", department_id=self._dep("GARAGE", "ST"))
        self.vehicles = []
        models = (
            ("Renault Master", "Gazole"),
            ("Renault Kangoo E-Tech", "Électrique"),
            ("Peugeot Partner", "Gazole"),
            ("Iveco Daily benne", "Gazole"),
            ("Tracteur Kubota", "Gazole"),
            ("Balayeuse Schmidt", "GNV"),
        )
        for index in range(self.count(70, 1)):
            model, fuel = models[index % len(models)]
            year = rng.randint(2010, 2025)
            plate = f"{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}-{rng.randint(100, 999)}-{rng.choice('KLMNPQ')}{rng.choice('RSTVXZ')}"  # noqa: E501
            vehicle = self.reg.add(
                "VEH",
                f"{model} {plate}",
                parent=garage,
                in_service_on=datetime.date(year, rng.randint(1, 12), 1),
                department_id=self._dep("GARAGE", "ST"),
                attributes={"plate": plate, "fuel": fuel, "registered": datetime.date(year, 3, 1).isoformat()},
            )
            self.vehicles.append(vehicle)


def _pr(metres):
    return f"PR {metres // 1000}+{metres % 1000:03d}"
