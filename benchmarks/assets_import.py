"""Import 100,000 trees from a CSV shaped like the Paris open-data inventory: dry run and commit timed apart.

Usage: python benchmarks/assets_import.py [--db postgres|sqlite|both] [--rows N] [--profile]
Each database in a subprocess (a fresh benchmark database); prints one JSON line per database. The rows are
the Paris file's (../shared/data/paris-trees-10k.csv) repeated with new codes and coordinates moved a little.
"""

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PARIS = Path("/work/shared/data/paris-trees-10k.csv")
URLS = {
    "postgres": "postgres://postgres@127.0.0.1:5432/regie_assetimport_bench",
    "sqlite": f"sqlite:///{OUT / 'assets-import.sqlite3'}",
}


def generate(rows):
    """`rows` data rows in the Paris file's columns, as its bytes (UTF-8, `;`)."""
    with PARIS.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header, source = next(reader), list(reader)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    code, point = header.index("IDBASE"), header.index("geo_point_2d")
    for n in range(rows):
        row = list(source[n % len(source)])
        lat, lon = (float(v) for v in row[point].split(","))
        shift = (n // len(source)) * 1e-5
        row[code], row[point] = str(1_000_000 + n), f"{lat + shift:.6f},{lon + shift:.6f}"
        writer.writerow(row)
    return out.getvalue().encode()


def child(rows, profile):
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from regie.assets import services as asset_services
    from regie.assets.imports import save_paris_tree_mapping, standard_type
    from regie.assets.models import Asset, AssetKind
    from regie.assets.species_seed import seed_species
    from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
    from regie.core.permissions import Role
    from regie.imports import services

    org = OrganizationFactory(name="Paris", slug="paris-bench")
    admin = MembershipFactory(organization=org, role=Role.ADMIN, user=UserFactory()).user
    standard_type(org, AssetKind.TREE, code="ARBRE", name="Arbre")
    seed_species(org)
    ring = [[2.20, 48.74], [2.48, 48.74], [2.48, 48.92], [2.20, 48.92], [2.20, 48.74]]
    asset_services.set_area(
        by=admin, organization=org, name="Paris", geometry={"type": "Polygon", "coordinates": [ring]}
    )
    save_paris_tree_mapping(org)
    data = generate(rows)
    figures = {"rows": rows, "file_mb": round(len(data) / 1e6, 1)}
    with override_settings(REGIE_IMPORT_BACKGROUND_ROWS=10**7):
        started = time.perf_counter()
        job = services.upload(by=admin, organization=org, target="assets.trees", file=SimpleUploadedFile("a.csv", data))
        job = services.save_mapping(job, by=admin, mapping=services.suggested_mapping(job))
        figures["upload_s"] = round(time.perf_counter() - started, 1)
        for step, commit in (("dry_run_s", False), ("commit_s", True)):
            profiler = cProfile.Profile() if profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            job = services.start(job, by=admin, commit=commit)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
            figures[step] = round(time.perf_counter() - started, 1)
            assert job.error_count == 0, job.report[:5]
    figures["assets"] = Asset.objects.filter(organization=org).count()
    figures["status"] = job.status
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=["postgres", "sqlite", "both"])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="cProfile of the dry run and the commit on stderr")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.rows, args.profile)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if db == "postgres":
            name = URLS[db].rsplit("/", 1)[1]
            psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q"]
            subprocess.run(
                [*psql, "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True
            )
        else:
            for suffix in ("", "-wal", "-shm"):
                (OUT / f"assets-import.sqlite3{suffix}").unlink(missing_ok=True)
        env = {
            **os.environ, "REGIE_DATABASE_URL": URLS[db], "REGIE_DEBUG": "0", "REGIE_SECRET_KEY": "benchmark-only",
            "REGIE_LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "regie.settings", "PYTHONPATH": str(ROOT),
        }  # fmt: skip
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        command = [
            sys.executable,
            __file__,
            "--child",
            "--rows",
            str(args.rows),
            *(["--profile"] if args.profile else []),
        ]
        result = subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=not args.profile, text=True)
        line = (result.stdout or "").strip().splitlines()[-1] if result.stdout else "{}"
        print(json.dumps({"db": db, **json.loads(line)}))


if __name__ == "__main__":
    main()
