"""What the benchmarks that load a database of their own share (assets_map.py, portal_map.py): the command line
(`--db postgres|sqlite|both`, the sizes, `--reps`, `--reuse`), each database in a subprocess with the benchmark
environment (benchmarks.run.bench_env), created afresh and migrated unless reused; the subprocess (`python -m
benchmarks.<name> --body ...`) loads and measures, and prints one JSON document, kept as
var/bench/<stem>-<db>.json and printed."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PG = "postgres://postgres@127.0.0.1:5432"


def run(doc, *, module, stem, pg_name, reps, sizes, load, measure):
    """The benchmark's command: `sizes` {"--flag": (default, help)}, the first of them the size `--reuse` skips
    loading (0); `load(*sizes)` returns figures of the load, `measure(reps)` the timings."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="both", choices=["postgres", "sqlite", "both"])
    for flag, (default, text) in sizes.items():
        parser.add_argument(flag, type=int, default=default, help=text)
    parser.add_argument("--reps", type=int, default=reps)
    parser.add_argument("--reuse", action="store_true", help="measure again on the database of a previous run")
    parser.add_argument("--body", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    values = [getattr(args, flag.lstrip("-").replace("-", "_")) for flag in sizes]
    if args.body:
        import django

        django.setup()
        loaded = load(*values) if values[0] else {}
        print(json.dumps({**loaded, **measure(args.reps)}))
        return
    body_args = ["--reps", str(args.reps)]
    for i, (flag, value) in enumerate(zip(sizes, values, strict=True)):
        body_args += [flag, "0" if args.reuse and i == 0 else str(value)]
    measure_each(args.db, module=module, stem=stem, pg_name=pg_name, reuse=args.reuse, body_args=body_args)


def urls(pg_name, stem):
    """The benchmark's databases: PostgreSQL `pg_name`, SQLite var/bench/<stem>.sqlite3."""
    return {"postgres": f"{PG}/{pg_name}", "sqlite": f"sqlite:///{OUT / f'{stem}.sqlite3'}"}


def measure_each(which, *, module, stem, pg_name, reuse, body_args):
    """Run `module`'s --body on "postgres", "sqlite" or "both" (`which`), with `body_args` after --body."""
    from benchmarks.run import bench_env

    OUT.mkdir(parents=True, exist_ok=True)
    for db in ["postgres", "sqlite"] if which == "both" else [which]:
        env = {**bench_env(db), "REGIE_DATABASE_URL": urls(pg_name, stem)[db]}
        if not reuse:
            fresh(db, pg_name, stem)
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        command = [sys.executable, "-m", module, "--body", *body_args]
        result = subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        document = {"database": db, **json.loads(result.stdout)}
        (OUT / f"{stem}-{db}.json").write_text(json.dumps(document, indent=2))
        print(json.dumps(document, indent=2))


def fresh(db, pg_name, stem):
    if db == "postgres":
        drop, create = f"DROP DATABASE IF EXISTS {pg_name}", f"CREATE DATABASE {pg_name}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", drop, "-c", create], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"{stem}.sqlite3{suffix}").unlink(missing_ok=True)
