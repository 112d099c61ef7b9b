"""The asset page's cost roll-up: a school group with ~1,000 assets in its subtree and 50,000 cost lines (plus
10,000 time entries) over five years, beside a second group of the same size whose rows the query must skip.

Usage: python benchmarks/assets_costs.py [--db sqlite|postgres] [--reps N] [--reuse] [--keep]
SQLite: a fresh file under var/bench/; PostgreSQL: REGIE_DATABASE_URL (default the regie_assetwork database),
migrated, loaded, measured (in a process of its own) and emptied again unless `--keep`. `--reuse` measures again on
what the last run loaded. Prints JSON: the median and p95 of `asset_costs` for the group, and for one school (52
assets).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.timing import timed

SCHOOLS, BUILDINGS, LEVELS, ROOMS = 20, 3, 2, 7  # 1 + 20 × (1 + 3 × (1 + 2 × (1 + 7))) = 1,041 assets
WORK_ORDERS, COST_LINES, TIME_ENTRIES = 5_000, 50_000, 10_000


def setup(db, *, fresh=True):
    """Django on the benchmark's database, migrated; SQLite: a new file unless not `fresh` (--reuse)."""
    if db == "sqlite":
        path = ROOT / "var" / "bench" / "assets_costs.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            path.unlink(missing_ok=True)
        os.environ["REGIE_DATABASE_URL"] = f"sqlite:///{path}"
    else:
        os.environ.setdefault("REGIE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regie_assetwork")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
    os.environ.setdefault("REGIE_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def school_group(org, asset_type, name):
    """A group, its schools, their buildings, levels and rooms, written level by level in bulk."""
    from regie.assets.models import Asset
    from regie.assets.tree import path_under

    def level(parents, count, label):
        rows = [
            Asset(
                organization=org,
                asset_type=asset_type,
                parent=parent,
                code=f"{name}-{label}-{i}-{parent.pk if parent else 0}",
                name=f"{label} {i}",
                depth=(parent.depth + 1) if parent else 0,
            )
            for parent in parents
            for i in range(count)
        ]
        created = Asset.objects.bulk_create(rows)
        for asset in created:
            asset.path = path_under(asset.parent, asset.pk)
        Asset.objects.bulk_update(created, ["path"], batch_size=500)
        return created

    root = level([None], 1, "Groupe")[0]
    schools = level([root], SCHOOLS, "École")
    buildings = level(schools, BUILDINGS, "Bâtiment")
    levels = level(buildings, LEVELS, "Niveau")
    rooms = level(levels, ROOMS, "Salle")
    return root, schools, [root, *schools, *buildings, *levels, *rooms]


def costs_on(org, assets, category, priority, user, agent, rng, prefix):
    """WORK_ORDERS work orders on random assets of `assets`, created over five years, with COST_LINES cost lines
    and TIME_ENTRIES time entries, and their totals as the cost services keep them."""
    from django.utils import timezone

    from regie.interventions.models import CostLine, TimeEntry, WorkOrder

    kinds = {
        CostLine.Kind.MATERIAL: "material_cost",
        CostLine.Kind.CONTRACTOR: "contractor_cost",
        CostLine.Kind.EQUIPMENT: "equipment_cost",
    }
    days = [date(2022, 1, 1) + timedelta(days=rng.randrange(1800)) for _ in range(WORK_ORDERS)]
    orders = [
        WorkOrder(
            organization=org,
            number=f"BT-{prefix}-{i}",
            title="Travaux",
            category=category,
            priority=priority,
            asset=rng.choice(assets),
            state="closed",
        )
        for i in range(WORK_ORDERS)
    ]
    lines, entries = [], []
    for _ in range(COST_LINES):
        i, kind = rng.randrange(WORK_ORDERS), rng.choice(list(kinds))
        amount = Decimal(rng.randrange(100, 90000)) / 100
        setattr(orders[i], kinds[kind], getattr(orders[i], kinds[kind]) + amount)
        lines.append((i, kind, amount))
    for _ in range(TIME_ENTRIES):
        i = rng.randrange(WORK_ORDERS)
        orders[i].labour_cost += Decimal("63.00")
        orders[i].hours += Decimal("2.00")
        entries.append(i)
    WorkOrder.objects.bulk_create(orders, batch_size=1000)
    for order, day in zip(orders, days, strict=True):
        order.created_at = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))
    WorkOrder.objects.bulk_update(orders, ["created_at"], batch_size=1000)
    CostLine.objects.bulk_create(
        [
            CostLine(
                organization=org,
                work_order=orders[i],
                kind=kind,
                label="Fournitures",
                date=days[i] + timedelta(days=rng.randrange(30)),
                quantity=1,
                unit_cost=amount,
                amount=amount,
                recorded_by=user,
            )
            for i, kind, amount in lines
        ],
        batch_size=2000,
    )
    TimeEntry.objects.bulk_create(
        [
            TimeEntry(
                organization=org,
                work_order=orders[i],
                agent=agent,
                hours=Decimal("2.00"),
                date=days[i],
                hourly_rate=Decimal("31.50"),
                cost=Decimal("63.00"),
                recorded_by=user,
            )
            for i in entries
        ],
        batch_size=2000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="measure again on the last group loaded (kept)")
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep the loaded rows (for --reuse)")
    args = parser.parse_args()
    setup(args.db, fresh=not args.reuse)
    if args.reuse:
        print(json.dumps(measure(args.reps), indent=2))
        return
    load_s = load()
    # timed in a process of its own, as a server's worker runs it: timed in the loading process (130,000 model
    # instances created, a connection that wrote them) the same query took 1.4–2× as long
    command = [sys.executable, __file__, "--db", args.db, "--reps", str(args.reps), "--reuse"]
    measured = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ).stdout
    print(json.dumps({"load_s": load_s, **json.loads(measured)}, indent=2))
    if args.db == "postgres" and not args.keep:
        clean_up()


def load():
    """The two groups, their work orders, cost lines and time entries; the seconds it took."""
    from django.db import connection, transaction

    from regie.assets.factories import AssetTypeFactory
    from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory, siren_for
    from regie.core.permissions import Role
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.people.factories import AgentFactory

    rng = random.Random(15)
    with transaction.atomic():
        stamp = int(time.time())
        org = OrganizationFactory(slug=f"bench-assets-{stamp}", name="Bench assets", siren=siren_for(stamp % 100000))
        user = UserFactory(username=f"bench-assets-{stamp}")
        MembershipFactory(organization=org, user=user, role=Role.MANAGER)
        asset_type = AssetTypeFactory(organization=org)
        category, priority = CategoryFactory(organization=org), standard_priorities(org)[0]
        agent = AgentFactory(organization=org)
        t0 = time.perf_counter()
        _root, _schools, assets = school_group(org, asset_type, "G1")
        _other_root, _s, others = school_group(org, asset_type, "G2")
        costs_on(org, assets, category, priority, user, agent, rng, "G1")
        costs_on(org, others, category, priority, user, agent, rng, "G2")
        load_s = round(time.perf_counter() - t0, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":  # the load's one transaction left its pages in the WAL: checkpoint it, as a
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # database in service is, before timing the reads
    return load_s


def loaded_group():
    """(organization, its manager's membership, the group G1's root, its first school) of the last load."""
    from regie.assets.models import Asset
    from regie.core.models import Membership, Organization

    org = Organization.objects.filter(slug__startswith="bench-assets-").order_by("-pk").first()
    if org is None:
        raise SystemExit("no group loaded: run without --reuse first (PostgreSQL: with --keep)")
    membership = Membership.objects.get(organization=org, user__username=org.slug)
    root = Asset.objects.get(organization=org, code="G1-Groupe-0-0")
    school = Asset.objects.filter(organization=org, parent=root).order_by("pk").first()
    return org, membership, root, school


def measure(reps):
    from django.db import connection

    from regie.interventions.asset_costs import asset_costs

    org, membership, root, school = loaded_group()
    subtree = subtree_size(org, root)
    return {
        "database": connection.vendor,
        "assets_in_group": subtree,
        "cost_lines_in_group": COST_LINES,
        "time_entries_in_group": TIME_ENTRIES,
        "group_rollup": timed(lambda: asset_costs(org, membership, root), reps),
        "school_rollup": timed(lambda: asset_costs(org, membership, school), reps),
        "years": [row["year"] for row in asset_costs(org, membership, root).rows],
    }


def subtree_size(org, root):
    from regie.assets.models import Asset

    return Asset.objects.filter(organization=org).within(root).count()


def clean_up():
    """Leave the shared PostgreSQL database as it was: the loaded rows deleted (the organization and its reference
    rows stay: cheap, named by the factory)."""
    from django.db import transaction

    from regie.assets.models import Asset, AssetType
    from regie.core.models import Organization
    from regie.interventions.models import CostLine, TimeEntry, WorkOrder

    for org in Organization.objects.filter(slug__startswith="bench-assets-"):
        with transaction.atomic():
            CostLine.objects.filter(organization=org).delete()
            TimeEntry.objects.filter(organization=org).delete()
            WorkOrder.objects.filter(organization=org).delete()
            Asset.objects.filter(organization=org).order_by("-depth").update(parent=None)
            Asset.objects.filter(organization=org).delete()
            AssetType.objects.filter(organization=org).delete()


if __name__ == "__main__":
    main()
