"""Open311 POST sustained through gunicorn on 127.0.0.1, on PostgreSQL, at 20 concurrent clients; the floor's
HTTP create + audit (../shared/floor, 2 sync workers) measured in the same run with the same client.

Usage: python benchmarks/portal_open311.py [--seconds 15] [--clients 20] [--workers 2] [--threads 8] [--no-floor]

`wrk` is not installed on this machine (and nothing may be installed), so the load comes from a Python client:
processes × threads, each request on a fresh loopback connection (gunicorn's sync workers close them anyway),
timed from connect to the last byte. The client shares the 2 cores with the server: the figures are pessimistic
for both sides alike. The application key has a high `requests_per_hour`: the rate limit is not what is measured.
The floor runs from a copy of ../shared/floor in a scratch directory with its own database (regie_floor_o311),
so a floor run of another session is not disturbed; its virtualenv is the floor's own (`run.sh` makes it).
"""

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/floor beside the project (/work/main → /work/shared; a worktree /work/wt/<name> → /work/shared too)
FLOOR = next((p / "shared" / "floor" for p in ROOT.parents if (p / "shared" / "floor").exists()), ROOT / "floor")
PG = "postgres://postgres@127.0.0.1:5432"
DB = "regie_o311_bench"
PORT, FLOOR_PORT = 8713, 8714
KEY = "benchmark-open311-key-0123456789abcdef"

SETUP = r"""
import django
django.setup()
from decimal import Decimal
from regie.core.models import Organization
from regie.portal.models import ApplicationKey, CategoryQuestion, ServiceCategory
from regie.portal.models.keys import hash_key
from regie.interventions.factories import CategoryFactory
org = Organization.objects.filter(slug="bench-ville").first()
if org is None:
    from regie.core.factories import OrganizationFactory
    org = OrganizationFactory(slug="bench-ville", name="Bench-Ville", insee_code="99999")
if not ServiceCategory.objects.filter(organization=org, code="ECL").exists():
    service = ServiceCategory.objects.create(organization=org, code="ECL", name="Éclairage public en panne",
                                             request_category=CategoryFactory(organization=org))
    CategoryQuestion.objects.create(organization=org, category=service, code="clignote", label="Clignote ?",
                                    kind="singlevaluelist", required=True,
                                    choices=[{"key": "oui", "name": "Oui"}, {"key": "non", "name": "Non"}])
key = "%s"
ApplicationKey.objects.get_or_create(key_hash=hash_key(key), defaults=dict(
    organization=org, name="Benchmark", prefix=key[:8], requests_per_hour=1_000_000))
"""

BODY = urllib.parse.urlencode({
    "api_key": KEY, "jurisdiction_id": "bench-ville", "service_code": "ECL", "lat": "45.1", "long": "5.9",
    "description": "Le lampadaire devant le 3 rue Haute est éteint", "attribute[clignote]": "oui",
})  # fmt: skip
# each report from another resident (the per-e-mail limit is not what is measured): "&email=r<n>@example.org"
EMAIL = "&email=resident-{process}-{n}%40example.org"


def regie_env():
    return {
        **os.environ,
        "REGIE_DATABASE_URL": f"{PG}/{DB}",
        "REGIE_DEBUG": "0",
        "REGIE_SECRET_KEY": "benchmark-only",
        "REGIE_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REGIE_SSL_REDIRECT": "0",
        "REGIE_LOG_LEVEL": "ERROR",
        "REGIE_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "regie.settings",
        "PYTHONPATH": str(ROOT),
    }


def psql(*commands):
    for command in commands:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", command], check=True)


def _worker(port, path, body, content_type, seconds, threads, queue, process=0):
    """One client process: `threads` threads posting for `seconds`; puts (latencies, statuses). A body with
    `{n}` gets a number of its own at each request."""
    latencies, statuses, lock = [], {}, threading.Lock()
    counter = iter(range(10**9))
    deadline = time.perf_counter() + seconds

    def run():
        mine, codes = [], {}
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection = HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                sent = body.replace("{n}", str(next(counter))).replace("{process}", str(process))
                connection.request("POST", path, body=sent, headers={"Content-Type": content_type})
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
            finally:
                connection.close()
            mine.append(time.perf_counter() - started)
            codes[status] = codes.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((latencies, statuses))


def load(port, path, body, content_type, seconds, clients):
    processes = min(4, clients)
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_worker, args=(port, path, body, content_type, seconds, n, queue, i))
               for i, n in enumerate(per)]  # fmt: skip
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for lat, _s in results for x in lat)
    statuses = {}
    for _lat, codes in results:
        for code, n in codes.items():
            statuses[code] = statuses.get(code, 0) + n
    ok = sum(n for code, n in statuses.items() if 200 <= code < 300)
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "req_s": round(ok / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def wait_up(port, path):
    for _ in range(150):
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def serve(command, env, cwd, port, probe):
    server = subprocess.Popen(command, env=env, cwd=cwd)
    wait_up(port, probe)
    return server


def measure_regie(args):
    psql(f"DROP DATABASE IF EXISTS {DB}", f"CREATE DATABASE {DB}")
    env = regie_env()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-c", SETUP % KEY], env=env, cwd=ROOT, check=True)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}", "regie.wsgi:application",
               "--log-level", "warning"]  # fmt: skip
    if args.threads > 1:
        command += ["-k", "gthread", "--threads", str(args.threads)]
    server = serve(command, env, ROOT, PORT, "/open311/discovery.json")
    try:
        body, form = BODY + EMAIL, "application/x-www-form-urlencoded"
        load(PORT, "/open311/v2/requests.json", body.replace("resident-", "warm-"), form, 3, args.clients)
        figures = load(PORT, "/open311/v2/requests.json", body, form, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait()
    figures["server"] = f"gunicorn {args.workers} workers" + (f" x {args.threads} threads" if args.threads > 1 else "")
    return figures


def measure_floor(args):
    venv = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "regie-floor" / "venv"
    if not (venv / "bin" / "gunicorn").exists():
        return {"skipped": f"no floor virtualenv at {venv}: run ../shared/floor/run.sh once"}
    scratch = Path(tempfile.mkdtemp(prefix="o311-floor-"))
    copy = scratch / "floor"
    shutil.copytree(FLOOR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    settings = copy / "floor" / "settings.py"
    settings.write_text(settings.read_text().replace('"NAME": "regie_floor"', '"NAME": "regie_floor_o311"'))
    psql("DROP DATABASE IF EXISTS regie_floor_o311", "CREATE DATABASE regie_floor_o311")
    env = {**os.environ, "FLOOR_DB": "postgres", "FLOOR_SCRATCH": str(scratch), "FLOOR_ROWS": "20000"}
    python = str(venv / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, cwd=copy, check=True)
    subprocess.run([python, "bench.py", "load", "20000"], env=env, cwd=copy, check=True, capture_output=True)
    command = [str(venv / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{FLOOR_PORT}",
               "floor.wsgi_app:application", "--log-level", "warning"]  # fmt: skip
    server = serve(command, env, copy, FLOOR_PORT, "/wo/?org=1")
    body = json.dumps({"org": 1, "title": "Fuite robinet"})
    results = {}
    try:
        load(FLOOR_PORT, "/wo/new", body, "application/json", 3, 8)
        for clients in (8, args.clients):
            results[f"{clients}_clients"] = load(FLOOR_PORT, "/wo/new", body, "application/json", args.seconds, clients)
    finally:
        server.terminate()
        server.wait()
        psql("DROP DATABASE IF EXISTS regie_floor_o311")
        shutil.rmtree(scratch, ignore_errors=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gthread threads per worker (1: sync workers)")
    parser.add_argument("--no-floor", action="store_true")
    args = parser.parse_args()
    document = {"regie_open311_post": measure_regie(args)}
    if not args.no_floor:
        document["floor_create_with_audit"] = measure_floor(args)
        floor = document["floor_create_with_audit"].get("8_clients", {}).get("req_s")
        if floor:
            document["ratio_to_floor_8_clients"] = round(document["regie_open311_post"]["req_s"] / floor, 3)
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
