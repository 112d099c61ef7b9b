"""Costs of work orders: time entries (hours × the agent's rate), materials, contractor invoices, equipment.

Each write updates the pre-aggregated totals of its work order and of the work order's request with F()
expressions in the same transaction, so cost roll-ups never scan the cost lines.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, Forbidden
from regie.core.permissions import Role
from regie.core.services import lock, mark_archived
from regie.core.validators import MAX_AMOUNT

from .. import presenters
from ..models import CostLine, InterventionRequest, TimeEntry, WorkflowSettings, WorkOrder
from ..workflow import WorkOrderState as W
from .work_orders import lock_work_order, may_act_on_work_order

CENT = Decimal("0.01")
KIND_FIELD = {
    CostLine.Kind.MATERIAL: "material_cost",
    CostLine.Kind.CONTRACTOR: "contractor_cost",
    CostLine.Kind.EQUIPMENT: "equipment_cost",
}
COSTABLE = (W.PLANNED, W.ACCEPTED, W.IN_PROGRESS, W.ON_HOLD, W.DONE, W.TO_PLAN)


def agent_rate(agent):
    """The agent's own loaded hourly cost, else the highest rate of their skills, else zero."""
    if agent.hourly_rate is not None:
        return Decimal(str(agent.hourly_rate))
    return agent.skills.aggregate(rate=Max("hourly_rate"))["rate"] or Decimal("0.00")


def _roll_up(work_order, **deltas):
    """Add `deltas` (field → Decimal) to the work order and its request, in the database."""
    update = {name: F(name) + value for name, value in deltas.items()}
    WorkOrder.objects.filter(pk=work_order.pk).update(**update)
    if work_order.request_id:
        InterventionRequest.objects.filter(pk=work_order.request_id).update(**update)


def _time_totals(entry):
    return {"labour_cost": entry.cost, "hours": entry.hours}


def _time_summary(entry):
    return {"agent": str(entry.agent), "date": entry.date.isoformat(), "hours": str(entry.hours)}


def _cost_totals(line):
    return {KIND_FIELD[line.kind]: line.amount}


def _cost_summary(line):
    return {"kind": line.kind, "label": line.label, "amount": str(line.amount)}


def _open_for_costs(work_order):
    if work_order.state not in COSTABLE:
        raise Conflict(
            _("Costs can no longer be added to this work order (status “%(state)s”).")
            % {"state": work_order.get_state_display()},
            code="finished",
        )


def _check_daily_cap(organization, agent, date, hours):
    """The errors of adding `hours` to what `agent` (locked) already has on `date`, under the organization's cap."""
    cap = WorkflowSettings.for_org(organization).max_daily_hours
    recorded = TimeEntry.objects.filter(agent=agent, date=date, archived_at__isnull=True).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal(0)
    if recorded + hours <= cap:
        return {}
    message = _(
        "At most %(cap)s h a day can be recorded for one agent in your organization: "
        "%(agent)s already has %(recorded)s h on this day."
    ) % {"cap": presenters.hours(cap), "agent": agent, "recorded": presenters.hours(recorded)}
    return {"hours": [message]}


def time_entry_date_error(organization, day):
    """Why hours cannot be recorded on `day` (None if they can): never in the future, and not older than the
    organization's horizon (`WorkflowSettings.time_entry_horizon_days`), both in the organization's time zone."""
    try:
        today = timezone.localdate(timezone=ZoneInfo(organization.timezone))
    except (ValueError, ZoneInfoNotFoundError):
        today = timezone.localdate()
    horizon = WorkflowSettings.for_org(organization).time_entry_horizon_days
    if day > today:
        return _("Time cannot be recorded in the future.")
    if day < today - timedelta(days=horizon):
        return _("Hours older than %(days)s days can no longer be recorded (your organization's setting).") % {
            "days": horizon
        }
    return None


@transaction.atomic
def record_time(*, by, work_order, agent, date, hours, note=""):
    """Record hours of an agent on a work order. Agents record their own time; managers anyone's.

    One agent's entries of one day (the date entered, a day of the organization's calendar) stay within the
    organization's cap (`WorkflowSettings.max_daily_hours`, 10 h by default): the agent's row is locked
    before the day's hours are summed, so two entries recorded at once on two work orders are counted
    one after the other.
    """
    wo = lock_work_order(work_order)
    membership = authorize(by, wo.organization, "time.record")
    if agent.organization_id != wo.organization_id:
        raise ValidationError({"agent": [_("This choice does not exist in your organization.")]})
    agent = lock(agent)  # the parent of the day's entries, after the work order (request → work order → agent)
    if agent.archived_at is not None:
        raise ValidationError({"agent": [_("This choice does not exist in your organization.")]})
    if membership.role == Role.AGENT and agent.user_id != by.pk:
        raise Forbidden(_("Agents record their own time only."))
    if membership.role == Role.AGENT and not may_act_on_work_order(wo, by, membership):
        raise Forbidden(_("This work order is not given to you."))
    _open_for_costs(wo)
    hours = Decimal(str(hours))
    errors = {}
    if hours <= 0 or hours > 24:
        errors["hours"] = [_("Hours must be more than 0 and at most 24.")]
    if date_error := time_entry_date_error(wo.organization, date):
        errors["date"] = [date_error]
    if not errors:
        errors.update(_check_daily_cap(wo.organization, agent, date, hours))
    if errors:
        raise ValidationError(errors)
    rate = agent_rate(agent)
    entry = TimeEntry(
        organization=wo.organization,
        work_order=wo,
        agent=agent,
        date=date,
        hours=hours,
        hourly_rate=rate,
        cost=(hours * rate).quantize(CENT, ROUND_HALF_UP),
        note=note.strip(),
        recorded_by=by,
    )
    entry.full_clean()
    entry.save()
    _roll_up(wo, **_time_totals(entry))
    audit.record(
        wo,
        action=audit.Action.UPDATE,
        by=by,
        changes={"time": [None, {**_time_summary(entry), "cost": str(entry.cost)}]},
    )
    return entry


@transaction.atomic
def add_cost_line(*, by, work_order, kind, label, date, unit_cost, quantity=Decimal(1), unit="", reference=""):
    wo = lock_work_order(work_order)
    membership = authorize(by, wo.organization, "cost.record")
    if membership.role in (Role.AGENT, Role.CONTRACTOR) and not may_act_on_work_order(wo, by, membership):
        raise Forbidden(_("This work order is not given to you."))
    if membership.role == Role.CONTRACTOR and kind != CostLine.Kind.CONTRACTOR:
        raise Forbidden(_("Contractors record their invoices only."))
    _open_for_costs(wo)
    if kind not in KIND_FIELD:
        raise ValidationError({"kind": [_("Choose a kind of cost.")]})
    quantity, unit_cost = Decimal(str(quantity)), Decimal(str(unit_cost))
    if quantity * unit_cost > MAX_AMOUNT:
        raise ValidationError(
            {"unit_cost": [_("The amount (quantity × unit cost) is over %(max)s €.") % {"max": f"{MAX_AMOUNT:,.2f}"}]}
        )
    line = CostLine(
        organization=wo.organization,
        work_order=wo,
        kind=kind,
        label=(label or "").strip(),
        date=date,
        quantity=quantity,
        unit=unit,
        unit_cost=unit_cost,
        reference=reference,
        recorded_by=by,
        amount=(quantity * unit_cost).quantize(CENT, ROUND_HALF_UP),
    )
    line.full_clean()
    line.save()
    _roll_up(wo, **_cost_totals(line))
    audit.record(wo, action=audit.Action.UPDATE, by=by, changes={"cost": [None, _cost_summary(line)]})
    return line


def _take_out(row, *, by, reason, change, totals, summary):
    """Archive a mistaken time entry or cost line `row` and take its `totals(row)` out of its work order's and
    request's; the work order's audit trail keeps it (`change`: `summary(row)` → nothing)."""
    wo = lock_work_order(row.work_order)
    authorize(by, wo.organization, "workorder.manage")
    row = mark_archived(lock(row))
    _roll_up(wo, **{name: -amount for name, amount in totals(row).items()})
    audit.record(wo, action=audit.Action.UPDATE, by=by, reason=reason, changes={change: [summary(row), None]})
    return row


@transaction.atomic
def cancel_time_entry(entry, *, by, reason=""):
    """Correct a mistaken time entry: it is archived and its cost taken out of the totals."""
    return _take_out(entry, by=by, reason=reason, change="time", totals=_time_totals, summary=_time_summary)


@transaction.atomic
def cancel_cost_line(line, *, by, reason=""):
    """Correct a mistaken cost line: it is archived and its amount taken out of the totals."""
    return _take_out(line, by=by, reason=reason, change="cost", totals=_cost_totals, summary=_cost_summary)
