"""The compliance view of a town: N buildings (500) × T inspection types (15), one inspection each with a random
date (some overdue, some due soon, some with open observations). Times the selector (first page of rows, the
indicators by status, by type and by building) and the page and the API over the test client, unfiltered and
filtered (overdue; one building). Target: under 300 ms for the page.

Usage: python benchmarks/maintenance_compliance.py [--db postgres|sqlite|both] [--buildings 500] [--types 15]
[--reps 30]. Each database runs in a subprocess on its own scratch database (regie_insp_bench / a SQLite file of
its own); prints JSON on stdout.
"""

import argparse
import datetime
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.run import OUT, bench_env
from benchmarks.timing import timed

PG_NAME = "regie_insp_bench"
SQLITE_FILE = OUT / "insp-bench.sqlite3"


def database_url(db):
    return f"postgres://postgres@127.0.0.1:5432/{PG_NAME}" if db == "postgres" else f"sqlite:///{SQLITE_FILE}"


def fresh_database(db):
    if db == "postgres":
        for sql in (f"DROP DATABASE IF EXISTS {PG_NAME}", f"CREATE DATABASE {PG_NAME}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)


def load(buildings, types):
    from django.utils import timezone

    from regie.assets.factories import AssetTypeFactory
    from regie.assets.models import Asset, AssetKind
    from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
    from regie.core.permissions import Role
    from regie.maintenance.inspection_services import _set_dates, due_after, refresh_obligations
    from regie.maintenance.models import Inspection, InspectionObligation, InspectionType, Outcome, PeriodicityRule

    rng = random.Random(7)
    org = OrganizationFactory(slug="bench-compliance", name="Ville de banc d'essai")
    PeriodicityRule.objects.filter(organization=org).delete()  # the seeded catalogue: replaced by T types below
    InspectionType.objects.filter(organization=org).delete()
    manager = UserFactory(username="bench.safety")
    MembershipFactory(organization=org, user=manager, role=Role.MANAGER)
    building_type = AssetTypeFactory(organization=org, kind=AssetKind.BUILDING, code="BAT")
    rows = []
    for n in range(buildings):
        erp = rng.choice("JLMNOPRSTUWXY")
        rows.append(
            Asset(
                organization=org, asset_type=building_type, code=f"B{n:05d}", name=f"Bâtiment {n:05d}",
                attributes={"erp_type": erp, "erp_category": str(rng.randint(1, 5))},
                latitude=45 + rng.random() / 10, longitude=3 + rng.random() / 10,
            )
        )  # fmt: skip
    Asset.objects.bulk_create(rows, batch_size=1000)
    Asset.objects.bulk_update(list(_with_paths(org)), ["path"], batch_size=1000)  # each a root of the tree
    InspectionType.objects.bulk_create(
        [
            InspectionType(
                organization=org, code=f"T{n:02d}", name=f"Contrôle {n:02d}", asset_kind=AssetKind.BUILDING,
                periodicity=rng.choice((12, 12, 24, 36, 60)),
            )
            for n in range(types)
        ]
    )  # fmt: skip
    refresh_obligations(org)
    today = timezone.localdate()
    obligations = list(InspectionObligation.objects.filter(organization=org).select_related("inspection_type"))
    inspections = []
    for number, obligation in enumerate(obligations, start=1):
        inspected_on = today - datetime.timedelta(days=rng.randint(1, int(obligation.periodicity * 30 * 1.2)))
        outcome = rng.choices(list(Outcome), weights=(85, 10, 5))[0]
        inspections.append(
            Inspection(
                organization=org, number=f"CTR-B-{number:06d}", asset_id=obligation.asset_id,
                inspection_type=obligation.inspection_type, inspected_on=inspected_on, inspector="Bureau",
                outcome=outcome, next_due_on=due_after(inspected_on, obligation.periodicity, "months"),
                closed_at=timezone.now() if outcome == Outcome.COMPLIANT else None,
            )
        )  # fmt: skip
    Inspection.objects.bulk_create(inspections, batch_size=1000)
    for obligation, inspection in zip(obligations, inspections, strict=True):
        obligation.last_inspection, obligation.last_inspected_on = inspection, inspection.inspected_on
        obligation.open_inspections = int(inspection.closed_at is None)
        _set_dates(obligation, obligation.inspection_type)
    InspectionObligation.objects.bulk_update(
        obligations, ["last_inspection", "last_inspected_on", "open_inspections", "next_due_on", "alert_on"],
        batch_size=1000,
    )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"org": org.pk, "manager": manager.pk, "obligations": len(obligations)}


def _with_paths(org):
    from regie.assets.models import Asset
    from regie.assets.tree import path_under

    for asset in Asset.objects.filter(organization=org).only("pk", "path"):
        asset.path = path_under(None, asset.pk)
        yield asset


def measure(scope, reps):
    from django.test import Client

    from regie.core.models import Organization, User
    from regie.maintenance import compliance, inspection_selectors
    from regie.maintenance.inspection_services import organization_today
    from regie.maintenance.models import InspectionObligation

    org = Organization.objects.get(pk=scope["org"])
    manager = User.objects.get(pk=scope["manager"])
    today = organization_today(org)
    one_building = InspectionObligation.objects.filter(organization=org).values_list("asset_id", flat=True).first()

    def selector():
        qs = inspection_selectors.compliance_rows(org, today=today)
        list(qs.order_by("next_due_on", "pk")[:50])
        compliance.indicators(qs, today)
        compliance.indicators_by(qs, today, "inspection_type", limit=15)
        compliance.indicators_by(qs, today, "building", limit=10)

    client = Client()
    client.force_login(manager)
    results = {"obligations": scope["obligations"], "selector": timed(selector, reps)}
    for label, query in (
        ("page", {}),
        ("page_overdue", {"status": "overdue"}),
        ("page_one_building", {"building": one_building}),
    ):

        def page(query=query):
            response = client.get("/maintenance/compliance/", query, HTTP_HOST="localhost")
            assert response.status_code == 200, response.status_code

        results[label] = timed(page, reps)

    def api():
        response = client.get("/api/v1/compliance/", {"status": "overdue"}, HTTP_HOST="localhost")
        assert response.status_code == 200, response.content[:300]

    results["api_overdue"] = timed(api, reps)

    def export():
        response = client.get("/maintenance/compliance/", {"export": "csv"}, HTTP_HOST="localhost")
        b"".join(response.streaming_content)

    results["export_csv_all"] = timed(export, max(reps // 5, 3))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=["postgres", "sqlite", "both"])
    parser.add_argument("--buildings", type=int, default=500)
    parser.add_argument("--types", type=int, default=15)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        import django

        django.setup()
        print(json.dumps(measure(load(args.buildings, args.types), args.reps), indent=2))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for db in ["postgres", "sqlite"] if args.db == "both" else [args.db]:
        fresh_database(db)
        env = {**bench_env(db), "REGIE_DATABASE_URL": database_url(db)}
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        command = [sys.executable, __file__, "--inner", "--buildings", str(args.buildings), "--types", str(args.types)]
        command += ["--reps", str(args.reps)]
        result = subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True, text=True)
        document = {"db": db, **json.loads(result.stdout)}
        (OUT / f"maintenance-compliance-{db}.json").write_text(json.dumps(document, indent=2))
        print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
