"""Who occupies the demo's buildings (schools, associations, departments) with their floor shares, the meters of
buildings and vehicles with two years of monthly readings, and the agglomeration's shared asset."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regie.core.models import Share

from ..models import Asset, Meter, Occupancy, Occupant
from .data import ASSOCIATIONS

METERS = (
    ("ELEC", "Compteur électrique", Meter.Kind.ELECTRICITY, "kWh", 40_000),
    ("GAZ", "Compteur gaz", Meter.Kind.GAS, "kWh", 90_000),
    ("EAU", "Compteur d'eau", Meter.Kind.WATER, "m³", 800),
)


def stub(row):
    """An Asset standing for a written row (the FK and `str()` of the records that point at it, no query)."""
    return Asset(pk=row["id"], organization_id=row["values"]["organization_id"], code=row["code"], name=row["name"])


def occupy(demo, org, buildings, rng, today):
    """The occupants of the buildings and their occupancies (saved); returns the occupancies."""
    organization, records = org.organization, []
    occupants, occupancies = [], []
    schools = [(row, erp) for row, erp in buildings if erp == "R" and "École" in row["name"]]
    for row, _erp in schools:
        occupant = Occupant(
            organization=organization,
            name=row["name"],
            kind=Occupant.Kind.SCHOOL,
            contact_name="Direction",
            email=f"ecole.{row['id']}@{org.spec.domain}",
        )
        occupants.append(occupant)
        occupancies.append((occupant, row, 100, "Enseignement", datetime.date(1990, 9, 1)))
    halls = [row for row, erp in buildings if erp == "L"]
    count = min(len(ASSOCIATIONS), max(len(halls) * 2, 1)) if halls else 0
    for index, name in enumerate(ASSOCIATIONS[:count]):
        occupant = Occupant(
            organization=organization,
            name=name,
            kind=Occupant.Kind.ASSOCIATION,
            contact_name="Présidence",
            email=f"asso{index + 1}@{org.spec.domain}",
        )
        occupants.append(occupant)
    associations = [o for o in occupants if o.kind == Occupant.Kind.ASSOCIATION]
    for index, hall in enumerate(halls):
        sharing = associations[(index * 2) % len(associations) :][:3] or associations[:1]
        shares = {1: (100,), 2: (60, 40), 3: (50, 30, 20)}[len(sharing)]
        for occupant, share in zip(sharing, shares, strict=False):
            start = datetime.date(rng.randint(2005, 2023), 9, 1)
            occupancies.append((occupant, hall, share, rng.choice(("Activités", "Réunions", "Stockage")), start))
    for code in ("CCAS", "POLICE", "MEDIA"):
        department = org.departments.get(code)
        premises = next((row for row, _erp in buildings if department and department.pk == row["department_id"]), None)
        if department and premises:
            occupant = Occupant(
                organization=organization, name=department.name, kind=Occupant.Kind.DEPARTMENT, department=department
            )
            occupants.append(occupant)
            occupancies.append((occupant, premises, 100, "Service", datetime.date(2010, 1, 1)))
    demo.save(occupants)
    records = [
        Occupancy(
            organization=organization,
            occupant=occupant,
            asset=stub(row),
            floor_share=Decimal(share),
            use=use,
            starts_on=start,
            ends_on=None if rng.random() > 0.1 else today + datetime.timedelta(days=200),
        )
        for occupant, row, share, use, start in occupancies
    ]
    demo.save(records)
    return records


def meters(demo, registry, buildings, vehicles, rng, today):
    """Meters on about half of the buildings and on every vehicle, read monthly for two years."""
    organization, records = registry.organization, []
    for row, _erp in buildings:
        if rng.random() < 0.5:
            for code, name, kind, unit, yearly in METERS[: rng.randint(1, 3)]:
                meter = Meter(
                    organization=organization,
                    asset=stub(row),
                    name=name,
                    kind=kind,
                    unit=unit,
                    serial_number=f"{code}{row['id']:08d}",
                )
                meter.yearly = yearly * float(row["attributes"].get("floor_area", "500")) / 1000
                records.append(meter)
    for row in vehicles:
        meter = Meter(
            organization=organization,
            asset=stub(row),
            name="Compteur kilométrique",
            kind=Meter.Kind.ODOMETER,
            unit="km",
        )
        meter.yearly = rng.randint(6000, 25000)
        records.append(meter)
    demo.save(records)
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for meter in records:
        value = rng.uniform(0, meter.yearly * 5)
        for month in range(24, 0, -1):
            value += meter.yearly / 12 * rng.uniform(0.6, 1.4)
            read_at = now - datetime.timedelta(days=30 * month + rng.randint(0, 3))
            registry.readings.append((meter, read_at, Decimal(str(round(value, 3)))))
    return len(records)


def share_with(demo, asset_row, owner, target):
    """The agglomeration lets a commune see and use one of its assets (the platform's Share)."""
    share = Share(
        organization=owner,
        target=target,
        content_type=ContentType.objects.get_for_model(Asset),
        object_id=asset_row["id"],
        rights=Share.Rights.USE,
    )
    demo.save([share])
