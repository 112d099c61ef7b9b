"""Load N work orders (and half as many requests, with their audit events), then time the pages users wait on.

Usage: python benchmarks/run.py [--db postgres|sqlite|both] [--work-orders N] [--reps N] [--keep]
Runs each database in a subprocess with its own REGIE_DATABASE_URL; prints JSON on stdout.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
URLS = {
    "postgres": "postgres://postgres@127.0.0.1:5432/regie_bench",
    "sqlite": f"sqlite:///{OUT / 'bench.sqlite3'}",
}


def bench_env(db):
    """The environment of a benchmark process on `db`: production settings, the benchmark database."""
    return {
        **os.environ,
        "REGIE_DATABASE_URL": URLS[db],
        "REGIE_DEBUG": "0",
        "REGIE_SECRET_KEY": "benchmark-only",
        "REGIE_ALLOWED_HOSTS": "testserver,localhost",
        "REGIE_SSL_REDIRECT": "0",
        "REGIE_LOG_LEVEL": "ERROR",
        "REGIE_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "regie.settings",
        "PYTHONPATH": str(ROOT),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=["postgres", "sqlite", "both"])
    parser.add_argument("--work-orders", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="measure again on the database loaded by a previous run")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for db in ["postgres", "sqlite"] if args.db == "both" else [args.db]:
        if args.reuse:
            pass
        elif db == "postgres":
            subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-q",
                    "-c",
                    "DROP DATABASE IF EXISTS regie_bench",
                    "-c",
                    "CREATE DATABASE regie_bench",
                ],
                check=True,
            )
        else:
            for suffix in ("", "-wal", "-shm"):  # a fresh SQLite file
                (OUT / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
        env = bench_env(db)
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.interventions",
                "0" if args.reuse else str(args.work_orders),
                str(args.reps),
            ],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        document = json.loads(result.stdout)
        (OUT / f"results-{db}.json").write_text(json.dumps(document, indent=2))
        print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
