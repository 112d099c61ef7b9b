"""Use cases of work orders: create (from a request or directly), plan, reschedule, move along, checklist."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.attachments.signature import decode_signature
from regie.attachments.validation import CheckedFile
from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, Forbidden
from regie.core.models import Membership
from regie.core.numbering import next_number
from regie.core.services import check_same_tenant, is_stale, lock
from regie.core.validators import REASON_LENGTH, moving_bounds
from regie.notifications.services import notify
from regie.people.models import Agent

from ..models import MAX_TASKS, InterventionRequest, WorkflowSettings, WorkOrder, WorkOrderTask
from ..transitions import may_act_on_work_order
from ..workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS, WORK_ORDERS
from ..workflow import WorkOrderState as W
from . import quotes
from .requests import sync_request
from .transitions import fire

PLANNING_FIELDS = ("execution", "team", "contractor", "planned_start", "planned_end", "estimated_hours")
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "category",
    "priority",
    "department",
    "asset",
    "location",
    "cost_code",
    "quote_required",
    "signature_required",
    *PLANNING_FIELDS,
)
M2M_FIELDS = ("agents", "required_skills")
SKILL_MISSING = "skill_missing"  # the code of the refusal an override reason lifts (forms show its confirmation)


def skill_gaps(agents, skills):
    """{(agent, skill)}: the required `skills` each of `agents` does not hold (one query)."""
    skills = {skill.pk: skill for skill in skills}
    agents = {agent.pk: agent for agent in agents}
    if not skills or not agents:
        return set()
    held = set(
        Agent.skills.through.objects.filter(agent_id__in=agents, skill_id__in=skills).values_list(
            "agent_id", "skill_id"
        )
    )
    return {(agents[a], skills[s]) for a in agents for s in skills if (a, s) not in held}


def _check_skills(new_gaps, reason):
    """Assigning agents who lack a required skill needs a reason (audited); without one, a refusal that names
    who lacks what. Returns the audit's note of the gaps (empty when there are none)."""
    if not new_gaps:
        return []
    lines = sorted(f"{agent} ({agent.employee_number}): {skill}" for agent, skill in new_gaps)
    try:
        MaxLengthValidator(REASON_LENGTH)(reason or "")
    except ValidationError as error:
        raise ValidationError({"skill_override_reason": error}) from None
    if not (reason or "").strip():
        missing = "; ".join(
            _("%(agent)s (%(number)s) lacks the required skill “%(skill)s”")
            % {"agent": agent, "number": agent.employee_number, "skill": skill}
            for agent, skill in sorted(new_gaps, key=lambda pair: (str(pair[0]), str(pair[1])))
        )
        raise ValidationError(
            {
                "agents": ValidationError(
                    _("%(missing)s. Confirm with a reason to assign them anyway.") % {"missing": missing},
                    code=SKILL_MISSING,
                )
            }
        )
    return lines


def _validate(obj, m2m, changed=None):
    errors = {}
    if obj.planned_start and obj.planned_end and obj.planned_end <= obj.planned_start:
        errors["planned_end"] = [_("The end must be after the start.")]
    if (obj.planned_start is None) != (obj.planned_end is None):
        errors["planned_end"] = [_("Give both the planned start and end, or neither.")]
    if obj.execution == WorkOrder.Execution.CONTRACTOR:
        if obj.contractor_id is None:
            errors["contractor"] = [_("Choose the contractor who does the work.")]
        if obj.team_id or m2m.get("agents"):
            errors["execution"] = [_("Work done by a contractor has no in-house team or agents.")]
    elif obj.contractor_id is not None:
        errors["contractor"] = [_("In-house work has no contractor: choose “Contractor” as who does it.")]
    if errors:
        raise ValidationError(errors)
    # an update checks the dates bounded around today only if it changes them (a slot planned years ago stays)
    obj.full_clean(exclude=["number", *(moving_bounds(obj, changed) if changed is not None else ())])
    check_same_tenant(obj, {k: v for k, v in m2m.items() if v})


def lock_work_order(work_order):
    """Lock the work order's request, then the work order (parent first).

    Every service that changes a work order and rolls it up into its request (state, hours, costs) takes the
    locks in this order, so two of them never deadlock, and the request's roll-up reads the sibling work
    orders only once the request is held (`sync_request`).
    """
    request = None
    if work_order.request_id:
        request = InterventionRequest.objects.select_for_update().get(pk=work_order.request_id)
    obj = lock(work_order)
    if request is not None and obj.request_id == request.pk:
        obj.request = request
    return obj


def checklist_error(tasks):
    """Why `tasks` is not a valid checklist (None if it is): at most MAX_TASKS lines of a task label's length."""
    longest = WorkOrderTask._meta.get_field("label").max_length
    if len(tasks) > MAX_TASKS:
        return _("A checklist has at most %(n)s tasks.") % {"n": MAX_TASKS}
    if any(len(label) > longest for label in tasks):
        return _("A task has at most %(n)s characters.") % {"n": longest}
    return None


@transaction.atomic
def create_work_order(*, by, organization, data, m2m=None, tasks=(), request=None, skill_override_reason=""):
    """Create a work order: from an approved request (inheriting what it says), or directly (urgent, internal).

    An agent who lacks one of the `required_skills` is assigned only with `skill_override_reason` (audited)."""
    authorize(by, organization, "workorder.manage")
    m2m = m2m or {}
    if request is not None:
        request = lock(request)
        if request.organization_id != organization.pk:
            raise Forbidden()
        if request.state not in REQUEST_GROUPS["active"]:
            raise Conflict(_("Work orders are created from approved requests only."), code="request_not_approved")
        for name in ("category", "priority", "department", "asset", "location", "cost_code"):
            if data.get(name) in (None, ""):
                data[name] = getattr(request, name)
        data.setdefault("title", request.title)
        data.setdefault("description", request.description)
    obj = WorkOrder(
        organization=organization,
        request=request,
        created_by=by,
        **{k: v for k, v in data.items() if k in EDITABLE_FIELDS},
    )
    obj.number = "pending"
    obj.state = W.PLANNED if obj.planned_start else W.TO_PLAN
    tasks = [label.strip() for label in tasks if label and label.strip()]
    _validate(obj, m2m)
    if error := checklist_error(tasks):
        raise ValidationError({"tasks": [error]})
    override = _check_skills(
        skill_gaps(m2m.get("agents") or (), m2m.get("required_skills") or ()), skill_override_reason
    )
    obj.number = next_number(organization, "BT")
    obj.save()
    for name in M2M_FIELDS:
        if m2m.get(name):
            getattr(obj, name).set(m2m[name])
    WorkOrderTask.objects.bulk_create(
        [WorkOrderTask(work_order=obj, position=i, label=label) for i, label in enumerate(tasks)]
    )
    changes = audit.diff({}, audit.snapshot(obj))
    changes.update({name: [None, sorted(v.pk for v in m2m[name])] for name in M2M_FIELDS if m2m.get(name)})
    if override:
        changes["skill_override"] = [None, override]
    reason = skill_override_reason.strip() if override else ""
    audit.record(obj, action=audit.Action.CREATE, by=by, changes=changes, reason=reason)
    if request is not None:
        sync_request(request, by=by)
    _notify_assignees(obj, by)
    return obj


@transaction.atomic
def update_work_order(work_order, *, by, data, m2m=None, expected_updated_at=None, skill_override_reason=""):
    """Change or plan a work order (team, agents, contractor, dates) while it is not finished.

    Agents newly left without a required skill (added, or a skill newly required) need
    `skill_override_reason`, which the audit event keeps; gaps the work order already had stay accepted."""
    authorize(by, work_order.organization, "workorder.manage")
    obj = lock_work_order(work_order)
    if obj.state in WORK_ORDER_GROUPS["ended"]:
        raise Conflict(_("This work order is finished: it can no longer be changed."), code="finished")
    if is_stale(obj, expected_updated_at):
        raise Conflict()
    m2m = m2m or {}
    fields = [k for k in data if k in EDITABLE_FIELDS]
    before = audit.snapshot(obj, fields)
    old_agents = sorted(obj.agents.values_list("pk", flat=True))
    for name in fields:
        setattr(obj, name, data[name])
    check = dict(m2m)
    if "agents" not in check:
        check["agents"] = list(obj.agents.all())
    _validate(obj, check, changed=fields)
    override = []
    if "agents" in m2m or "required_skills" in m2m:
        before_agents, old_skills = list(obj.agents.all()), list(obj.required_skills.all())
        new_skills = m2m.get("required_skills", old_skills)
        gaps = skill_gaps(check["agents"], new_skills) - skill_gaps(before_agents, old_skills)
        override = _check_skills(gaps, skill_override_reason)
    if obj.state == W.TO_PLAN and obj.planned_start:
        obj.state = W.PLANNED
        fields.append("state")
    elif obj.state == W.PLANNED and obj.planned_start is None:
        obj.state = W.TO_PLAN
        fields.append("state")
    obj.save(update_fields=[*set(fields), "updated_at"])
    changes = audit.diff(before, audit.snapshot(obj, fields))
    for name in M2M_FIELDS:
        if name in m2m:
            old = sorted(getattr(obj, name).values_list("pk", flat=True))
            new = sorted(v.pk for v in m2m[name])
            if old != new:
                getattr(obj, name).set(m2m[name])
                changes[name] = [old, new]
    if override:
        changes["skill_override"] = [None, override]
    if changes:
        reason = skill_override_reason.strip() if override else ""
        audit.record(obj, action=audit.Action.UPDATE, by=by, changes=changes, reason=reason)
    if obj.request_id:
        sync_request(obj.request, by=by)
    new_agents = sorted(obj.agents.values_list("pk", flat=True))
    if new_agents != old_agents or "contractor" in changes or "planned_start" in changes:
        _notify_assignees(obj, by)
    return obj


def reschedule_work_order(work_order, *, by, start, end, expected_updated_at=None):
    """Move a planned work order in the calendar (drag and drop)."""
    authorize(by, work_order.organization, "planning.manage")
    return update_work_order(
        work_order, by=by, data={"planned_start": start, "planned_end": end}, expected_updated_at=expected_updated_at
    )


@transaction.atomic
def move_work_order(work_order, *, by, start, end, team=None, from_agent=None, to_agent=None, expected_updated_at=None):
    """Move a work order on the planning's resource view: to another slot, and to another agent's or team's row.

    Dropped on an agent's row, that agent takes the place of the agent whose row it left (or joins the work
    order when it left a team's row) and the work order goes to their team. Dropped on a team's row, the team
    changes and the agents of other teams leave it (the new team assigns its own). Audited as one update.
    """
    authorize(by, work_order.organization, "planning.manage")
    obj = lock_work_order(work_order)
    agents = list(obj.agents.all())
    if to_agent is not None:
        agents = [a for a in agents if a.pk not in (getattr(from_agent, "pk", None), to_agent.pk)] + [to_agent]
        team = to_agent.team if to_agent.team_id else obj.team
    elif team is not None:
        agents = [a for a in agents if a.team_id in (None, team.pk)]
    else:
        team = obj.team
    data = {"planned_start": start, "planned_end": end, "team": team}
    return update_work_order(obj, by=by, data=data, m2m={"agents": agents}, expected_updated_at=expected_updated_at)


def may_add_files(obj, user, membership):
    """Photos on a work order (before/after): whoever acts on it, until it is closed or cancelled."""
    if membership is None or not may_act_on_work_order(obj, user, membership):
        raise Forbidden(_("This work order is not given to you."))
    if obj.state in (W.CLOSED, W.CANCELLED):
        raise Conflict(_("This work order is closed: it takes no more files."), code="finished")


def allowed_work_order_transitions(obj, user, membership):
    """The transitions `user` may fire on `obj` now, for buttons and 409 answers (`WORK_ORDERS.refusal`)."""
    return WORK_ORDERS.allowed(obj, user, membership, WorkflowSettings.for_org(obj.organization))


@transaction.atomic
def transition_work_order(
    work_order,
    name,
    *,
    by,
    reason="",
    report="",
    first_visit_fix=None,
    follow_up_needed=False,
    quote_amount=None,
    quote_document=None,
    signature=None,
    signer_name="",
    expected_state=None,
):
    """Move a work order along its life cycle; completing it needs a report (and, with `signature_required`, the
    signature of the person on site: a PNG data URL or base64, or a form's checked file, and the name they type),
    submitting a quote its amount and PDF (kept with the work order once the step is done). The request follows."""
    quote = quotes.checked_quote(quote_document) if name == "submit_quote" else None
    if name == "complete" and signature and not isinstance(signature, CheckedFile):
        signature = decode_signature(signature)  # decoding takes time: before the rows are locked
    obj = lock_work_order(work_order)
    membership = authorize(by, obj.organization, "workorder.view")

    def then(obj):
        if quote is not None:
            quotes.store_quote(obj, quote, by=by)
        if obj.request_id:
            sync_request(obj.request, by=by)

    return fire(
        WORK_ORDERS,
        obj,
        name,
        by=by,
        membership=membership,
        workflow=WorkflowSettings.for_org(obj.organization),
        reason=reason,
        expected_state=expected_state,
        then=then,
        report=report,
        first_visit_fix=first_visit_fix,
        follow_up_needed=follow_up_needed,
        quote_amount=quote_amount,
        quote_document=quote,
        signature=signature or None,
        signer_name=signer_name,
    )


def _checked_measurement(task, value, passed):
    """`value` / `passed` as the task's field stores them, refused (per field) when the task asks another thing."""
    errors = {}
    if value is not None:
        if task.measurement != WorkOrderTask.Measurement.NUMBER:
            errors["value"] = _("This task asks for no measured value.")
        else:
            try:
                value = WorkOrderTask._meta.get_field("value").clean(value, task)
            except ValidationError as error:
                errors["value"] = error.messages
    if passed is not None and task.measurement != WorkOrderTask.Measurement.PASS_FAIL:
        errors["passed"] = _("This task is not a pass / fail check.")
    if errors:
        raise ValidationError(errors)
    return value, passed


def _measurement(task):
    """A task's recorded measurement as its audit event keeps it: {"value", "unit"} or {"passed"}, or None."""
    if task.value is not None:
        return {"value": task.value_text, "unit": task.unit}
    if task.passed is not None:
        return {"passed": task.passed}
    return None


@transaction.atomic
def set_task_done(task, *, by, done, value=None, passed=None):
    """Tick (or untick) a line of the checklist, recording the measurement it asks for (`value`, a number in the
    task's unit, or `passed`, True / False): a measured task is ticked only once its measurement is recorded."""
    obj = lock(task.work_order)
    membership = authorize(by, obj.organization, "workorder.view")
    if not may_act_on_work_order(obj, by, membership):
        raise Forbidden(_("This work order is not given to you."))
    if obj.state in WORK_ORDER_GROUPS["ended"]:
        raise Conflict(_("This work order is finished: it can no longer be changed."), code="finished")
    task = WorkOrderTask.objects.select_for_update().get(pk=task.pk)
    value, passed = _checked_measurement(task, value, passed)
    changes, fields, before = {}, [], _measurement(task)
    for name, new in (("value", value), ("passed", passed)):
        if new is not None and new != getattr(task, name):
            setattr(task, name, new)
            fields.append(name)
    if fields:
        task.measured_at = timezone.now()
        fields.append("measured_at")
        changes[f"measurement:{task.label}"] = [before, _measurement(task)]
    if done and not task.measured:
        if task.measurement == WorkOrderTask.Measurement.NUMBER:
            message = _("Enter the measured value (%(unit)s) before ticking this task.") % {"unit": task.unit or "…"}
            raise ValidationError({"value": message})
        raise ValidationError({"passed": _("Say whether the check passed or failed before ticking this task.")})
    if task.done != bool(done):
        task.done, task.done_at = bool(done), timezone.now() if done else None
        changes[f"task:{task.label}"] = [not task.done, task.done]
        fields += ["done", "done_at"]
    if fields:
        task.save(update_fields=fields)
        audit.record(obj, action=audit.Action.UPDATE, by=by, changes=changes)
    return task


ASSIGNED = gettext_lazy("Work order for you: %(number)s")
ASSIGNED_KIND = "workorder_assigned"


def _notify_assignees(obj, by):
    users = [a.user for a in obj.agents.select_related("user") if a.user_id]
    if obj.contractor_id:
        users += [
            m.user
            for m in Membership.objects.active()
            .filter(organization=obj.organization, contractor_id=obj.contractor_id)
            .select_related("user")
        ]
    users = [u for u in users if u.pk != by.pk]
    if users:
        notify(
            users,
            organization=obj.organization,
            kind=ASSIGNED_KIND,
            record=obj,
            url=reverse("interventions:workorder-detail", args=[obj.pk]),
            title=lambda user: ASSIGNED % {"number": obj.number},
            body=lambda user: obj.title,
        )
