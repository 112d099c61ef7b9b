"""The residents' public map at town scale: the page and its GeoJSON with N open reports (default 20,000) of one
portal, plus its recently fixed ones, years of older history the map must skip (fixed or closed long ago, rejected,
merged) and a neighbour town's open reports in the same place (which must cost nothing). Issue target: under
300 ms for the GeoJSON of every open report.

Usage: python benchmarks/portal_map.py [--db postgres|sqlite|both] [--open N] [--history N] [--reps N] [--reuse]
Each database in a subprocess (benchmarks.run.bench_env, its own database: regie_portalmap_bench /
var/bench/portal-map.sqlite3); prints JSON on stdout and writes var/bench/portal-map-<db>.json.
"""

import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.own_database import run
from benchmarks.timing import timed

TOWN = (45.650, 4.700, 45.850, 5.000)  # (south, west, north, east): the portal's territory
SERVICES = [("ECL", "Éclairage public", 5), ("VOI", "Nid de poule", 4), ("PRO", "Propreté", 4),
            ("ESP", "Espaces verts", 2), ("MOB", "Mobilier urbain", 2), ("SIG", "Signalisation", 1),
            ("TAG", "Tags et graffitis", 1), ("EAU", "Fuite d’eau", 1)]  # fmt: skip
SLUG = "bench-portal"


SIZES = {"--open": (20_000, "open reports of the portal"), "--history": (100_000, "older reports the map skips")}


# its module, its var/bench/<stem>-<db>.json and SQLite file, its PostgreSQL database, default repetitions
BENCH = {"module": "benchmarks.portal_map", "stem": "portal-map", "pg_name": "regie_portalmap_bench", "reps": 20}


def main():
    run(__doc__, sizes=SIZES, load=load, measure=measure, **BENCH)


def load(n_open, n_history):
    """The portal's `n_open` open reports over the last year, 10 % as many fixed in the last 30 days, `n_history`
    older ones (fixed or closed over 30 days ago, rejected, merged); the neighbour's 20,000 open reports."""
    from django.db import connection
    from django.utils import timezone

    from benchmarks.interventions import insert, model_row
    from regie.core.factories import OrganizationFactory
    from regie.portal.factories import PortalSettingsFactory, ServiceCategoryFactory
    from regie.portal.models import PublicStatus, Report, Triage

    P = PublicStatus
    rnd = random.Random(17)
    t0 = time.perf_counter()
    now = timezone.now()
    town = OrganizationFactory(name="Ville bench", slug=SLUG)
    neighbour = OrganizationFactory(name="Commune voisine bench", slug="bench-portal-neighbour")
    services = {}
    for org in (town, neighbour):
        PortalSettingsFactory(organization=org, map_fixed_days=30)
        services[org.pk] = [
            (ServiceCategoryFactory(organization=org, code=code, name=name), weight) for code, name, weight in SERVICES
        ]
    counter = iter(range(1, 10**9))

    def rows(org, count, kind):
        kinds = services[org.pk]
        for _ in range(count):
            n = next(counter)
            service = rnd.choices([s for s, _ in kinds], [w for _, w in kinds])[0]
            values = {
                "organization_id": org.pk, "received_by_id": org.pk, "category_id": service.pk,
                "number": f"SIG-{n:07d}", "description": "Signalement de démonstration", "answers": "{}",
                "latitude": round(rnd.uniform(TOWN[0], TOWN[2]), 6),
                "longitude": round(rnd.uniform(TOWN[1], TOWN[3]), 6),
                "email": f"habitant{n}@example.org",
            }  # fmt: skip
            if kind == "open":
                values["status"] = rnd.choices([P.RECEIVED, P.PLANNED, P.IN_PROGRESS], [5, 3, 2])[0]
                values["created_at"] = now - timedelta(minutes=rnd.randrange(365 * 24 * 60))
            elif kind == "fixed":
                values["status"], values["triage"] = P.FIXED, Triage.CONVERTED
                values["ended_at"] = now - timedelta(minutes=rnd.randrange(29 * 24 * 60))
                values["created_at"] = values["ended_at"] - timedelta(days=rnd.randrange(1, 60))
            else:  # the years before: the map skips them all
                status = rnd.choices([P.FIXED, P.CLOSED, P.REJECTED, "merged"], [6, 2, 1, 1])[0]
                values["ended_at"] = now - timedelta(days=31 + rnd.randrange(5 * 365))
                values["created_at"] = values["ended_at"] - timedelta(days=rnd.randrange(1, 60))
                values["status"] = P.RECEIVED if status == "merged" else status
                values["triage"] = {P.REJECTED: Triage.REJECTED, "merged": Triage.MERGED}.get(status, Triage.CONVERTED)
            values["updated_at"] = values["created_at"]
            yield model_row(Report, values)

    insert(Report, rows(town, n_open, "open"))
    insert(Report, rows(town, n_open // 10, "fixed"))
    insert(Report, rows(town, n_history, "history"))
    insert(Report, rows(neighbour, 20_000, "open"))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE portal_report" if connection.vendor == "postgresql" else "ANALYZE")
    return {"load_s": round(time.perf_counter() - t0, 1)}


def measure(reps):
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from regie.portal.models import Report

    cache.clear()
    client = Client()
    data_url = reverse("public:map-data", args=[SLUG])
    page_url = reverse("public:map", args=[SLUG])
    sizes = {}

    def get(url, params, name, headers=None):
        def call():
            response = client.get(url, params, headers=headers)
            assert response.status_code == 200, (url, response.status_code, response.content[:200])
            sizes[name] = len(response.content)

        return call

    ops = {
        "geojson_all_open_and_recently_fixed": (data_url, {}),
        "geojson_open_only": (data_url, {"status": "open"}),
        "geojson_one_service": (data_url, {"service": "ECL"}),
        "geojson_two_services_fixed": (data_url, {"service": ["VOI", "PRO"], "status": "fixed"}),
        "map_page_html": (page_url, {}),
        "map_page_html_filtered_page_5": (page_url, {"service": "ECL", "page": 5}),
    }
    results = {name: timed(get(url, params, name), reps) for name, (url, params) in ops.items()}
    # what a browser asks: gzip (level 1) costs ~18 ms here and makes the download 13× smaller
    gzip_name = "geojson_all_open_and_recently_fixed_gzip"
    results[gzip_name] = timed(get(data_url, {}, gzip_name, {"Accept-Encoding": "gzip, deflate, br"}), reps)
    features = {
        name: len(json.loads(client.get(url, params).content)["features"])
        for name, (url, params) in ops.items()
        if url == data_url
    }
    results["_scope"] = {
        "reports": Report.objects.count(),
        "portal_reports": Report.objects.filter(organization__slug=SLUG).count(),
        "features": features,
        "bytes": sizes,
    }
    return results


if __name__ == "__main__":
    main()
