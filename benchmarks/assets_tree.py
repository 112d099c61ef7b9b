"""The asset registry at town scale: load N assets (sites → buildings → levels → rooms → equipment) in bulk, then
time the subtree queries ("all boilers of all schools of a group", "everything in this site"), a move of a
building with its contents, and the list and asset pages when they exist.

Usage: python benchmarks/assets_tree.py [--db postgres|sqlite|both] [--assets 500000] [--reps 30] [--reuse]
`--reuse` measures again on the databases a previous run loaded (migrated first).
Each database runs in a subprocess (benchmarks.run.bench_env); prints JSON on stdout.
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
from benchmarks.timing import timed

# children per node at each level: 1 root site per 5,000 assets; 25 buildings; 4 levels; 10 rooms; 4 equipment
SHAPE = (25, 4, 10, 4)


def fresh_database(db):
    if db == "postgres":
        for sql in ("DROP DATABASE IF EXISTS regie_bench", "CREATE DATABASE regie_bench"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"bench.sqlite3{suffix}").unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=["postgres", "sqlite", "both"])
    parser.add_argument("--assets", type=int, default=500_000)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="measure on the databases loaded by a previous run")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        import django

        django.setup()
        print(json.dumps(measure(loaded() if args.reuse else load(args.assets), args.reps), indent=2))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for db in ["postgres", "sqlite"] if args.db == "both" else [args.db]:
        if not args.reuse:
            fresh_database(db)
        env = bench_env(db)
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        command = [sys.executable, __file__, "--inner", "--assets", str(args.assets), "--reps", str(args.reps)]
        command += ["--reuse"] if args.reuse else []
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"the measure on {db} failed:\n{result.stderr}")
        document = {"db": db, **json.loads(result.stdout)}
        (OUT / f"assets-tree-{db}.json").write_text(json.dumps(document, indent=2))
        print(json.dumps(document, indent=2))


def load(n):
    """Write about n assets in bulk, level by level (the paths need the parents' primary keys)."""
    from django.db import transaction

    from regie.assets import tree
    from regie.assets.models import Asset, AssetKind, AssetType
    from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
    from regie.core.permissions import Role

    t0 = time.perf_counter()
    org = OrganizationFactory(name="Ville de Benchmark", slug="bench")
    other = OrganizationFactory(name="Autre ville", slug="other")  # its rows sit in the same index
    manager = UserFactory(username="bench.manager")
    MembershipFactory(organization=org, user=manager, role=Role.MANAGER)
    kinds = [AssetKind.SITE, AssetKind.BUILDING, AssetKind.LEVEL, AssetKind.SPACE, AssetKind.EQUIPMENT]
    types = {
        (o.pk, kind): AssetType.objects.create(organization=o, code=kind[:10].upper(), name=kind.label, kind=kind)
        for o in (org, other)
        for kind in kinds
    }
    per_site = 1 + 25 + 25 * 4 + 25 * 4 * 10 + 25 * 4 * 10 * 4
    sites = max(1, n // per_site)
    total, next_id = 0, 0  # primary keys given here, so each row's path is written with it (one pass)
    for o, count in ((org, sites), (other, max(1, sites // 10))):
        with transaction.atomic():
            level = [None] * count
            for depth, kind in enumerate(kinds):
                rows = []
                for parent_index, parent in enumerate(level):
                    fan = 1 if parent is None else SHAPE[depth - 1]
                    for i in range(fan):
                        number = f"{kind[:3].upper()}-{depth}-{parent_index}-{i}"
                        power = {"power_kw": str(10 + len(rows) % 90)}
                        next_id += 1
                        rows.append(
                            Asset(
                                id=next_id,
                                path=tree.path_under(parent, next_id),
                                organization=o,
                                code=number,
                                name=f"{kind.label} {parent_index}.{i}",
                                asset_type=types[(o.pk, kind)],
                                parent=parent,
                                depth=depth,
                                latitude=48.8 + (len(rows) % 1000) / 10000,
                                longitude=2.3 + (len(rows) // 1000 % 1000) / 10000,
                                attributes=power if kind == AssetKind.EQUIPMENT else {},
                            )
                        )
                if level[0] is None:
                    rows = rows[:count]
                level = Asset.objects.bulk_create(rows, batch_size=5000)
                created = level
                total += len(created)
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Asset]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    return {"org": org.pk, "manager": manager.pk, "assets": total, "load_s": round(time.perf_counter() - t0, 1)}


def loaded():
    """The scope of the registry a previous run loaded."""
    from regie.assets.models import Asset
    from regie.core.models import Organization, User

    org = Organization.objects.get(slug="bench")
    manager = User.objects.get(username="bench.manager")
    return {"org": org.pk, "manager": manager.pk, "assets": Asset.objects.count(), "load_s": None}


def measure(scope, reps):
    from django.test import Client

    from regie.assets import services
    from regie.assets.models import Asset, AssetKind
    from regie.core.models import Organization, User

    org = Organization.objects.get(pk=scope["org"])
    manager = User.objects.get(pk=scope["manager"])
    mine = Asset.objects.filter(organization=org)
    site = mine.filter(depth=0).order_by("pk")[len(mine.filter(depth=0)) // 2]
    building = mine.filter(parent=site).order_by("pk").first()
    other_site = mine.filter(depth=0).exclude(pk=site.pk).order_by("pk").first()
    equipment = mine.filter(path__startswith=building.path, depth=4).first()
    ops = {
        "subtree_count_site": lambda: mine.within(site).count(),
        "subtree_first_page_site": lambda: list(mine.within(site).order_by("sort_name", "pk")[:50]),
        "equipment_of_a_site_by_type": lambda: mine.within(site).filter(asset_type__kind=AssetKind.EQUIPMENT).count(),
        "equipment_above_50kw_in_site": lambda: mine.within(site).filter(attributes__power_kw__gt="50").count(),
        "ancestors_of_equipment": lambda: list(Asset.objects.filter(pk__in=equipment.ancestor_ids)),
    }
    results = {name: timed(fn, reps) for name, fn in ops.items()}
    flip = [other_site, site]

    def move():
        target = flip.pop(0)
        flip.append(target)
        fresh = Asset.objects.get(pk=building.pk)
        services.update_asset(fresh, by=manager, data={"parent": Asset.objects.get(pk=target.pk)})

    results["move_building_with_641_parts"] = timed(move, max(5, reps // 3))
    client = Client()
    client.force_login(manager)
    results.update({name: timed(page, reps) for name, page in page_operations(client, site, building).items()})
    results["html_list_page_one_asset_shared_with_it"] = shared_list(client, org, reps)
    results["_scope"] = {**scope, "site_subtree": mine.within(site).count()}
    return results


def page_operations(client, site, building):
    """The registry's pages as the manager reads them (name → callable): the list, the building's page and each
    of its lazily loaded sections, the list of a site's subtree."""
    from django.urls import reverse

    from regie.assets.sections import SECTIONS

    def page(url, query=None):
        def get():
            response = client.get(url, query or {}, HTTP_HOST="localhost")
            assert response.status_code == 200, response.status_code

        return get

    detail = reverse("assets:asset-detail", args=[building.pk])
    ops = {
        "html_list_page": page(reverse("assets:asset-list")),
        "html_detail_page": page(detail),
        "html_list_subtree": page(reverse("assets:asset-list"), {"within": site.pk}),
    }
    for key, section in sorted(SECTIONS.items()):
        if getattr(section, "lazy", False):
            ops[f"html_detail_section_{key}"] = page(reverse("assets:asset-section", args=[building.pk, key]))
    return ops


def bench_scope():
    """(client logged in as the manager, the measured site, its first building) on a loaded database."""
    from django.test import Client

    from regie.assets.models import Asset
    from regie.core.models import Organization, User

    scope = loaded()
    mine = Asset.objects.filter(organization=Organization.objects.get(pk=scope["org"]))
    site = mine.filter(depth=0).order_by("pk")[len(mine.filter(depth=0)) // 2]
    client = Client()
    client.force_login(User.objects.get(pk=scope["manager"]))
    return client, site, mine.filter(parent=site).order_by("pk").first()


def shared_list(client, org, reps):
    """The list's first page when the neighbour shares one asset with the organization (as an agglomeration the
    gym it manages for the commune that owns it), the share removed afterwards."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    from regie.assets.models import Asset
    from regie.core.models import Share

    lent = Asset.objects.exclude(organization=org).order_by("pk").first()
    share = Share.objects.create(
        organization=lent.organization,
        target=org,
        content_type=ContentType.objects.get_for_model(Asset),
        object_id=lent.pk,
    )
    url = reverse("assets:asset-list")

    def page():
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code

    try:
        return timed(page, reps)
    finally:
        share.delete()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
    main()
