"""The dashboards at the analytics issue's volume: 1,000,000 work orders (500,000 requests) and 2,000,000 time
entries across 40 organizations (Zipf sizes, the floor's), on PostgreSQL (and SQLite).

    .venv/bin/python benchmarks/analytics_dashboard.py --db postgres            # load, then measure
    .venv/bin/python benchmarks/analytics_dashboard.py --db postgres --reuse    # measure again

Measures, for the largest organization and one year: the director's dashboard built in-process (every tile with
its previous period, the tables, the trend), the same page through Django's test client (middleware, template),
every indicator's figure alone (the heaviest is the issue's "heaviest indicator query"), and the floor's monthly
roll-up (cost by month and team for an organization-year) written with the ORM on the same data. Compare with the
floor's `monthly_cost_by_team_one_year` timed in the same run (`../shared/floor/run.sh`).
"""

import datetime as dt
import random
import time
from decimal import Decimal

from benchmarks.own_database import run

DOC = __doc__


def load(work_orders, time_entries):
    from django.db import connection, transaction

    from benchmarks import interventions
    from regie.interventions.models import TimeEntry, WorkOrder
    from regie.people.factories import AgentFactory

    loaded, orgs = interventions.load(work_orders)
    t0 = time.perf_counter()
    # what the dashboards read beyond the loader's: answers, approvals, ratings, kinds, completions, first visits
    with connection.cursor() as cur:
        rand = "random()" if connection.vendor == "postgresql" else "(abs(random()) / 9223372036854775807.0)"
        if connection.vendor == "postgresql":
            hours = "* interval '1 hour'"
            add = lambda column, expr: f"{column} + ({expr}) {hours}"  # noqa: E731
        else:
            add = lambda column, expr: f"datetime({column}, '+' || cast(({expr}) as integer) || ' hours')"  # noqa: E731
        cur.execute(
            f"UPDATE interventions_interventionrequest SET responded_at = {add('submitted_at', f'1 + {rand} * 72')}, "
            f"approved_at = CASE WHEN state NOT IN ('submitted', 'rejected') THEN "
            f"{add('submitted_at', f'2 + {rand} * 96')} END, "
            f"satisfaction = CASE WHEN state = 'closed' AND {rand} < 0.6 THEN 1 + cast({rand} * 5 as integer) % 5 END, "
            f"channel = CASE WHEN {rand} < 0.2 THEN 'portal' WHEN {rand} < 0.3 THEN 'phone' ELSE 'web' END"
        )
        cur.execute(
            f"UPDATE interventions_workorder SET kind = CASE WHEN {rand} < 0.3 THEN 'preventive' "
            f"WHEN {rand} < 0.1 THEN 'urgent' ELSE 'corrective' END, "
            "completed_at = CASE WHEN state IN ('done', 'closed') THEN "
            f"{add('planned_start', f'1 + {rand} * 10')} END, "
            f"first_visit_fix = CASE WHEN state IN ('done', 'closed') THEN {rand} < 0.8 END"
        )
    # time entries: 20 agents per organization, entries spread over the work orders
    agents = {org.pk: [AgentFactory(organization=org) for _ in range(20)] for org, *_ in orgs}
    recorder = {org.pk: requester.pk for org, *_rest, requester in orgs}
    rows_of = WorkOrder.objects.order_by("pk").values_list("pk", "organization_id", "created_at")
    orders = list(rows_of)
    rnd = random.Random(7)

    def entry_rows():
        for i in range(time_entries):
            pk, org_id, created = orders[i % len(orders)]
            agent = agents[org_id][rnd.randrange(20)]
            hours = Decimal(rnd.choice(("0.50", "1.00", "2.00", "3.50", "7.00")))
            yield interventions.model_row(
                TimeEntry,
                {
                    "organization_id": org_id,
                    "work_order_id": pk,
                    "agent_id": agent.pk,
                    "date": (created + dt.timedelta(days=rnd.randrange(5))).date(),
                    "hours": hours,
                    "hourly_rate": Decimal("32.00"),
                    "cost": hours * 32,
                    "recorded_by_id": recorder[org_id],
                    "created_at": created,
                    "updated_at": created,
                },
            )

    with transaction.atomic():
        interventions.insert(TimeEntry, entry_rows())
    with connection.cursor() as cur:  # a database in steady state: autovacuum has set the visibility map
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {**loaded, "time_entries": time_entries, "enrich_s": round(time.perf_counter() - t0, 1)}


def measure(reps):
    from django.db.models import F, Sum
    from django.db.models.functions import TruncMonth
    from django.test import Client
    from django.utils import timezone

    from benchmarks.timing import timed
    from regie.analytics import dashboards
    from regie.analytics.indicators import figure, registry
    from regie.analytics.period import Period
    from regie.analytics.scope import scope_from_query
    from regie.core.models import Membership, Organization
    from regie.core.permissions import Role
    from regie.interventions.models import WorkOrder

    org = Organization.objects.get(slug="bench-1")  # the largest (Zipf rank 1)
    membership = Membership.objects.filter(organization=org, role=Role.MANAGER).select_related("user").first()
    last = WorkOrder.objects.filter(organization=org).order_by("-created_at").values_list("created_at", flat=True)[0]
    year = timezone.localtime(last).year - 1
    query = {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
    scope = scope_from_query(query, org, membership)
    now = timezone.now()
    results = {
        "organization_work_orders": WorkOrder.objects.filter(organization=org).count(),
        "year": year,
        "director_dashboard_build": timed(lambda: dashboards.build(scope, now), reps),
    }
    client = Client()
    client.force_login(membership.user)  # a member of this organization only

    def page():
        response = client.get("/analytics/", query)
        assert response.status_code == 200, response.status_code

    results["director_dashboard_page"] = timed(page, reps)
    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    per_indicator = {
        key: timed(lambda indicator=indicator: figure(indicator, scope, period, now, compare=False), max(5, reps // 2))
        for key, indicator in registry().items()
    }
    heaviest = max(per_indicator, key=lambda key: per_indicator[key]["median_ms"])
    results["indicators"] = per_indicator
    results["heaviest_indicator"] = {"key": heaviest, **per_indicator[heaviest]}
    span = (
        timezone.make_aware(dt.datetime(year, 1, 1)),
        timezone.make_aware(dt.datetime(year + 1, 1, 1)),
    )
    results["monthly_cost_by_team_one_year"] = timed(
        lambda: list(
            WorkOrder.objects.filter(organization=org, created_at__gte=span[0], created_at__lt=span[1])
            .annotate(month=TruncMonth("created_at"))
            .values("month", "team_id")
            .annotate(cost=Sum(F("labour_cost") + F("material_cost")))
        ),
        reps,
    )
    return results


if __name__ == "__main__":
    run(
        DOC,
        module="benchmarks.analytics_dashboard",
        stem="analytics",
        pg_name="regie_bench_analytics",
        reps=15,
        sizes={
            "--work-orders": (1_000_000, "work orders to load (0 with --reuse)"),
            "--time-entries": (2_000_000, "time entries to load"),
        },
        load=load,
        measure=measure,
    )
