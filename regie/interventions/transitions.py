"""Who may act, the guards, the effects and the audiences of the workflow's transitions, named so that each
transition of `workflow.REQUEST_TRANSITIONS` / `workflow.WORK_ORDER_TRANSITIONS` declares its own beside it.

A guard: (obj, user, membership, workflow settings) → None, or why the step may not be taken now (a message).
An effect: (step: `workflow.Step`) → None; it sets fields with `step.set(...)`, may change `step.target`, adds
audited `step.changes`, and raises a ValidationError for a missing input. Models are not imported here.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from regie.core.permissions import Role as R
from regie.core.working_time import add_working_hours

from .states import WORK_ORDER_GROUPS
from .states import RequestState as S
from .states import WorkOrderState as W

TECHNICAL_ROLES = (R.MANAGER, R.ADMIN)


@dataclass(frozen=True)
class Audience:
    """Who a notice goes to: the record's requester, or the active members with `roles` (in `department`)."""

    roles: tuple = ()
    department: object = None
    requester: bool = False
    contractor: bool = False  # the members of the work order's contractor


TECHNICAL_SERVICES = Audience(roles=TECHNICAL_ROLES)
REQUESTER = Audience(requester=True)
CONTRACTOR = Audience(contractor=True)


# --- who may act, guards, effects and audiences of requests ------------------------------------------------


def is_own_request(obj, user, membership):
    """The requester's side of a request: its requester, their department head, and technical services."""
    if obj.requester_id == user.pk or membership.role in TECHNICAL_ROLES:
        return True
    return membership.role == R.DEPARTMENT_HEAD and membership.department_id == obj.department_id


def _needs_department_first(obj, workflow):
    return obj.state == S.SUBMITTED and workflow.department_validation and obj.department_id is not None


def may_validate(obj, user, membership, workflow):
    if not workflow.department_validation:
        return gettext("Your organization does not use the department validation step.")
    if membership.role == R.DEPARTMENT_HEAD and membership.department_id != obj.department_id:
        return gettext("Only the head of the requesting department can validate this request.")
    return None


def may_approve(obj, user, membership, workflow):
    if _needs_department_first(obj, workflow):
        return gettext("The department head must validate this request first.")
    if obj.state == S.AWAITING_SECOND_APPROVAL and obj.first_approved_by_id == user.pk:
        return gettext("A second, different approver is required for this amount.")
    return None


def may_reject(obj, user, membership, workflow):
    if membership.role == R.DEPARTMENT_HEAD:
        if obj.state != S.SUBMITTED or membership.department_id != obj.department_id:
            return gettext("Only the head of the requesting department can reject it at this step.")
    elif _needs_department_first(obj, workflow):
        return gettext("The department head must validate this request first.")
    return None


def may_reopen(obj, user, membership, workflow):
    if (
        obj.state in (S.CLOSED, S.CLOSED_WITHOUT_WORK)
        and obj.closed_at
        and obj.closed_at < timezone.now() - timedelta(days=workflow.reopen_days)
    ):
        return gettext("This request was closed more than %(days)s days ago: file a new one.") % {
            "days": workflow.reopen_days
        }
    return None


def due_dates(obj, start, workflow):
    """Target times from `start`, in working days where the priority says so (the organization's holidays)."""
    priority = obj.priority
    kwargs = {"working_days_only": priority.working_days_only, "calendar": workflow.holiday_calendar}
    return add_working_hours(start, priority.response_hours, **kwargs), add_working_hours(
        start, priority.resolution_hours, **kwargs
    )


def submitted(step):
    response, resolution = due_dates(step.obj, step.now, step.workflow)
    step.set(submitted_at=step.now, response_due_at=response, resolution_due_at=resolution)


def responded(step):
    """The first answer of the services to the requester (validated, approved or rejected)."""
    if step.obj.responded_at is None:
        step.set(responded_at=step.now)


def validated(step):
    step.set(validated_at=step.now)
    responded(step)


def approved(step):
    """Above the organization's threshold, a first approval routes the request to a second, different approver."""
    obj, threshold = step.obj, step.workflow.second_approval_threshold
    if threshold is not None and (obj.estimated_amount or 0) > threshold and obj.state != S.AWAITING_SECOND_APPROVAL:
        step.target = S.AWAITING_SECOND_APPROVAL
        step.set(first_approved_by=step.by)
    else:
        step.set(approved_at=step.now)
    responded(step)


def held(step):
    step.set(state_before_hold=step.obj.state)


def resumed(step):
    step.target = step.obj.state_before_hold or step.transition.target


def derived_request_state(work_order_states, *, follow_up_pending=False):
    """What a request's work orders say about it: all done → done; any started → in progress; …

    All done but the last one reported that a follow-up visit is needed: still in progress, so the
    technical services plan that visit before the requester is asked to acknowledge the work.
    """
    states = [s for s in work_order_states if s != W.CANCELLED]
    if not states:
        return S.APPROVED
    if all(s in WORK_ORDER_GROUPS["finished"] for s in states):
        return S.IN_PROGRESS if follow_up_pending else S.DONE
    if any(s in (W.IN_PROGRESS, W.ON_HOLD, W.DONE, W.CLOSED) for s in states):
        return S.IN_PROGRESS
    if any(s in (W.PLANNED, W.ACCEPTED) for s in states):
        return S.PLANNED
    return S.APPROVED


def work_orders_say(obj, *, fresh=True):
    """The state the request's work orders give it, read from its (locked) work orders; `fresh=False` reuses what
    the step's guard just read."""
    if fresh or "_work_orders_say" not in obj.__dict__:
        rows = list(obj.work_orders.order_by("pk").values_list("state", "follow_up_needed"))
        live = [row for row in rows if row[0] != W.CANCELLED]
        pending = bool(live) and live[-1][0] in WORK_ORDER_GROUPS["finished"] and live[-1][1]
        obj.__dict__["_work_orders_say"] = derived_request_state([s for s, _ in rows], follow_up_pending=pending)
    return obj.__dict__["_work_orders_say"]


def may_follow(obj, user, membership, workflow):
    if work_orders_say(obj) == obj.state:
        return gettext("Its work orders leave this request where it is.")
    return None


def followed(step):
    """Planned, in progress, done: where its work orders put it (done only once every one of them is finished)."""
    step.target = work_orders_say(step.obj, fresh=False)
    step.set(done_at=step.now if step.target == S.DONE else None)


def request_resumed(step):
    """Back to where its work orders put it (they may have moved while it was on hold)."""
    step.target = work_orders_say(step.obj)
    step.set(done_at=step.now if step.target == S.DONE else None)


def may_close_without_work(obj, user, membership, workflow):
    if obj.work_orders.exclude(state=W.CANCELLED).exists():
        return gettext("This request has work orders: it is done through them (cancel them first).")
    return None


def closed_without_work(step):
    step.set(closed_at=step.now, done_at=None)


def closed(step):
    comment = (step.inputs.get("comment") or "").strip()
    step.set(closed_at=step.now, satisfaction=int(step.inputs["rating"]), satisfaction_comment=comment)
    step.changes["satisfaction"] = [None, step.obj.satisfaction]
    if comment:
        step.changes["satisfaction_comment"] = [None, comment]


def acknowledgement_overdue(obj, user, membership, workflow):
    days = workflow.acknowledgement_days
    if obj.done_at is None or obj.done_at > timezone.now() - timedelta(days=days):
        return gettext("The requester has %(days)s days to acknowledge the work.") % {"days": days}
    return None


def closed_unacknowledged(step):
    """Closed by the system, the rating left empty: the requester did not acknowledge the work in time."""
    step.set(closed_at=step.now)


def reopened(step):
    step.set(closed_at=None, done_at=None)


def submit_audience(obj, workflow):
    if workflow.department_validation and obj.department_id:
        return Audience(roles=(R.DEPARTMENT_HEAD,), department=obj.department)
    return TECHNICAL_SERVICES


# --- who may act, guards and effects of work orders ----------------------------------------------------------


def may_act_on_work_order(obj, user, membership):
    """Agents act on the work orders they (or their team) are given; contractors on theirs only."""
    if membership.role in TECHNICAL_ROLES:
        return True
    if membership.role == R.CONTRACTOR:
        return obj.contractor_id is not None and obj.contractor_id == membership.contractor_id
    if membership.role == R.AGENT:
        agent_ids = set(obj.agents.values_list("pk", flat=True))
        mine = set(user.agent_profiles.filter(organization=obj.organization).values_list("pk", "team_id"))
        return any(pk in agent_ids or (team and team == obj.team_id) for pk, team in mine)
    return False


def work_order_access(obj, user, membership):
    if not may_act_on_work_order(obj, user, membership):
        return gettext("This work order is not given to you.")
    return None


def may_accept(obj, user, membership, workflow):
    if obj.execution != "contractor":  # WorkOrder.Execution.CONTRACTOR
        return gettext("Only work given to a contractor is accepted.")
    return None


def started(step):
    if step.obj.started_at is None:
        step.set(started_at=step.now)


def reported(step):
    """Completing needs a report and whether it was fixed at the first visit (a follow-up visit keeps the
    request open: `services.work_orders.sync_request`)."""
    report, fixed = (step.inputs.get("report") or "").strip(), step.inputs.get("first_visit_fix")
    if not report:
        raise ValidationError({"report": [gettext("Describe what was done.")]})
    if fixed is None:
        raise ValidationError({"first_visit_fix": [gettext("Say whether it was fixed at the first visit.")]})
    follow_up = bool(step.inputs.get("follow_up_needed"))
    if step.obj.signature_required:
        signed(step)
    step.set(report=report, first_visit_fix=bool(fixed), follow_up_needed=follow_up, completed_at=step.now)
    step.changes.update(report=[None, report], first_visit_fix=[None, bool(fixed)], follow_up_needed=[None, follow_up])


def signed(step):
    """A work order with `signature_required` is completed with the signature of the person on site (already
    decoded and checked: `attachments.signature.decode_signature`) and the name they typed; the signature is kept
    as one of its files."""
    from regie.attachments.signature import store_signature

    signature = step.inputs.get("signature")
    if signature is None:
        raise ValidationError({"signature": [gettext("This work order needs the signature of the person on site.")]})
    step.fields |= store_signature(
        step.obj, signature, by=step.by, signer_name=step.inputs.get("signer_name"), now=step.now
    )
    step.changes["signed_by_name"] = [None, step.obj.signed_by_name]


def work_order_closed(step):
    step.set(closed_at=step.now)


# --- contractors: declining a work order, the quote (devis) -------------------------------------------------
# The quote's status is a field of the work order beside its state: the quote steps keep the state.
QUOTE_SUBMITTED, QUOTE_APPROVED, QUOTE_REJECTED = "submitted", "approved", "rejected"  # WorkOrder.QuoteStatus


def declined(step):
    """The contractor gives the work back: the work order returns to the technical services' to-plan list,
    without a contractor (in-house until they give it to someone else), its quote forgotten."""
    obj = step.obj
    step.changes["contractor"] = [str(obj.contractor), None]
    step.set(contractor=None, execution="in_house", quote_status="", quote_amount=None, quote_document=None)


def may_start(obj, user, membership, workflow):
    if obj.quote_required and obj.quote_status != QUOTE_APPROVED:
        return gettext("The quote must be approved before the work starts.")
    return None


def may_submit_quote(obj, user, membership, workflow):
    if not obj.quote_required:
        return gettext("This work order asks for no quote.")
    if obj.quote_status in (QUOTE_SUBMITTED, QUOTE_APPROVED):
        return gettext("A quote is already submitted for this work order.")
    return None


def may_decide_quote(obj, user, membership, workflow):
    if obj.quote_status != QUOTE_SUBMITTED:
        return gettext("There is no submitted quote to decide on.")
    return None


def _keep_state(step, status):
    step.target = step.obj.state
    step.changes["quote"] = [step.obj.quote_status or None, status]
    step.set(quote_status=status)


def quote_submitted(step):
    """A quote is an amount and its PDF (checked by the attachments app, stored once the step is done)."""
    amount, document = step.inputs.get("quote_amount"), step.inputs.get("quote_document")
    errors = {}
    if amount is None:
        errors["quote_amount"] = [gettext("Give the quoted amount.")]
    if document is None:
        errors["quote_document"] = [gettext("Attach the quote as a PDF.")]
    if errors:
        raise ValidationError(errors)
    _keep_state(step, QUOTE_SUBMITTED)
    step.set(quote_amount=amount)
    step.changes["quote_amount"] = [None, str(amount)]


def quote_approved(step):
    _keep_state(step, QUOTE_APPROVED)


def quote_rejected(step):
    _keep_state(step, QUOTE_REJECTED)
