"""What the simulation plans before anything is written: requests and their work orders."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ..models import (
    InterventionRequest,
    WorkOrder,
)
from ..workflow import RequestState as S
from ..workflow import WorkOrderState as W
from .reference import Occurrence


@dataclass(slots=True, eq=False)
class RequestPlan:
    created: datetime
    category: object
    department: object
    priority: object
    requester: object
    channel: str = InterventionRequest.Channel.WEB
    title: str = ""
    description: str = ""
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    asset: object = None  # a registry `catalogue.Linkable`, or None (the place is a text)
    desired_date: date | None = None
    budget_line: object = None
    estimated: Decimal | None = None
    cost_code: object = None
    big: bool = False
    job: tuple = ("", "")
    job_hours: float = 1.0
    event: Occurrence | None = None
    force: dict = field(default_factory=dict)
    events: list = field(default_factory=list)  # (at, action, changes, actor, channel, reason)
    state: str = S.DRAFT
    submitted_at: datetime | None = None
    validated_at: datetime | None = None
    first_approved_by: object = None
    approved_at: datetime | None = None
    responded_at: datetime | None = None
    done_at: datetime | None = None
    closed_at: datetime | None = None
    response_due: datetime | None = None
    resolution_due: datetime | None = None
    last_reason: str = ""
    satisfaction: int | None = None
    satisfaction_comment: str = ""
    work_orders: list = field(default_factory=list)
    pk: int | None = None
    number: str = ""
    values: dict | None = None
    totals: dict | None = None


@dataclass(slots=True, eq=False)
class WorkOrderPlan:
    request: RequestPlan
    created: datetime
    category: object
    title: str
    report: str
    manager: object
    job_hours: float
    kind: str = WorkOrder.Kind.CORRECTIVE
    execution: str = WorkOrder.Execution.IN_HOUSE
    team: object = None
    agents: list = field(default_factory=list)
    contractor: object = None
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    estimated_hours: Decimal | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    closed_at: datetime | None = None
    first_visit_fix: bool | None = None
    follow_up_needed: bool = False
    last_reason: str = ""
    state: str = W.TO_PLAN
    state_before_hold: str = ""
    created_state: str = W.TO_PLAN
    events: list = field(default_factory=list)
    entries: list = field(default_factory=list)  # (agent, date, hours, rate, recorded_by, at)
    lines: list = field(default_factory=list)  # (kind, label, date, quantity, unit, unit_cost, reference, by, at)
    force: dict = field(default_factory=dict)
    pk: int | None = None
    number: str = ""
    values: dict | None = None
    totals: dict | None = None
    costs: list | None = None
    amounts: list | None = None
