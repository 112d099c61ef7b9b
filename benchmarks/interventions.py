"""Benchmark body, run by benchmarks/run.py in a subprocess configured for one database.

python -m benchmarks.interventions N REPS → loads N work orders (+ N/2 requests, 3 audit events each) and prints
JSON timings of the list, detail, write and roll-up operations, in-process through Django's test client.
"""

import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal

import django

from benchmarks.timing import timed

django.setup()

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
from regie.core.models import AuditEvent, Membership
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.costs_report import cost_report
from regie.interventions.factories import CategoryFactory, standard_priorities
from regie.interventions.models import InterventionRequest, WorkOrder
from regie.people.factories import DepartmentFactory, TeamFactory

ORGS = 40
START = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
SPAN_S = 5 * 365 * 86400
WO_STATES = (
    ["closed"] * 62
    + ["done"] * 8
    + ["cancelled"] * 5
    + ["to_plan"] * 6
    + ["planned"] * 10
    + ["in_progress"] * 8
    + ["on_hold"] * 1
)
REQ_FOR_WO = {
    "closed": "closed",
    "done": "done",
    "cancelled": "approved",
    "to_plan": "approved",
    "planned": "planned",
    "in_progress": "in_progress",
    "on_hold": "in_progress",
}


def base_data():
    """40 organizations (Zipf sizes, like the floor), each with departments, teams, categories, priorities."""
    orgs = []
    for i in range(ORGS):
        org = OrganizationFactory(name=f"Commune bench {i + 1}", slug=f"bench-{i + 1}")
        departments = [DepartmentFactory(organization=org, code=f"D{j}") for j in range(10)]
        teams = [TeamFactory(organization=org, code=f"T{j}", department=departments[0]) for j in range(20)]
        categories = [CategoryFactory(organization=org, code=f"C{j}") for j in range(8)]
        priorities = standard_priorities(org)
        requester = MembershipFactory(organization=org, role=Role.MANAGER, user=UserFactory()).user
        orgs.append((org, departments, teams, categories, priorities, requester))
    return orgs


def model_row(model, values):
    """All concrete columns of `model`, from `values` (by attname) or the field defaults."""
    row = []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in values:
            row.append(values[field.attname])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            row.append(now)
        elif field.has_default():
            row.append(field.get_default())
        elif not field.null and field.get_internal_type() in ("CharField", "TextField"):
            row.append("")
        else:
            row.append(None)
    return row


def columns(model):
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def insert(model, rows):
    table, cols = model._meta.db_table, columns(model)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.connection.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 10000:
                    cur.executemany(sql, batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)


def load(n):
    rnd = random.Random(42)
    t0 = time.perf_counter()
    orgs = base_data()
    weights = [1 / (i + 1) for i in range(ORGS)]
    n_requests = n // 2
    request_orgs = rnd.choices(range(ORGS), weights, k=n_requests)
    created = [START + dt.timedelta(seconds=rnd.randrange(SPAN_S)) for _ in range(n_requests)]
    states = [rnd.choice(WO_STATES) for _ in range(n)]

    def request_rows():
        for i in range(n_requests):
            org, departments, _teams, categories, priorities, requester = orgs[request_orgs[i]]
            c = created[i]
            state = REQ_FOR_WO[states[2 * i]]
            yield model_row(
                InterventionRequest,
                {
                    "organization_id": org.pk,
                    "number": f"DI-{i:07d}",
                    "title": f"Fuite robinet vestiaire {i}",
                    "description": "Constat, travaux réalisés, pièces remplacées.",
                    "state": state,
                    "department_id": departments[i % 10].pk,
                    "requester_id": requester.pk,
                    "category_id": categories[i % 8].pk,
                    "priority_id": priorities[i % 4].pk,
                    "location": f"Gymnase {i % 300}",
                    "location_key": f"gymnase {i % 300}",
                    "created_at": c,
                    "updated_at": c,
                    "submitted_at": c,
                    "resolution_due_at": c + dt.timedelta(days=15),
                    "idempotency_key": None,
                    "closed_at": c + dt.timedelta(days=9) if state == "closed" else None,
                },
            )

    with transaction.atomic():
        insert(InterventionRequest, request_rows())
    first_request = InterventionRequest.objects.order_by("pk").values_list("pk", flat=True).first()

    def work_order_rows():
        for i in range(n):
            r = i // 2 if i // 2 < n_requests else n_requests - 1
            org, departments, teams, categories, priorities, requester = orgs[request_orgs[r]]
            c = created[r] + dt.timedelta(days=1)
            start = c + dt.timedelta(days=rnd.randrange(0, 20), hours=8)
            state = states[i]
            yield model_row(
                WorkOrder,
                {
                    "organization_id": org.pk,
                    "number": f"BT-{i:07d}",
                    "request_id": first_request + r,
                    "title": f"Intervention {i} - fuite robinet vestiaire",
                    "state": state,
                    "category_id": categories[r % 8].pk,
                    "priority_id": priorities[r % 4].pk,
                    "department_id": departments[r % 10].pk,
                    "team_id": teams[rnd.randrange(20)].pk,
                    "planned_start": start,
                    "planned_end": start + dt.timedelta(hours=rnd.randrange(1, 8)),
                    "created_at": c,
                    "updated_at": c,
                    "labour_cost": Decimal(f"{rnd.uniform(20, 900):.2f}"),
                    "material_cost": Decimal(f"{rnd.uniform(0, 400):.2f}"),
                    "hours": Decimal(f"{rnd.uniform(1, 20):.2f}"),
                    "closed_at": start + dt.timedelta(hours=9) if state == "closed" else None,
                    "created_by_id": requester.pk,
                },
            )

    with transaction.atomic():
        insert(WorkOrder, work_order_rows())
    ct = ContentType.objects.get_for_model(InterventionRequest).pk

    def audit_rows():
        for i in range(n_requests):
            org = orgs[request_orgs[i]]
            for step, (action, change) in enumerate(
                (
                    ("create", {}),
                    ("transition", {"state": ["draft", "submitted"]}),
                    ("transition", {"state": ["submitted", "approved"]}),
                )
            ):
                yield model_row(
                    AuditEvent,
                    {
                        "organization_id": org[0].pk,
                        "content_type_id": ct,
                        "object_id": first_request + i,
                        "object_repr": f"DI-{i:07d}",
                        "action": action,
                        "actor_id": org[5].pk,
                        "channel": "import",
                        "at": created[i] + dt.timedelta(hours=step),
                        "changes": json.dumps(change),
                        "reason": "",
                    },
                )

    with transaction.atomic():
        insert(AuditEvent, audit_rows())
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {
        "work_orders": n,
        "requests": n_requests,
        "audit_events": 3 * n_requests,
        "load_s": round(time.perf_counter() - t0, 1),
    }, orgs


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def measure(orgs, reps):
    ops, scope = operations(orgs)
    results = {}
    for name, fn in ops.items():
        try:
            results[name] = timed(fn, reps if "summary" not in name else max(10, reps // 3))
        except AssertionError as error:  # a page not built yet: report it, measure the rest
            results[name] = {"error": str(error)}
    results["_scope"] = scope()
    return results


def operations(orgs):
    """The timed operations (name → callable) on the first organization, and a function giving their scope."""
    rnd = random.Random(7)
    org, _departments, teams, categories, priorities, manager = orgs[0]
    client = Client()
    client.force_login(manager)
    anonymous = Client()  # the API as a script or an app calls it: a token, no session (as over HTTP)
    with_token = {
        "HTTP_AUTHORIZATION": f"Token {AuthToken.objects.create(manager)[1]}",
        "HTTP_ACCEPT": "application/json",
    }
    member = Membership.objects.get(organization=org, user=manager)
    request_ids = list(InterventionRequest.objects.filter(organization=org).values_list("pk", flat=True)[:5000])
    team = teams[3].pk
    three = f"group=open&team={team}&priority={priorities[2].pk}"
    year = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    # deep pages reached by "Next" links: cursors of rows 5,000–20,000 into the default order (newest first)
    from regie.core.pagination import make_cursor

    default_order = [("created_at", True), ("pk", True)]
    listed = WorkOrder.objects.filter(organization=org, archived_at__isnull=True).order_by("-created_at", "-pk")
    deep = [listed[rnd.randrange(5_000, 20_000)] for _ in range(20)]
    cursors = [make_cursor(default_order, row, "next") for row in deep]
    ops = {
        "wo_list_3_filters_html": lambda: get(client, f"/interventions/work-orders/?{three}"),
        "wo_list_3_filters_api": lambda: get(client, f"/api/v1/work-orders/?{three}"),
        "wo_list_first_page_html": lambda: get(client, "/interventions/work-orders/?group=finished"),
        "wo_list_deep_page_html": lambda: get(client, f"/interventions/work-orders/?page={rnd.randrange(100, 400)}"),
        "wo_list_deep_page_by_cursor_html": lambda: get(
            client, f"/interventions/work-orders/?page={rnd.randrange(100, 400)}&cursor={rnd.choice(cursors)}"
        ),
        "wo_list_deep_page_by_cursor_api": lambda: get(
            client, f"/api/v1/work-orders/?page={rnd.randrange(100, 400)}&cursor={rnd.choice(cursors)}"
        ),
        "request_detail_html": lambda: get(client, f"/interventions/requests/{rnd.choice(request_ids)}/"),
        "request_detail_api": lambda: get(client, f"/api/v1/requests/{rnd.choice(request_ids)}/"),
        "request_detail_api_token": lambda: get(
            anonymous, f"/api/v1/requests/{rnd.choice(request_ids)}/", **with_token
        ),
        "wo_list_3_filters_api_token": lambda: get(anonymous, f"/api/v1/work-orders/?{three}", **with_token),
        "me_api_token": lambda: get(anonymous, "/api/v1/me/", **with_token),  # the cheapest authenticated call
        "create_request_service": lambda: services.create_request(
            by=manager,
            organization=org,
            data={
                "title": "Nouvelle demande",
                "description": "Banc cassé",
                "category": categories[0],
                "location": "Parc des Ormes",
            },
        ),
        "cost_summary_by_department_one_year": lambda: cost_report(
            org, member, group_by="department", date_from=year[0], date_to=year[1]
        ),
        "cost_summary_by_month_one_year": lambda: cost_report(
            org, member, group_by="month", date_from=year[0], date_to=year[1]
        ),
    }

    def scope():
        return {
            "organization_work_orders": WorkOrder.objects.filter(organization=org).count(),
            "matching_3_filters": WorkOrder.objects.filter(
                organization=org,
                team_id=team,
                priority=priorities[2],
                state__in=["to_plan", "planned", "accepted", "in_progress", "on_hold"],
            ).count(),
        }

    return ops, scope


def loaded_orgs():
    """The base data of an already loaded benchmark database (to measure again without reloading)."""
    from regie.core.models import Organization
    from regie.interventions.models import Category, Priority
    from regie.people.models import Department, Team

    org = Organization.objects.get(slug="bench-1")
    manager = org.memberships.select_related("user").first().user
    return [
        (
            org,
            list(Department.objects.filter(organization=org).order_by("code")),
            sorted(Team.objects.filter(organization=org), key=lambda t: int(t.code[1:])),
            sorted(Category.objects.filter(organization=org), key=lambda c: int(c.code[1:])),
            list(Priority.objects.filter(organization=org).order_by("rank")),
            manager,
        )
    ]


if __name__ == "__main__":
    n, reps = int(sys.argv[1]), int(sys.argv[2])
    if n == 0:  # measure again on the loaded database
        loaded, orgs = {"work_orders": WorkOrder.objects.count(), "reused": True}, loaded_orgs()
    else:
        loaded, orgs = load(n)
    out = {
        "db": connection.vendor,
        "load": loaded,
        "in_process": measure(orgs, reps),
        "date": str(dt.date.today()),
        "django": django.get_version(),
    }
    print(json.dumps(out))
