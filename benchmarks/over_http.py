"""Régie over HTTP: gunicorn (one worker, one connection) + wrk on 127.0.0.1, on a database loaded by run.py.

Usage: python benchmarks/over_http.py [--db postgres|sqlite] [--seconds 10] [--workers 1] [--floor PATH]
Load first: `python benchmarks/run.py --db postgres --work-orders 1000000` (this script reuses regie_bench).
With `--floor` (default: the floor's results file in ${TMPDIR:-/tmp}/regie-floor/), prints each rate as a ratio
to the floor's HTTP figure measured on the same machine, ideally in the same session.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.run import OUT, bench_env

PORT = 8712
# name -> (method, path template, body template, floor operation it compares with)
OPERATIONS = {
    "api_wo_list_3_filters": ("GET", "/api/v1/work-orders/?{three}", None, "w1_list_first_page"),
    "api_wo_list_finished": ("GET", "/api/v1/work-orders/?group=finished", None, "w1_list_first_page"),
    "api_request_detail_random": ("GET", "/api/v1/requests/{random_request}/", None, "w1_detail_random"),
    "api_file_request": ("POST", "/api/v1/requests/", "{request_body}", "w1_create_with_audit"),
    # What the stack costs before any work: the caller's own profile (token, tenancy, one serializer, two
    # queries) and the load balancers' health probe (no authentication; a database and a Redis ping).
    "api_me": ("GET", "/api/v1/me/", None, "w1_detail_random"),
    "healthz": ("GET", "/healthz", None, "w1_detail_random"),
}

LUA = """
math.randomseed(7)
local ids = {%(ids)s}
local counter = 0
local token = "%(token)s"
local org = "%(org)s"
request = function()
  counter = counter + 1
  local headers = {["Authorization"] = "Token " .. token, ["X-Organization"] = org,
                   ["Content-Type"] = "application/json", ["Accept"] = "application/json"}
  local path = "%(path)s"
  if string.find(path, "{random_request}", 1, true) then
    path = string.gsub(path, "{random_request}", tostring(ids[math.random(1, #ids)]))
  end
  local body = nil
  if "%(method)s" == "POST" then
    headers["Idempotency-Key"] = "bench-" .. os.time() .. "-" .. counter .. "-" .. math.random(1, 1000000000)
    body = [==[%(body)s]==]
  end
  return wrk.format("%(method)s", path, headers, body)
end
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 3 then  -- wrk counts 3xx as success: show what went wrong
    shown = shown + 1
    io.write("unexpected status ", status, ": ", string.sub(body or "", 1, 300), "\\n")
  end
end
"""


def setup(env):
    """A knox token for the benchmark organization's manager, and the ids the requests need."""
    code = r"""
import json, django
django.setup()
from knox.models import AuthToken
from benchmarks.interventions import loaded_orgs
from regie.interventions.models import InterventionRequest
org, _d, teams, categories, priorities, manager = loaded_orgs()[0]
_, token = AuthToken.objects.create(manager)
ids = list(InterventionRequest.objects.filter(organization=org).values_list("pk", flat=True)[:2000])
print(json.dumps({"token": token, "org": org.pk, "ids": ids,
  "three": f"group=open&team={teams[3].pk}&priority={priorities[2].pk}",
  "request_body": json.dumps({"title": "Nouvelle demande", "description": "Banc cassé",
                              "category": categories[0].pk, "location": "Parc des Ormes"})}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def probe(method, path, ctx, body):
    """One request before timing: a benchmark of error pages measures nothing."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path.replace('{random_request}', str(ctx['ids'][0]))}",
        method=method,
        data=body.encode() if body else None,
        headers={"Authorization": f"Token {ctx['token']}", "X-Organization": str(ctx["org"]),
                 "Content-Type": "application/json", "Idempotency-Key": f"probe-{time.time()}"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        if response.status not in (200, 201) or response.url.rstrip("/") != request.full_url.rstrip("/"):
            raise SystemExit(f"{method} {path}: {response.status} {response.url}")


def wrk(script, seconds, connections):
    result = subprocess.run(
        ["wrk", "--latency", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "-s", script,
         f"http://127.0.0.1:{PORT}"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    if result.stderr.strip():  # a Lua error makes wrk fall back to GET / silently: never report that
        raise SystemExit(f"wrk: {result.stderr.strip()}")
    figures = {"non_2xx": 0}
    if "Socket errors" in result.stdout:
        figures["socket_errors"] = next(line.strip() for line in result.stdout.splitlines() if "Socket errors" in line)
    if "unexpected status" in result.stdout:
        figures["unexpected"] = [line for line in result.stdout.splitlines() if "unexpected status" in line]
    for line in result.stdout.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec"):
            figures["req_s"] = float(parts[1])
        elif parts[:1] in (["50%"], ["99%"]):
            figures[f"p{parts[0][:2]}_ms"] = to_ms(parts[1])
        elif "Non-2xx" in line:
            figures["non_2xx"] = int(parts[-1])
    return figures


def to_ms(value):
    for suffix, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(suffix):
            return round(float(value[: -len(suffix)]) * factor, 2)
    return float(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="postgres", choices=["postgres", "sqlite"])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--connections", type=int, default=1)
    default_floor = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "regie-floor"
    parser.add_argument("--floor", type=Path, default=None, help="the floor's results-<db>.json")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    env = {**bench_env(args.db), "REGIE_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    ctx = setup(env)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}", "regie.wsgi:application",
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    results = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except urllib.error.HTTPError:  # up, but not healthy: measure anyway, the answers say why
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as scratch:
            for name, (method, path, body, _floor_name) in OPERATIONS.items():
                full_path = path.replace("{three}", ctx["three"])
                full_body = (body or "").replace("{request_body}", ctx["request_body"])
                probe(method, full_path, ctx, full_body)
                script = Path(scratch) / f"{name}.lua"
                script.write_text(
                    LUA
                    % {
                        "ids": ",".join(map(str, ctx["ids"])),
                        "token": ctx["token"],
                        "org": ctx["org"],
                        "path": full_path,
                        "method": method,
                        "body": full_body,
                    }
                )
                results[name] = wrk(str(script), args.seconds, args.connections)
    finally:
        server.terminate()
        server.wait()
    floor_file = args.floor or default_floor / f"results-{args.db}.json"
    if floor_file.exists():
        floor = json.loads(floor_file.read_text()).get("http", {})
        for name, (*_rest, floor_name) in OPERATIONS.items():
            if floor.get(floor_name, {}).get("req_s"):
                results[name]["floor_req_s"] = floor[floor_name]["req_s"]
                results[name]["ratio_to_floor"] = round(results[name]["req_s"] / floor[floor_name]["req_s"], 3)
    document = {"db": args.db, "workers": args.workers, "connections": args.connections, "http": results}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"http-{args.db}.json").write_text(json.dumps(document, indent=2))
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
