"""Turns the plans of one organization into rows (the bulk writer `regie.demo.bulk.Table`)."""

from collections import defaultdict
from decimal import ROUND_HALF_UP

from django.contrib.contenttypes.models import ContentType

from regie.core.models import Counter
from regie.core.numbering import format_number

from ..models import (
    InterventionRequest,
    WorkOrder,
)
from .audit_rows import AuditRows
from .base import CENT, ZERO
from .notification_rows import NotificationRows
from .record_rows import RecordRows
from .snapshots import KIND_TOTAL, TOTALS


class Writer(RecordRows, AuditRows, NotificationRows):
    """Turns the plans of one organization into rows, with their audit trail, numbers and notifications."""

    def __init__(self, demo, simulation, plans):
        self.demo, self.sim, self.plans = demo, simulation, plans
        self.organization = simulation.org.organization
        self.org_id = self.organization.pk
        types = ContentType.objects.get_for_models(InterventionRequest, WorkOrder)
        self.request_type, self.order_type = types[InterventionRequest].pk, types[WorkOrder].pk
        self.numbers = {}  # (prefix, year) → last number
        self.orders = sorted((o for p in plans for o in p.work_orders), key=lambda o: o.created)
        self.counts = defaultdict(int)

    def number(self, prefix, at):
        year = at.year  # the history's moments are in the organization's time zone
        value = self.numbers.get((prefix, year), 0) + 1
        self.numbers[(prefix, year)] = value
        return format_number(prefix, year, value)  # as `next_number` writes it

    def write(self):
        self.totals()
        self.requests()
        self.work_orders()
        self.costs()
        self.audit()
        self.notifications()
        Counter.objects.bulk_create(
            [Counter(organization=self.organization, prefix=p, year=y, value=v) for (p, y), v in self.numbers.items()]
        )
        return self.counts

    def totals(self):
        """The pre-aggregated totals the cost services keep: a work order's, and its request's (their sum)."""
        for plan in self.plans:
            plan.totals = dict.fromkeys(TOTALS, ZERO)
        for order in self.orders:
            totals = dict.fromkeys(TOTALS, ZERO)
            costs = []
            for _agent, _day, hours, rate, _by, _at in order.entries:
                cost = (hours * rate).quantize(CENT, ROUND_HALF_UP)
                costs.append(cost)
                totals["labour_cost"] += cost
                totals["hours"] += hours
            amounts = []
            for kind, _label, _day, quantity, _unit, unit_cost, _ref, _by, _at in order.lines:
                amount = (quantity * unit_cost).quantize(CENT, ROUND_HALF_UP)
                amounts.append(amount)
                totals[KIND_TOTAL[kind]] += amount
            order.costs, order.amounts, order.totals = costs, amounts, totals
            request_totals = order.request.totals
            for name in TOTALS:
                request_totals[name] += totals[name]
