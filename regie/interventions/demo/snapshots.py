"""What a service would have recorded: creation snapshots of the audit trail, cost totals."""

from datetime import date, datetime
from decimal import Decimal

from regie.core import audit

from ..models import (
    CostLine,
)
from ..workflow import RequestState as S
from .base import ZERO

_TRACKED = {}


def _plain(value):
    """`audit._plain`, quicker for the plain types the history writes."""
    kind = type(value)
    if kind is int or kind is bool or kind is str:
        return value
    if kind is Decimal:
        return str(value)
    if kind is datetime or kind is date:
        return value.isoformat()
    return audit._plain(value)


def _creation_snapshot(model, values, overrides):
    """What `audit.diff({}, audit.snapshot(obj))` records when a service creates the record."""
    if model not in _TRACKED:
        _TRACKED[model] = [(f.name, f.attname, f.get_default()) for f in audit.tracked_fields(model)]
    changes = {}
    for name, attname, default in _TRACKED[model]:
        value = overrides[name] if name in overrides else values.get(attname, default)
        if value is not None:
            changes[name] = [None, _plain(value)]
    return changes


REQUEST_AT_CREATION = {
    "state": S.DRAFT, "submitted_at": None, "validated_at": None, "first_approved_by": None, "approved_at": None,
    "responded_at": None, "done_at": None, "closed_at": None, "response_due_at": None, "resolution_due_at": None,
    "state_before_hold": "", "last_reason": "", "satisfaction": None, "satisfaction_comment": "",
    "labour_cost": ZERO, "material_cost": ZERO, "contractor_cost": ZERO, "equipment_cost": ZERO, "hours": ZERO,
}  # fmt: skip


WORK_ORDER_AT_CREATION = {
    "started_at": None, "completed_at": None, "closed_at": None, "report": "", "first_visit_fix": None,
    "follow_up_needed": False, "state_before_hold": "", "last_reason": "", "labour_cost": ZERO,
    "material_cost": ZERO, "contractor_cost": ZERO, "equipment_cost": ZERO, "hours": ZERO,
}  # fmt: skip


TOTALS = ("labour_cost", "material_cost", "contractor_cost", "equipment_cost", "hours")


KIND_TOTAL = {
    CostLine.Kind.MATERIAL: "material_cost",
    CostLine.Kind.CONTRACTOR: "contractor_cost",
    CostLine.Kind.EQUIPMENT: "equipment_cost",
}


AUDIT_COLUMNS = ("organization", "content_type", "object_id", "object_repr", "action", "actor", "channel", "at",
                 "changes", "reason")  # fmt: skip
