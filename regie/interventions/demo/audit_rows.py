"""The audit trail of the history, timestamped as the history says."""

import json

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.demo.bulk import Table, utc_naive

from ..models import (
    InterventionRequest,
    WorkOrder,
)
from ..workflow import WorkOrderState as W
from .base import (
    CREATE,
    MOBILE,
    UPDATE,
    WEB,
)
from .snapshots import (
    AUDIT_COLUMNS,
    REQUEST_AT_CREATION,
    WORK_ORDER_AT_CREATION,
    _creation_snapshot,
)


class AuditRows:
    """The audit events of the plans' records."""

    def audit(self):
        """Every step of every request and work order: by whom, through which channel, when it happened; and
        the events the cost services record with each time entry and cost line."""
        table = Table(AuditEvent, AUDIT_COLUMNS)
        org_id, rows = self.org_id, []
        agent_user = self.sim.users[Role.AGENT]
        moment = (lambda at: at) if table.postgres else utc_naive
        dumps = json.dumps
        for plan in self.plans:
            text = f"{plan.number} — {plan.title}"[:200]
            for at, action, changes, actor, channel, reason in plan.events:
                if action == CREATE:
                    changes = _creation_snapshot(InterventionRequest, plan.values, REQUEST_AT_CREATION)
                by = actor.pk if actor is not None else None  # None: the system (a delay run out)
                row = (org_id, self.request_type, plan.pk, text, action, by, channel, moment(at), dumps(changes))
                rows.append((*row, reason))
        for order in self.orders:
            text = f"{order.number} — {order.title}"[:200]
            for at, action, changes, actor, channel, reason in order.events:
                if action == CREATE:
                    changes = self._work_order_created(order)
                row = (org_id, self.order_type, order.pk, text, action, actor.pk, channel, moment(at), dumps(changes))
                rows.append((*row, reason))
            for (agent, day, hours, _rate, by, at), cost in zip(order.entries, order.costs, strict=True):
                change = {"agent": str(agent), "date": day.isoformat(), "hours": str(hours), "cost": str(cost)}
                channel = MOBILE if by is agent_user else WEB
                changes = dumps({"time": [None, change]})
                rows.append((org_id, self.order_type, order.pk, text, UPDATE, by.pk, channel, moment(at), changes, ""))
            for line, amount in zip(order.lines, order.amounts, strict=True):
                kind, label, by, at = line[0], line[1], line[7], line[8]
                change = {"kind": kind, "label": label, "amount": str(amount)}
                changes = dumps({"cost": [None, change]})
                rows.append((org_id, self.order_type, order.pk, text, UPDATE, by.pk, WEB, moment(at), changes, ""))
        table.insert(rows)
        self.counts["audit_events"] += len(rows)

    def _work_order_created(self, order):
        overrides = {**WORK_ORDER_AT_CREATION, "state": order.created_state}
        if order.created_state == W.TO_PLAN:
            overrides.update(planned_start=None, planned_end=None, team=None)
        changes = _creation_snapshot(WorkOrder, order.values, overrides)
        if order.agents and order.created_state != W.TO_PLAN:
            changes["agents"] = [None, sorted(a.pk for a in order.agents)]
        changes["required_skills"] = [None, [order.category.skill_id]]
        return changes
