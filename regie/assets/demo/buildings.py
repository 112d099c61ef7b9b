"""The buildings of a demo organization: school groups (a site and its schools), the town hall, gyms,
libraries…, each with its levels, rooms and equipment."""

import datetime
from decimal import Decimal

from .data import BOILER_BRANDS, BUILDINGS, EQUIPMENT, LEVEL_NAMES, QUARTERS, ROOM_USES, SCHOOL_BUILDINGS
from .places import decimal

STREETS = (
    "rue de la République",
    "avenue Jean-Jaurès",
    "boulevard Gambetta",
    "rue Victor-Hugo",
    "rue des Écoles",
    "allée des Tilleuls",
    "rue du Moulin",
    "avenue de la Gare",
    "rue Pasteur",
    "quai de la Régie",
    "rue Nationale",
    "rue de l'Église",
    "rue des Acacias",
    "avenue de l'Europe",
    "rue du Stade",
    "rue Jules-Ferry",
    "rue Pierre-Curie",
    "rue Voltaire",
    "chemin des Vignes",
    "rue Émile-Zola",
    "avenue du Maréchal-Foch",
    "rue Anatole-France",
)


class Buildings:
    """Adds an organization's buildings to its `Registry` (`share` scales the town's catalogue down)."""

    def __init__(self, registry, ground, rng, org, share, today):
        self.reg, self.ground, self.rng, self.org, self.share, self.today = registry, ground, rng, org, share, today
        self.postcode = org.organization.address.split(",")[-1].strip().split(" ")[0]
        self.town = org.organization.name
        self.buildings = []  # (row, ERP type): the occupancies and meters go there

    def build(self, school_names):
        for name in school_names:
            self.school_group(name)
        for pattern, count, erp, category, levels, rooms, department in BUILDINGS:
            wanted = max(round(count * self.share), 1 if count == 1 and self.share >= 0.2 else 0)
            for index in range(wanted):
                quarter = QUARTERS[index % len(QUARTERS)]
                name = pattern.format(quarter) if "{}" in pattern else pattern
                point = self.ground.point(0.8)
                self.building(name, point, erp, category, levels, rooms, department)
        return self.buildings

    def address(self):
        return f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}, {self.postcode} {self.town}"

    def school_group(self, name):
        point = self.ground.point(0.8)
        schools = "ECOLES" if "ECOLES" in self.org.departments else "ECOLE"  # the village's: its one school
        site = self.reg.add(
            "GS",
            f"Groupe scolaire {name}",
            address=self.address(),
            latitude=decimal(point[1]),
            longitude=decimal(point[0]),
            geometry=self.ground.outline(*point, 70),
            department_id=self._department(schools),
            attributes={"pupils": str(self.rng.randint(120, 420))},
        )
        site["_school"] = name
        for pattern, erp, category, levels, rooms in SCHOOL_BUILDINGS:
            near = self.ground.near(*point, 45)
            self.building(pattern.format(name), near, erp, category, levels, rooms, schools, parent=site)

    def building(self, name, point, erp, category, levels, rooms, department, parent=None):
        rng = self.rng
        width, depth = rng.uniform(12, 45), rng.uniform(10, 25)
        level_count = rng.randint(*levels)
        area = round(width * depth * level_count)
        year = rng.choice((rng.randint(1880, 1960), rng.randint(1960, 1995), rng.randint(1995, 2024)))
        value = Decimal(area * rng.randint(1400, 2600)).quantize(Decimal(1000))
        row = self.reg.add(
            "BAT",
            name,
            parent=parent,
            address=parent["address"] if parent else self.address(),
            latitude=decimal(point[1]),
            longitude=decimal(point[0]),
            geometry=self.ground.rectangle(*point, width, depth),
            department_id=self._department(department),
            in_service_on=datetime.date(year, rng.randint(1, 12), 1) if year >= 1900 else None,
            insured_value=None if rng.random() < 0.05 else value,
            acquisition_value=value * Decimal("0.6") if year > 1990 else None,
            attributes={
                "floor_area": str(area),
                "year_built": str(year),
                "erp_type": erp,
                "erp_category": category,
                "heating": rng.choice(("Gaz", "Gaz", "Réseau de chaleur", "Pompe à chaleur", "Fioul", "Électrique")),
            },
        )
        self.buildings.append((row, erp))
        first = -1 if level_count > 2 and rng.random() < 0.3 else 0
        uses = ROOM_USES.get(erp, ROOM_USES[""])
        for floor in range(first, first + level_count):
            level = self.reg.add(
                "NIV",
                f"{LEVEL_NAMES.get(floor, f'{floor}e étage')} — {name}",
                parent=row,
                attributes={"floor": str(floor)},
            )
            for number in range(1, rng.randint(*rooms) + 1):
                use = rng.choice(uses)
                code = f"{max(floor, 0)}{number:02d}"
                self.reg.add(
                    "LOC",
                    f"{use} {code}",
                    parent=level,
                    code=f"{row['code']}-{code}" + ("SS" if floor < 0 else ""),
                    attributes={"area": str(rng.randint(8, 120)), "use": use},
                )
        self.equipment(row, erp, level_count)
        return row

    def equipment(self, building, erp, levels):
        rng = self.rng
        for type_code, label, share in EQUIPMENT:
            if type_code == "ASC" and levels < 2:
                continue
            if rng.random() > share:
                continue
            attributes = {}
            if type_code == "CHAUD":
                attributes = {
                    "power": str(rng.choice((35, 50, 70, 120, 250, 400))),
                    "energy": "Gaz",
                    "brand": rng.choice(BOILER_BRANDS),
                    "installed": datetime.date(rng.randint(1998, 2024), rng.randint(1, 12), 1).isoformat(),
                }
            elif type_code == "CTA":
                attributes = {"airflow": str(rng.choice((1500, 3000, 6000, 12000))), "brand": "France Air"}
            elif type_code == "SSI":
                attributes = {"category": "A" if erp in ("R", "J") else rng.choice(("B", "C", "D", "E"))}
            elif type_code == "ECS":
                attributes = {"volume": str(rng.choice((100, 200, 300, 500)))}
            self.reg.add(type_code, f"{label} — {building['name']}", parent=building, attributes=attributes)

    def _department(self, code):
        department = self.org.departments.get(code)
        return department.pk if department else None
