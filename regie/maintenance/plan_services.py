"""Use cases of maintenance plans: create and change a plan (its rules checked, its checklist), skip or postpone
one occurrence (a reason, audited), generate its due work orders now. Archiving is `core.services`'."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from regie.assets.models import Asset, AssetStatus, Meter
from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict
from regie.core.services import check_same_tenant, is_stale, lock
from regie.core.validators import REASON_LENGTH, moving_bounds
from regie.interventions.models import MAX_TASKS
from regie.interventions.workflow import WORK_ORDER_GROUPS

from . import generator, triggers
from .models import MaintenancePlan, Occurrence, PlanTask

MANAGE = "maintenanceplan.manage"
PLAN_FIELDS = (
    "name", "description", "scope", "asset", "asset_type", "category", "priority", "execution", "team",
    "contractor", "contract_reference", "estimated_hours", "parts", "signature_required", "schedule", "rule",
    "starts_on", "ends_on", "meter_kind", "meter_interval", "season_start_month", "season_end_month",
    "season_policy", "lead_days", "grace_days",
)  # fmt: skip
S = MaintenancePlan.Scope


def check_plan(plan):
    """The plan's rules beyond its fields' bounds, each with a clear message on its field."""
    errors = {}
    plan.rule = triggers.normalise_rule(plan.rule)
    if plan.rule and plan.starts_on:
        try:
            plan.rule = triggers.validate_rule(plan.rule, plan.starts_on)
        except ValidationError as error:
            errors["rule"] = error.messages
    if bool(plan.meter_kind) != (plan.meter_interval is not None):
        errors["meter_interval" if plan.meter_kind else "meter_kind"] = [
            _("Give both the meter and its interval, or neither.")
        ]
    elif plan.meter_kind and plan.meter_kind not in Meter.Kind.values:
        errors["meter_kind"] = [_("Choose a kind of meter.")]
    if not plan.rule and not plan.meter_kind and "rule" not in errors:
        errors["rule"] = [_("Give a recurrence rule, a meter interval, or both.")]
    if plan.rule and plan.meter_kind and plan.schedule == MaintenancePlan.Schedule.FIXED:
        errors["schedule"] = [_("“Whichever comes first” counts from the last completion: choose a floating schedule.")]
    if (plan.season_start_month is None) != (plan.season_end_month is None):
        errors["season_end_month"] = [_("Give both months of the season, or neither.")]
    if plan.execution == MaintenancePlan.Execution.CONTRACTOR:
        if plan.contractor_id is None:
            errors["contractor"] = [_("Choose the contractor who does the work.")]
        if plan.team_id is not None:
            errors["team"] = [_("Work done by a contractor has no in-house team.")]
    elif plan.contractor_id is not None:
        errors["contractor"] = [_("In-house work has no contractor: choose “Contractor” as who does it.")]
    errors.update(_scope_errors(plan))
    if errors:
        raise ValidationError(errors)


def _scope_errors(plan):
    if plan.scope in (S.ASSET, S.SUBTREE) and plan.asset_id is None:
        return {"asset": [_("Choose the asset.")]}
    if plan.scope in (S.TYPE, S.SUBTREE) and plan.asset_type_id is None:
        return {"asset_type": [_("Choose the type of asset.")]}
    if plan.scope == S.TYPE and plan.asset_id is not None:
        return {"asset": [_("A plan on every asset of a type names no asset.")]}
    if plan.scope == S.ASSET and plan.asset_type_id is not None:
        return {"asset_type": [_("A plan on one asset names no type.")]}
    usable = Asset.objects.owned_by(plan.organization).filter(archived_at__isnull=True)
    usable = usable.exclude(status=AssetStatus.DISPOSED)
    if plan.asset_id is not None:
        asset = Asset.objects.owned_by(plan.organization).filter(pk=plan.asset_id).first()
        if asset is None:
            return {"asset": [_("This choice does not exist in your organization.")]}
        if asset.archived_at is not None or asset.status == AssetStatus.DISPOSED:
            return {"asset": [_("This asset is archived or disposed of: no plan applies to it.")]}
        if plan.scope == S.SUBTREE:
            usable = usable.within(asset)
    if plan.asset_type_id is not None and not usable.filter(asset_type_id=plan.asset_type_id).exists():
        message = (
            _("No asset of this type inside the chosen asset: the plan would apply to nothing.")
            if plan.scope == S.SUBTREE
            else _("No asset of this type: the plan would apply to nothing.")
        )
        return {"asset_type": [message]}
    return {}


def _clean_tasks(tasks):
    """The checklist as PlanTasks (unsaved), or a ValidationError on `tasks`."""
    rows = []
    for item in tasks:
        item = {"label": item} if isinstance(item, str) else dict(item)
        label = (item.get("label") or "").strip()
        if not label:
            continue
        task = PlanTask(
            position=len(rows),
            label=label,
            measurement=item.get("measurement") or "",
            unit=(item.get("unit") or "").strip(),
        )
        rows.append(task)
    if len(rows) > MAX_TASKS:
        raise ValidationError({"tasks": [_("A checklist has at most %(n)s tasks.") % {"n": MAX_TASKS}]})
    for task in rows:
        try:
            task.full_clean(exclude=["plan"])
        except ValidationError as error:
            messages = [f"{task.label[:40]}: {message}" for message in error.messages]
            raise ValidationError({"tasks": messages}) from None
        if task.measurement != PlanTask.Measurement.NUMBER:
            task.unit = ""
    return rows


def _tasks_snapshot(tasks):
    return [[t.label, t.measurement, t.unit] for t in tasks]


def _save(plan, update_fields=None):
    try:
        with transaction.atomic():
            plan.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(_("These values contradict each other; check the plan's dates and triggers.")) from error


@transaction.atomic
def create_plan(*, by, organization, data, m2m=None):
    """Create a plan (permission maintenanceplan.manage); `data["tasks"]`: its checklist (labels or dicts)."""
    authorize(by, organization, MANAGE)
    data = dict(data)
    tasks = _clean_tasks(data.pop("tasks", None) or [])
    m2m = m2m or {}
    plan = MaintenancePlan(
        organization=organization, created_by=by, **{k: v for k, v in data.items() if k in PLAN_FIELDS}
    )
    plan.full_clean(validate_constraints=False)
    check_plan(plan)
    check_same_tenant(plan, m2m)
    _save(plan)
    for task in tasks:
        task.plan = plan
    PlanTask.objects.bulk_create(tasks)
    if m2m.get("required_skills") is not None:
        plan.required_skills.set(m2m["required_skills"])
    changes = audit.diff({}, audit.snapshot(plan))
    changes["tasks"] = [None, _tasks_snapshot(tasks)]
    if m2m.get("required_skills"):
        changes["required_skills"] = [None, sorted(s.pk for s in m2m["required_skills"])]
    audit.record(plan, action=audit.Action.CREATE, by=by, changes=changes)
    return plan


@transaction.atomic
def update_plan(plan, *, by, data, m2m=None, expected_updated_at=None):
    """Change a plan; `data["tasks"]` (when given) replaces its checklist. Occurrences already generated keep
    their work orders; the next ones follow the new rules. A stale version is a Conflict."""
    authorize(by, plan.organization, MANAGE)
    plan = lock(plan)
    if plan.archived_at is not None:
        raise Conflict(_("This record is archived: restore it before changing it."), code="archived")
    if is_stale(plan, expected_updated_at):
        raise Conflict()
    data = dict(data)
    tasks = data.pop("tasks", None)
    fields = [k for k in data if k in PLAN_FIELDS]
    before = audit.snapshot(plan, fields)
    for name in fields:
        setattr(plan, name, data[name])
    plan.full_clean(exclude=moving_bounds(plan, fields), validate_constraints=False)
    check_plan(plan)
    m2m = m2m or {}
    check_same_tenant(plan, m2m)
    _save(plan, update_fields=[*fields, "updated_at"])
    changes = audit.diff(before, audit.snapshot(plan, fields))
    if tasks is not None:
        old = list(plan.tasks.all())
        new = _clean_tasks(tasks)
        if _tasks_snapshot(old) != _tasks_snapshot(new):
            plan.tasks.all().delete()
            for task in new:
                task.plan = plan
            PlanTask.objects.bulk_create(new)
            changes["tasks"] = [_tasks_snapshot(old), _tasks_snapshot(new)]
    if m2m.get("required_skills") is not None:
        old = sorted(plan.required_skills.values_list("pk", flat=True))
        new = sorted(s.pk for s in m2m["required_skills"])
        if old != new:
            plan.required_skills.set(new)
            changes["required_skills"] = [old, new]
    if changes:
        audit.record(plan, action=audit.Action.UPDATE, by=by, changes=changes)
    return plan


# --- one occurrence: skip, postpone ------------------------------------------------------------------------------
def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    if len(reason) > REASON_LENGTH:
        raise ValidationError({"reason": [_("At most %(n)s characters.") % {"n": REASON_LENGTH}]})
    return reason


def _occurrence(plan, asset_id, scheduled_on):
    """The occurrence (locked) of the plan on the asset at `scheduled_on`, written ahead as "planned" when the
    generator has not reached it yet. The plan is locked first (parent → occurrence)."""
    plan = lock(plan)
    if plan.archived_at is not None:
        raise Conflict(_("This plan is archived."), code="archived")
    covered = dict(generator.covered_assets(plan.organization, [plan])[plan.pk])
    if asset_id not in covered:
        raise ValidationError({"asset": [_("This plan does not apply to this asset.")]})
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .filter(plan=plan, asset_id=asset_id, scheduled_on=scheduled_on, archived_at__isnull=True)
        .select_related("work_order")
        .first()
    )
    if occurrence is not None:
        return plan, occurrence, False
    occurrence = Occurrence(
        organization=plan.organization,
        plan=plan,
        asset_id=asset_id,
        scheduled_on=scheduled_on,
        due_on=scheduled_on,
        status=Occurrence.Status.PLANNED,
    )
    occurrence.full_clean(exclude=["plan", "asset"], validate_constraints=False)
    return plan, occurrence, True


def _check_open(occurrence):
    if occurrence.status == Occurrence.Status.SKIPPED:
        raise Conflict(_("This occurrence is already skipped."), code="skipped")
    work_order = occurrence.work_order
    if work_order is not None and work_order.state not in WORK_ORDER_GROUPS["open"]:
        raise Conflict(_("Its work order is finished or cancelled: nothing to change."), code="finished")


@transaction.atomic
def skip_occurrence(plan, *, by, asset_id, scheduled_on, reason):
    """Skip one occurrence (a reason required, audited): its work order, if generated and not started, is
    cancelled with the same reason. A floating plan counts its next date from the skipped due date."""
    authorize(by, plan.organization, MANAGE)
    reason = _reason(reason)
    plan, occurrence, new = _occurrence(plan, asset_id, scheduled_on)
    if not new:
        _check_open(occurrence)
        if occurrence.work_order is not None:
            from regie.interventions.services.work_orders import transition_work_order

            transition_work_order(occurrence.work_order, "cancel", by=by, reason=reason)
    before = {} if new else audit.snapshot(occurrence, ["status", "reason"])
    occurrence.status, occurrence.reason = Occurrence.Status.SKIPPED, reason
    occurrence.save()
    changes = audit.diff(before, audit.snapshot(occurrence, ["status", "due_on", "reason"]))
    audit.record(occurrence, action=audit.Action.UPDATE, by=by, changes=changes, reason=reason)
    return occurrence


@transaction.atomic
def postpone_occurrence(plan, *, by, asset_id, scheduled_on, due_on, reason):
    """Postpone one occurrence to `due_on` (a reason required, audited). Its work order, if generated, stays;
    one not generated yet is generated `lead_days` before the new date. The schedule's key date is kept, so
    the generator never makes it again."""
    authorize(by, plan.organization, MANAGE)
    reason = _reason(reason)
    plan, occurrence, new = _occurrence(plan, asset_id, scheduled_on)
    if not new:
        _check_open(occurrence)
    if due_on <= occurrence.due_on:
        raise ValidationError({"due_on": [_("The new due date must be after the current one.")]})
    before = audit.snapshot(occurrence, ["due_on", "reason"]) if not new else {}
    occurrence.due_on, occurrence.reason = due_on, reason
    occurrence.late_after = triggers.late_after(plan, due_on, zoneinfo.ZoneInfo(plan.organization.timezone))
    occurrence.full_clean(exclude=["plan", "asset", "scheduled_on", "work_order"], validate_constraints=False)
    occurrence.save()
    changes = audit.diff(before, audit.snapshot(occurrence, ["status", "due_on", "reason"]))
    audit.record(occurrence, action=audit.Action.UPDATE, by=by, changes=changes, reason=reason)
    return occurrence


def generate_now(plan, *, by):
    """Generate the plan's due work orders now (permission maintenanceplan.manage), as the hourly job would."""
    authorize(by, plan.organization, MANAGE)
    if plan.archived_at is not None:
        raise Conflict(_("This plan is archived."), code="archived")
    return generator.generate(plan.organization, by=by, plan_ids=[plan.pk])
