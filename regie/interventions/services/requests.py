"""Use cases of intervention requests: filing, editing a draft, and the validation workflow."""

from datetime import timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.attachments.services import attach_files
from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, Forbidden, TransitionNotAllowed
from regie.core.numbering import next_number
from regie.core.permissions import Role
from regie.core.services import check_same_tenant, is_stale, lock, validate_fast
from regie.core.working_time import add_working_hours
from regie.notifications.services import notify

from ..models import InterventionRequest, Priority, WorkflowSettings
from ..workflow import REQUEST_BY_NAME, REQUEST_GROUPS, REQUEST_TRANSITIONS, RequestState
from .notifications import members_with_roles

S = RequestState
EDITABLE_FIELDS = (
    "title",
    "description",
    "department",
    "category",
    "priority",
    "location",
    "latitude",
    "longitude",
    "desired_date",
    "budget_line",
    "estimated_amount",
    "cost_code",
)
DEPARTMENT_ROLES = (Role.REQUESTER, Role.DEPARTMENT_HEAD)


def _check_request(obj, membership, workflow):
    errors = {}
    if membership.role in DEPARTMENT_ROLES:
        if obj.department_id is None:
            obj.department = membership.department
        elif membership.department_id != obj.department_id:
            errors["department"] = [_("You can only file requests for your own department.")]
    if workflow.budget_required and obj.department_id:
        if obj.budget_line_id is None:
            errors["budget_line"] = [_("Your organization requires a budget line for department requests.")]
        if obj.estimated_amount is None:
            errors["estimated_amount"] = [_("Your organization requires an estimated amount for department requests.")]
    if obj.budget_line_id and obj.budget_line.department_id and obj.budget_line.department_id != obj.department_id:
        errors["budget_line"] = [_("This budget line belongs to another department.")]
    if (obj.latitude is None) != (obj.longitude is None):
        errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
    if errors:
        raise ValidationError(errors)


def _set_due_dates(obj, start):
    """Target times from `start`, in working days where the priority says so (the organization's holidays)."""
    priority = obj.priority
    calendar = WorkflowSettings.for_org(obj.organization).holiday_calendar
    due = partial(add_working_hours, start, working_days_only=priority.working_days_only, calendar=calendar)
    obj.response_due_at = due(priority.response_hours)
    obj.resolution_due_at = due(priority.resolution_hours)


@transaction.atomic
def create_request(*, by, organization, data, files=(), submit=True, idempotency_key=None, channel=None):
    """File a request (submitted at once unless `submit=False` keeps a draft).

    A retried submission with the same idempotency key returns the first request: (request, created).
    """
    membership = authorize(by, organization, "request.create")
    if idempotency_key:
        existing = InterventionRequest.objects.filter(
            organization=organization, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return _same_requester(existing, by), False
    data = dict(data)
    if "priority" not in data or data["priority"] is None:
        data["priority"] = default_priority(organization)
    obj = InterventionRequest(
        organization=organization,
        requester=by,
        idempotency_key=idempotency_key or None,
        **{k: v for k, v in data.items() if k in EDITABLE_FIELDS},
    )
    if channel:
        obj.channel = channel
    workflow = WorkflowSettings.for_org(organization)
    obj.number = "pending"
    validate_fast(obj, exclude=["number"])
    _check_request(obj, membership, workflow)
    obj.number = next_number(organization, "DI")
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        if idempotency_key:  # the same key was accepted concurrently: answer with that request
            existing = InterventionRequest.objects.get(organization=organization, idempotency_key=idempotency_key)
            return _same_requester(existing, by), False
        raise
    audit.record(obj, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(obj)))
    if files:  # filed with the request: no separate "files added" event
        attach_files(by=by, organization=organization, record=obj, uploads=files, audit_event=False)
    if submit:  # just inserted in this transaction: nobody else can see it, no need to lock it again
        obj = _fire(obj, "submit", by=by, membership=membership, workflow=workflow)
    return obj, True


def _same_requester(existing, by):
    """A key replays its own user's request only: another user's key must not reveal their request."""
    if existing.requester_id != by.pk:
        raise Conflict(_("This idempotency key was already used for another request."), code="idempotency_key_reused")
    return existing


def add_attachments(request_obj, *, by, files):
    """Attach photos or documents to a request (the rule: `may_add_files`)."""
    return attach_files(by=by, organization=request_obj.organization, record=request_obj, uploads=files)


def may_add_files(obj, user, membership):
    """Files on a request: its requester's side or technical services, until it ends (raises otherwise)."""
    if membership is None or not _is_own(obj, user, membership):
        raise Forbidden(_("Only the requester, their department head or technical services can add files."))
    if obj.state in (S.CLOSED, S.CANCELLED, S.REJECTED):
        raise Conflict(_("This request is finished: it can no longer be changed."), code="finished")


def default_priority(organization):
    priority = Priority.objects.owned_by(organization).active().order_by("-rank").filter(rank__lte=3).first()
    return priority or Priority.objects.owned_by(organization).active().order_by("rank").first()


def edit_refusal(obj, user, membership):
    """Why `user` may not change `obj` (a Forbidden or Conflict to raise), or None: the one rule of the edit button,
    the edit page, the API's `can_edit` and `update_request`. Technical services may until the request ends (done,
    closed, rejected, cancelled); its requester while it is a draft or submitted."""
    if obj.state in REQUEST_GROUPS["ended"]:
        return Conflict(_("This request is finished: it can no longer be changed."), code="finished")
    if membership is not None and membership.role in (Role.MANAGER, Role.ADMIN):
        return None
    if obj.requester_id != user.pk or obj.state not in (S.DRAFT, S.SUBMITTED):
        return Forbidden(_("Only its requester can change a request, and only before it is validated."))
    return None


def may_edit_request(obj, user, membership):
    return edit_refusal(obj, user, membership) is None


@transaction.atomic
def update_request(request_obj, *, by, data, expected_updated_at=None):
    """Change a request (`edit_refusal` says who may, until when)."""
    obj = lock(request_obj)
    membership = authorize(by, obj.organization, "request.view")
    refusal = edit_refusal(obj, by, membership)
    if refusal is not None:
        raise refusal
    if is_stale(obj, expected_updated_at):
        raise Conflict()
    fields = [k for k in data if k in EDITABLE_FIELDS]
    before = audit.snapshot(obj, fields)
    for name in fields:
        setattr(obj, name, data[name])
    obj.full_clean()
    check_same_tenant(obj)
    _check_request(obj, membership, WorkflowSettings.for_org(obj.organization))
    obj.save(update_fields=[*fields, "updated_at"] + (["location_key"] if "location" in fields else []))
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if changes:
        audit.record(obj, action=audit.Action.UPDATE, by=by, changes=changes)
    return obj


def _is_own(obj, user, membership):
    if obj.requester_id == user.pk or membership.role in (Role.MANAGER, Role.ADMIN):
        return True
    return membership.role == Role.DEPARTMENT_HEAD and membership.department_id == obj.department_id


def _refusal(transition, obj, user, membership, workflow):
    """Why `user` may not fire `transition` on `obj` now (None if they may)."""
    if obj.state not in transition.sources:
        return _("This step is not allowed from the status “%(state)s”.") % {"state": obj.get_state_display()}
    if membership is None or membership.role not in transition.roles:
        return _("Your role does not allow this step.")
    if transition.own_only and not _is_own(obj, user, membership):
        return _("Only the requester or their department can do this.")
    check = STEP_CHECKS.get(transition.name)
    return check(obj, user, membership, workflow) if check else None


def _check_validate(obj, user, membership, workflow):
    if not workflow.department_validation:
        return _("Your organization does not use the department validation step.")
    if membership.role == Role.DEPARTMENT_HEAD and membership.department_id != obj.department_id:
        return _("Only the head of the requesting department can validate this request.")
    return None


def _needs_department_first(obj, workflow):
    return obj.state == S.SUBMITTED and workflow.department_validation and obj.department_id is not None


def _check_approve(obj, user, membership, workflow):
    if _needs_department_first(obj, workflow):
        return _("The department head must validate this request first.")
    if obj.state == S.AWAITING_SECOND_APPROVAL and obj.first_approved_by_id == user.pk:
        return _("A second, different approver is required for this amount.")
    return None


def _check_reject(obj, user, membership, workflow):
    if membership.role == Role.DEPARTMENT_HEAD:
        if obj.state != S.SUBMITTED or membership.department_id != obj.department_id:
            return _("Only the head of the requesting department can reject it at this step.")
    elif _needs_department_first(obj, workflow):
        return _("The department head must validate this request first.")
    return None


def _check_reopen(obj, user, membership, workflow):
    if (
        obj.state == S.CLOSED
        and obj.closed_at
        and timezone.now() - obj.closed_at > timedelta(days=workflow.reopen_days)
    ):
        return _("This request was closed more than %(days)s days ago: file a new one.") % {
            "days": workflow.reopen_days
        }
    return None


STEP_CHECKS = {"validate": _check_validate, "approve": _check_approve, "reject": _check_reject, "reopen": _check_reopen}


def allowed_request_transitions(obj, user, membership, workflow=None):
    """The transitions `user` may fire on `obj` now, for buttons and 409 answers."""
    workflow = workflow or WorkflowSettings.for_org(obj.organization)
    return [t for t in REQUEST_TRANSITIONS if _refusal(t, obj, user, membership, workflow) is None]


@transaction.atomic
def transition_request(request_obj, name, *, by, reason="", rating=None, comment="", expected_state=None):
    """Move a request along its workflow. Locks the row: of two people acting at once, the second gets 409."""
    obj = lock(request_obj)
    membership = authorize(by, obj.organization, "request.view")
    workflow = WorkflowSettings.for_org(obj.organization)
    return _fire(
        obj,
        name,
        by=by,
        membership=membership,
        workflow=workflow,
        reason=reason,
        rating=rating,
        comment=comment,
        expected_state=expected_state,
    )


def _fire(obj, name, *, by, membership, workflow, reason="", rating=None, comment="", expected_state=None):
    """Check and apply one transition to a locked (or just created) request; audit and notify."""
    transition = REQUEST_BY_NAME.get(name)
    allowed = [t.name for t in allowed_request_transitions(obj, by, membership, workflow)]
    if transition is None:
        raise TransitionNotAllowed(_("Unknown step “%(name)s”.") % {"name": name}, allowed=allowed)
    if expected_state and expected_state != obj.state:
        raise TransitionNotAllowed(
            _("This request changed meanwhile: it is now “%(state)s”.") % {"state": obj.get_state_display()},
            allowed=allowed,
        )
    refusal = _refusal(transition, obj, by, membership, workflow)
    if refusal:
        if obj.state in transition.sources and membership.role not in transition.roles:
            raise Forbidden(refusal)
        raise TransitionNotAllowed(refusal, allowed=allowed)
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    if transition.needs_rating and (rating in (None, "") or not str(rating).isdigit() or not 1 <= int(rating) <= 5):
        raise ValidationError({"rating": [_("Rate the work from 1 to 5.")]})
    now, old_state = timezone.now(), obj.state
    target, fields = transition.target, {"state", "updated_at"}
    if name == "submit":
        obj.submitted_at = now
        _set_due_dates(obj, now)
        fields |= {"submitted_at", "response_due_at", "resolution_due_at"}
    elif name == "validate":
        obj.validated_at = now
        fields.add("validated_at")
    elif name == "approve":
        threshold = workflow.second_approval_threshold
        needs_second = threshold is not None and (obj.estimated_amount or 0) > threshold
        if needs_second and obj.state != S.AWAITING_SECOND_APPROVAL:
            target = S.AWAITING_SECOND_APPROVAL
            obj.first_approved_by = by
            fields.add("first_approved_by")
        else:
            obj.approved_at = now
            fields.add("approved_at")
    elif name == "hold":
        obj.state_before_hold = obj.state
        fields.add("state_before_hold")
    elif name == "resume":
        target = obj.state_before_hold or S.IN_PROGRESS
    elif name == "complete":
        obj.done_at = now
        fields.add("done_at")
    elif name == "close":
        obj.closed_at, obj.satisfaction, obj.satisfaction_comment = now, int(rating), (comment or "").strip()
        fields |= {"closed_at", "satisfaction", "satisfaction_comment"}
    elif name == "reopen":
        obj.closed_at = obj.done_at = None
        fields |= {"closed_at", "done_at"}
    if obj.responded_at is None and name in ("validate", "approve", "reject"):
        obj.responded_at = now
        fields.add("responded_at")
    if reason:
        obj.last_reason = reason
        fields.add("last_reason")
    obj.state = target
    obj.save(update_fields=sorted(fields))
    changes = {"state": [old_state, target]}
    if name == "close":
        changes["satisfaction"] = [None, obj.satisfaction]
    audit.record(obj, action=audit.Action.TRANSITION, by=by, changes=changes, reason=reason)
    _notify_transition(obj, name, target, by, workflow)
    return obj


def follow_work_orders(request_obj, *, by, target):
    """Move an approved request along with its work orders (planned, started, all done): a system step."""
    obj = lock(request_obj)
    if obj.state == target or obj.state not in (S.APPROVED, S.PLANNED, S.IN_PROGRESS, S.DONE):
        return obj
    old, obj.state = obj.state, target
    obj.done_at = timezone.now() if target == S.DONE else None
    obj.save(update_fields=["state", "done_at", "updated_at"])
    audit.record(obj, action=audit.Action.TRANSITION, by=by, changes={"state": [old, target]}, channel="system")
    if target == S.DONE:
        _notify_transition(obj, "complete", target, by)
    return obj


MESSAGES = {
    "submit": gettext_lazy("New request to validate: %(number)s"),
    "validate": gettext_lazy("Request validated by the department: %(number)s"),
    "second": gettext_lazy("Second approval needed: %(number)s"),
    "approve": gettext_lazy("Your request %(number)s is approved"),
    "reject": gettext_lazy("Your request %(number)s is rejected"),
    "complete": gettext_lazy("Work done on your request %(number)s: please acknowledge it"),
    "reopen": gettext_lazy("Request reopened: %(number)s"),
    "cancel": gettext_lazy("Request cancelled: %(number)s"),
}
# the notification kind of each message (declared in apps.py)
KINDS = {
    "submit": "request_submitted",
    "validate": "request_validated",
    "second": "request_second_approval",
    "approve": "request_approved",
    "reject": "request_rejected",
    "complete": "request_completed",
    "reopen": "request_reopened",
    "cancel": "request_cancelled",
}


def _notify_transition(obj, name, target, by, workflow=None):
    org, url = obj.organization, reverse("interventions:request-detail", args=[obj.pk])
    workflow = workflow or WorkflowSettings.for_org(org)
    managers = (Role.MANAGER, Role.ADMIN)
    recipients, key = [], name
    if name == "submit":
        if workflow.department_validation and obj.department_id:
            recipients = members_with_roles(org, [Role.DEPARTMENT_HEAD], department=obj.department, exclude=by)
        else:
            recipients = members_with_roles(org, managers, exclude=by)
    elif name == "validate":
        recipients = members_with_roles(org, managers, exclude=by)
    elif name == "approve" and target == S.AWAITING_SECOND_APPROVAL:
        key, recipients = "second", members_with_roles(org, managers, exclude=by)
    elif name in ("approve", "reject", "complete"):
        recipients = [obj.requester]
    elif name in ("reopen", "cancel"):
        recipients = members_with_roles(org, managers, exclude=by)
    if not recipients or key not in MESSAGES:
        return
    message = MESSAGES[key]
    notify(
        [u for u in recipients if u.pk != by.pk],
        organization=org,
        kind=KINDS[key],
        record=obj,
        url=url,
        title=lambda user: message % {"number": obj.number},
        body=lambda user: f"{obj.title}\n{obj.last_reason}" if key == "reject" else obj.title,
    )
