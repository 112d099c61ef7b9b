"""The maintenance generator at scale: N plans (one asset each, with a three-task checklist and a skill) falling due
within the next 30 days, then time the generation (N occurrences and preventive work orders, numbered in blocks,
audited) and a second run that must create none (idempotence: it reads the occurrences and stops).

Usage: python benchmarks/maintenance_generator.py [--db postgres|sqlite|both] [--plans 50000]
Each database in a subprocess (benchmarks.run.bench_env) on its own database (regie_maintenance_bench /
var/bench/maintenance.sqlite3), so it never disturbs another benchmark's; prints JSON on stdout.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.run import OUT, bench_env

URLS = {
    "postgres": "postgres://postgres@127.0.0.1:5432/regie_maintenance_bench",
    "sqlite": f"sqlite:///{OUT / 'maintenance.sqlite3'}",
}


def fresh_database(db):
    if db == "postgres":
        for sql in ("DROP DATABASE IF EXISTS regie_maintenance_bench", "CREATE DATABASE regie_maintenance_bench"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"maintenance.sqlite3{suffix}").unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=["postgres", "sqlite", "both"])
    parser.add_argument("--plans", type=int, default=50_000)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        import django

        django.setup()
        print(json.dumps(measure(args.plans), indent=2))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for db in ["postgres", "sqlite"] if args.db == "both" else [args.db]:
        fresh_database(db)
        env = {**bench_env(db), "REGIE_DATABASE_URL": URLS[db]}
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        command = [sys.executable, __file__, "--inner", "--plans", str(args.plans)]
        result = subprocess.run(command, check=False, env=env, cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            sys.exit(result.stderr)
        document = {"db": db, "load_average": os.getloadavg(), **json.loads(result.stdout)}
        (OUT / f"maintenance-generator-{db}.json").write_text(json.dumps(document, indent=2))
        print(json.dumps(document, indent=2))


def load(n):
    """N assets and N plans in bulk, each plan due on one of the next 30 days (lead time 30 days)."""
    import datetime

    from django.db import transaction

    from regie.assets import tree
    from regie.assets.models import Asset, AssetKind, AssetType
    from regie.core.factories import OrganizationFactory
    from regie.imports import sql
    from regie.interventions.models import Category, Priority
    from regie.maintenance.models import MaintenancePlan, PlanTask
    from regie.people.models import Skill

    org = OrganizationFactory(name="Ville de Benchmark", slug="bench")
    today = datetime.date.today()
    with transaction.atomic():
        kind = AssetType.objects.create(organization=org, code="CHAUD", name="Chaudière", kind=AssetKind.EQUIPMENT)
        category = Category.objects.create(organization=org, code="CHAUF", name="Chauffage")
        priority = Priority.objects.create(
            organization=org, code="P3", name="Normale", rank=3, response_hours=72, resolution_hours=360
        )
        skill = Skill.objects.create(organization=org, code="CHAUF", name="Chauffagiste", hourly_rate=35)
        ids = sql.reserve_pks(Asset, n)
        assets = [
            Asset(pk=pk, organization=org, asset_type=kind, code=f"CH{pk:07d}", name=f"Chaudière {pk}",
                  path=tree.key_of(pk), depth=0)
            for pk in ids
        ]  # fmt: skip
        sql.insert(Asset, assets)
        plan_ids = sql.reserve_pks(MaintenancePlan, n)
        plans = []
        for i, (pk, asset) in enumerate(zip(plan_ids, ids, strict=True)):
            due = today + datetime.timedelta(days=i % 30)
            plans.append(
                MaintenancePlan(
                    pk=pk,
                    organization=org,
                    name=f"Entretien chaudière {asset}",
                    asset_id=asset,
                    category=category,
                    priority=priority,
                    rule=f"FREQ=YEARLY;BYMONTH={due.month};BYMONTHDAY={due.day}",
                    starts_on=today,
                    lead_days=30,
                    estimated_hours=2,
                )
            )
        sql.insert(MaintenancePlan, plans)
        labels = ("Contrôler la combustion", "Relever la pression [bar]", "Nettoyer le brûleur")
        tasks = [PlanTask(plan_id=pk, position=i, label=label) for pk in plan_ids for i, label in enumerate(labels)]
        sql.insert(PlanTask, tasks, with_pk=False)
        through = MaintenancePlan.required_skills.through
        sql.insert(through, [through(maintenanceplan_id=pk, skill_id=skill.pk) for pk in plan_ids], with_pk=False)
    return org


def measure(n):
    from django.db import connection

    from regie.interventions.models import WorkOrder
    from regie.maintenance import generator
    from regie.maintenance.models import Occurrence

    t0 = time.perf_counter()
    org = load(n)
    loaded = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    t0 = time.perf_counter()
    first = generator.generate(org)
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    second = generator.generate(org)
    second_s = time.perf_counter() - t0
    return {
        "plans": n,
        "load_s": round(loaded, 1),
        "first_run": {"seconds": round(first_s, 2), "created": first.created, "considered": first.considered},
        "second_run": {"seconds": round(second_s, 2), "created": second.created, "considered": second.considered},
        "work_orders": WorkOrder.objects.filter(organization=org).count(),
        "occurrences": Occurrence.objects.filter(organization=org).count(),
    }


if __name__ == "__main__":
    main()
