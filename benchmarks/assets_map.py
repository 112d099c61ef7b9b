"""The registry map's data endpoint at town scale: N assets in one organization (default 500,000), 50,000 of them in
the measured viewport, plus a neighbour organization's 50,000 in the same place (which must cost nothing).

Usage: python benchmarks/assets_map.py [--db postgres|sqlite|both] [--assets N] [--in-view N] [--reps N] [--reuse]
Each database in a subprocess (benchmarks.run.bench_env, its own database: regie_assetmap_bench /
var/bench/assets-map.sqlite3); prints JSON on stdout and writes var/bench/assets-map-<db>.json.
"""

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.own_database import run
from benchmarks.timing import timed

VIEW = (45.740, 4.820, 45.770, 4.860)  # (south, west, north, east): a few districts of a city
TOWN = (45.650, 4.700, 45.850, 5.000)  # the organization's territory


SIZES = {"--assets": (500_000, "assets of the town"), "--in-view": (50_000, "of them in the measured viewport")}


# its module, its var/bench/<stem>-<db>.json and SQLite file, its PostgreSQL database, default repetitions
BENCH = {"module": "benchmarks.assets_map", "stem": "assets-map", "pg_name": "regie_assetmap_bench", "reps": 30}


def main():
    run(__doc__, sizes=SIZES, load=load, measure=measure, **BENCH)


def load(n, in_view):
    """Org A: `in_view` assets inside VIEW, the rest over TOWN outside it; org B: 50,000 inside VIEW."""
    from django.db import connection

    from benchmarks.interventions import insert, model_row
    from regie.assets import tree
    from regie.assets.factories import AssetTypeFactory
    from regie.assets.models import Asset, AssetKind
    from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
    from regie.core.permissions import Role

    rnd = random.Random(15)
    t0 = time.perf_counter()
    town = OrganizationFactory(name="Métropole bench", slug="bench-town")
    neighbour = OrganizationFactory(name="Commune voisine bench", slug="bench-neighbour")
    MembershipFactory(organization=town, role=Role.MANAGER, user=UserFactory(username="bench-map"))
    kinds = [(AssetKind.TREE, 6), (AssetKind.STREET_LIGHT, 3), (AssetKind.BUILDING, 1)]
    types = {
        org.pk: [
            (AssetTypeFactory(organization=org, code=f"K{i}", kind=kind), weight)
            for i, (kind, weight) in enumerate(kinds)
        ]
        for org in (town, neighbour)
    }

    def point(box, outside=None):
        while True:
            lat, lon = rnd.uniform(box[0], box[2]), rnd.uniform(box[1], box[3])
            if outside is None or not (outside[0] <= lat <= outside[2] and outside[1] <= lon <= outside[3]):
                return round(lat, 6), round(lon, 6)

    def rows():
        pk = 0
        plan = [(town, in_view, VIEW, None), (town, n - in_view, TOWN, VIEW), (neighbour, 50_000, VIEW, None)]
        for org, count, box, outside in plan:
            kinds_of = types[org.pk]
            for i in range(count):
                pk += 1
                asset_type = rnd.choices([t for t, _ in kinds_of], [w for _, w in kinds_of])[0]
                lat, lon = point(box, outside)
                geometry = None
                if asset_type.kind == AssetKind.BUILDING:
                    d = 0.0002
                    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
                    geometry = json.dumps({"type": "Polygon", "coordinates": [ring]})
                yield [
                    pk,
                    *model_row(
                        Asset,
                        {
                            "organization_id": org.pk,
                            "code": f"B{pk:07d}",
                            "name": f"{asset_type.get_kind_display()} {i}",
                            "sort_name": f"{asset_type.kind} {i:07d}",
                            "asset_type_id": asset_type.pk,
                            "path": tree.key_of(pk),
                            "latitude": lat,
                            "longitude": lon,
                            "geometry": geometry,
                            "attributes": "{}",
                        },
                    ),
                ]

    from benchmarks import interventions

    real_columns = interventions.columns
    interventions.columns = lambda model: ["id", *real_columns(model)]
    try:
        insert(Asset, rows())
    finally:
        interventions.columns = real_columns
    with connection.cursor() as cursor:
        # PostgreSQL's index-only scans need the visibility map (autovacuum writes it in production)
        cursor.execute("VACUUM ANALYZE assets_asset" if connection.vendor == "postgresql" else "ANALYZE")
    return {"load_s": round(time.perf_counter() - t0, 1)}


def ensure_area(organization_id):
    """The town's boundary (the map page opens fitted to it)."""
    from regie.assets.models import OrganizationArea

    south, west, north, east = TOWN
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    OrganizationArea.objects.get_or_create(
        organization_id=organization_id,
        archived_at=None,
        defaults={
            "name": "Métropole bench",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "min_latitude": south, "min_longitude": west, "max_latitude": north, "max_longitude": east,
        },
    )  # fmt: skip


def measure(reps):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from regie.assets.models import Asset

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-map"))
    town = Asset.objects.order_by("pk").values_list("organization_id", flat=True).first()
    ensure_area(town)
    data_url = reverse("assets:map-data")
    south, west, north, east = VIEW
    mid_lat, mid_lon = (south + north) / 2, (west + east) / 2
    street = f"{mid_lat - 0.002},{mid_lon - 0.004},{mid_lat + 0.002},{mid_lon + 0.004}"

    def get(url, params, expect=None):
        def call():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code, response.content[:200])
            if expect:
                expect(response)

        return call

    in_view = Asset.objects.filter(organization_id=town).in_box(*VIEW).count()

    def clustered(response):
        assert response.json()["clustered"] and response.json()["total"] == in_view, response.json()["total"]

    view = ",".join(map(str, VIEW))
    ops = {
        "map_data_viewport_50k_clustered_zoom14": get(data_url, {"bbox": view, "zoom": 14}, clustered),
        "map_data_viewport_50k_trees_only": get(data_url, {"bbox": view, "zoom": 14, "kind": "tree"}),
        "map_data_whole_town_zoom11": get(data_url, {"bbox": ",".join(map(str, TOWN)), "zoom": 11}),
        "map_data_street_points_and_outlines_zoom17": get(data_url, {"bbox": street, "zoom": 17}),
        "map_page_html": get(reverse("assets:map"), {}),
    }
    results = {name: timed(fn, reps) for name, fn in ops.items()}
    results["_scope"] = {
        "assets": Asset.objects.count(),
        "town_assets": Asset.objects.filter(organization_id=town).count(),
        "in_view": in_view,
        "street_features": len(client.get(data_url, {"bbox": street, "zoom": 17}).json()["features"]),
        "clusters_at_zoom14": len(client.get(data_url, {"bbox": view, "zoom": 14}).json()["features"]),
    }
    return results


if __name__ == "__main__":
    main()
