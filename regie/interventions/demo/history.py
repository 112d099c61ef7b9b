"""The `interventions_history` step: simulate each organization, write its rows, vote its budgets."""

import math
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db import connections, router
from django.utils import timezone

from regie.core.models import AuditEvent
from regie.demo.generator import demo_step
from regie.notifications.models import Notification

from ..models import (
    BudgetLine,
    CostLine,
    InterventionRequest,
    TimeEntry,
    WorkOrder,
)
from .base import CENT
from .simulation import Simulation
from .writer import Writer


def _vote_budgets(simulation, plans):
    """Voted amounts: what each line's requests were estimated at, over the whole year, plus a margin."""
    start, today = simulation.start, simulation.today
    rng = simulation.demo.rng("interventions_budgets", simulation.key)
    spent = defaultdict(Decimal)
    for plan in plans:
        if plan.budget_line is not None and plan.estimated is not None:
            spent[plan.budget_line.code] += plan.estimated
    lines = list(simulation.ref.budget_lines.values())
    for line in lines:
        first, last = max(start, date(line.year, 1, 1)), min(today, date(line.year, 12, 31))
        covered = max(1, (last - first).days + 1) / (366 if line.year % 4 == 0 else 365)
        yearly = float(spent[line.code]) / covered * rng.uniform(1.05, 1.3)
        line.amount = Decimal(max(1000, math.ceil(yearly / 500) * 500)).quantize(CENT)
    table = BudgetLine._meta.db_table
    with connections[router.db_for_write(BudgetLine)].cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{table}" SET "amount" = %s WHERE "id" = %s',  # noqa: S608 (model metadata only)
            [(line.amount, line.pk) for line in lines],
        )


@demo_step("interventions_history", after="interventions_reference")
def create_history(demo):
    now = timezone.now()
    with _large_cache():
        for key, org in demo.orgs.items():
            simulation = Simulation(demo, key, now)
            plans = simulation.plans()
            org.extra["interventions_counts"] = dict(Writer(demo, simulation, plans).write())
            _vote_budgets(simulation, plans)
    _analyze(AuditEvent, InterventionRequest, WorkOrder, WorkOrder.agents.through, TimeEntry, CostLine, Notification)


@contextmanager
def _large_cache(kibibytes=256 * 1024):
    """SQLite keeps 2 MiB of pages by default: the indexes of half a million audit events want more while they
    grow (inserts twice as fast). PostgreSQL sizes its buffers itself."""
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _analyze(*models):
    """Planner statistics for the tables just filled: without them SQLite reads a request's timeline through the
    organization's whole audit trail (0.5 s instead of 1 ms); PostgreSQL's autovacuum would get there later."""
    for model in models:
        connection = connections[router.db_for_write(model)]
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
