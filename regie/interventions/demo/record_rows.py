"""Rows of requests, work orders, time entries and cost lines."""

from regie.demo.bulk import Table

from ..models import (
    CostLine,
    InterventionRequest,
    TimeEntry,
    WorkOrder,
    normalize_place,
)


class RecordRows:
    """The records of the plans, as table rows."""

    def requests(self):
        table = Table(InterventionRequest, with_ids=True)
        ids = table.reserve(len(self.plans))
        rows = []
        for plan, pk in zip(self.plans, ids, strict=True):
            plan.pk, plan.number = pk, self.number("DI", plan.created)
            plan.values = {
                "id": pk,
                "created_at": plan.created,
                "updated_at": plan.events[-1][0],
                "organization_id": self.org_id,
                **plan.totals,
                "number": plan.number,
                "title": plan.title,
                "description": plan.description,
                "state": plan.state,
                "department_id": plan.department.pk,
                "requester_id": plan.requester.pk,
                "channel": plan.channel,
                "category_id": plan.category.pk,
                "priority_id": plan.priority.pk,
                "asset_id": plan.asset.pk if plan.asset else None,
                "location": plan.location,
                "location_key": normalize_place(plan.location),
                "latitude": plan.latitude,
                "longitude": plan.longitude,
                "desired_date": plan.desired_date,
                "budget_line_id": plan.budget_line.pk if plan.budget_line else None,
                "estimated_amount": plan.estimated,
                "cost_code_id": plan.cost_code.pk if plan.cost_code else None,
                "submitted_at": plan.submitted_at,
                "validated_at": plan.validated_at,
                "first_approved_by_id": plan.first_approved_by.pk if plan.first_approved_by else None,
                "approved_at": plan.approved_at,
                "responded_at": plan.responded_at,
                "done_at": plan.done_at,
                "closed_at": plan.closed_at,
                "response_due_at": plan.response_due,
                "resolution_due_at": plan.resolution_due,
                "last_reason": plan.last_reason,
                "satisfaction": plan.satisfaction,
                "satisfaction_comment": plan.satisfaction_comment,
            }
            rows.append(table.row(plan.values))
        table.insert(rows)
        self.counts["requests"] += len(rows)

    def work_orders(self):
        table = Table(WorkOrder, with_ids=True)
        ids = table.reserve(len(self.orders))
        rows = []
        for order, pk in zip(self.orders, ids, strict=True):
            plan = order.request
            order.pk, order.number = pk, self.number("BT", order.created)
            order.values = {
                "id": pk,
                "created_at": order.created,
                "updated_at": order.events[-1][0],
                "organization_id": self.org_id,
                **order.totals,
                "number": order.number,
                "request_id": plan.pk,
                "title": order.title,
                "description": plan.description,
                "kind": order.kind,
                "state": order.state,
                "category_id": order.category.pk,
                "priority_id": plan.priority.pk,
                "department_id": plan.department.pk,
                "asset_id": plan.asset.pk if plan.asset else None,
                "location": plan.location,
                "execution": order.execution,
                "team_id": order.team.pk if order.team else None,
                "contractor_id": order.contractor.pk if order.contractor else None,
                "planned_start": order.planned_start,
                "planned_end": order.planned_end,
                "estimated_hours": order.estimated_hours,
                "cost_code_id": plan.cost_code.pk if plan.cost_code else None,
                "started_at": order.started_at,
                "completed_at": order.completed_at,
                "closed_at": order.closed_at,
                "report": order.report if order.completed_at else "",
                "first_visit_fix": order.first_visit_fix,
                "follow_up_needed": order.follow_up_needed,
                "state_before_hold": order.state_before_hold,
                "last_reason": order.last_reason,
                "created_by_id": order.manager.pk,
            }
            rows.append(table.row(order.values))
        table.insert(rows)
        agents = Table(WorkOrder.agents.through, ["workorder", "agent"])
        agents.insert([(o.pk, a.pk) for o in self.orders for a in o.agents])
        skills = Table(WorkOrder.required_skills.through, ["workorder", "skill"])
        skills.insert([(o.pk, o.category.skill_id) for o in self.orders])
        self.counts["work_orders"] += len(rows)

    def costs(self):
        entries = Table(TimeEntry)
        lines = Table(CostLine)
        entry_rows, line_rows = [], []
        for order in self.orders:
            for (agent, day, hours, rate, by, at), cost in zip(order.entries, order.costs, strict=True):
                values = {
                    "created_at": at,
                    "updated_at": at,
                    "organization_id": self.org_id,
                    "work_order_id": order.pk,
                    "agent_id": agent.pk,
                    "date": day,
                    "hours": hours,
                    "hourly_rate": rate,
                    "cost": cost,
                    "recorded_by_id": by.pk,
                }
                entry_rows.append(entries.row(values))
            for line, amount in zip(order.lines, order.amounts, strict=True):
                kind, label, day, quantity, unit, unit_cost, reference, by, at = line
                values = {
                    "created_at": at,
                    "updated_at": at,
                    "organization_id": self.org_id,
                    "work_order_id": order.pk,
                    "kind": kind,
                    "label": label,
                    "date": day,
                    "quantity": quantity,
                    "unit": unit,
                    "unit_cost": unit_cost,
                    "amount": amount,
                    "reference": reference,
                    "recorded_by_id": by.pk,
                }
                line_rows.append(lines.row(values))
        entries.insert(entry_rows)
        lines.insert(line_rows)
        self.counts["time_entries"] += len(entry_rows)
        self.counts["cost_lines"] += len(line_rows)
