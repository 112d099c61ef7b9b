"""Use cases of intervention requests: filing, editing a draft, and the validation workflow."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.attachments.services import attach_files
from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, Forbidden
from regie.core.models import Organization
from regie.core.numbering import next_number
from regie.core.permissions import Role
from regie.core.services import check_same_tenant, is_stale, lock, validate_fast
from regie.core.validators import moving_bounds

from ..models import InterventionRequest, Priority, WorkflowSettings
from ..transitions import is_own_request
from ..workflow import REQUEST_GROUPS, REQUEST_TRANSITIONS, REQUESTS, RequestState
from .transitions import fire

S = RequestState
FOLLOW = REQUESTS.by_name["follow"]
UNACKNOWLEDGED = gettext_lazy("Not acknowledged within %(days)s days: closed automatically.")
EDITABLE_FIELDS = (
    "title",
    "description",
    "department",
    "category",
    "priority",
    "asset",
    "location",
    "latitude",
    "longitude",
    "desired_date",
    "budget_line",
    "estimated_amount",
    "cost_code",
)
DEPARTMENT_ROLES = (Role.REQUESTER, Role.DEPARTMENT_HEAD)


def _check_request(obj, membership, workflow, *, new_line):
    """`new_line`: the request takes its budget line now (a line of a closed year is refused then only)."""
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
    elif new_line and obj.budget_line_id and obj.budget_line.closed:
        errors["budget_line"] = [_("This budget line is of a closed budget year.")]
    if (obj.latitude is None) != (obj.longitude is None):
        errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
    if errors:
        raise ValidationError(errors)


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
    _check_request(obj, membership, workflow, new_line=True)
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
    if membership is None or not is_own_request(obj, user, membership):
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
    line_before = obj.budget_line_id
    for name in fields:
        setattr(obj, name, data[name])
    obj.full_clean(exclude=moving_bounds(obj, fields))
    check_same_tenant(obj)
    new_line = obj.budget_line_id != line_before
    _check_request(obj, membership, WorkflowSettings.for_org(obj.organization), new_line=new_line)
    obj.save(update_fields=[*fields, "updated_at"] + (["location_key"] if "location" in fields else []))
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if changes:
        audit.record(obj, action=audit.Action.UPDATE, by=by, changes=changes)
    return obj


def allowed_request_transitions(obj, user, membership, workflow=None):
    """The transitions `user` may fire on `obj` now, for buttons and 409 answers (`REQUESTS.refusal`)."""
    return REQUESTS.allowed(obj, user, membership, workflow or WorkflowSettings.for_org(obj.organization))


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


def _fire(obj, name, *, by, membership, workflow, **inputs):
    """Check and apply one transition to a locked (or just created) request; audit and notify."""
    return fire(REQUESTS, obj, name, by=by, membership=membership, workflow=workflow, **inputs)


def sync_request(request_obj, *, by):
    """Move the request to where its work orders put it (planned, in progress, done): the system step "follow",
    audited as caused by `by` (who moved the work order); nothing happens while it is on hold or ended. The work
    orders are read once the request is locked: of two finished at once, the second to commit sees the first."""
    obj = lock(request_obj)
    workflow = WorkflowSettings.for_org(obj.organization)
    if REQUESTS.refusal(FOLLOW, obj, by, None, workflow, system=True) is None:
        obj = fire(REQUESTS, obj, FOLLOW.name, by=by, membership=None, workflow=workflow, system=True)
    return obj


def unacknowledged(organization, now=None):
    """The ids of the organization's requests done longer ago than its acknowledgement delay, oldest first."""
    days = WorkflowSettings.for_org(organization).acknowledgement_days
    limit = (now or timezone.now()) - timedelta(days=days)
    return list(
        InterventionRequest.objects.filter(organization=organization, state=S.DONE, done_at__lte=limit)
        .order_by("done_at", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def close_unacknowledged(request_id):
    """Close a request its requester did not acknowledge within the organization's delay: by the system, the
    rating left empty. Locked and checked again (acknowledged or reopened meanwhile: left alone); returns
    whether it was closed."""
    obj = InterventionRequest.objects.select_for_update().select_related("organization").filter(pk=request_id).first()
    if obj is None:
        return False
    workflow = WorkflowSettings.for_org(obj.organization)
    step = REQUESTS.by_name["close_unacknowledged"]
    if REQUESTS.refusal(step, obj, None, None, workflow, system=True) is not None:
        return False
    reason = str(UNACKNOWLEDGED % {"days": workflow.acknowledgement_days})
    fire(REQUESTS, obj, step.name, by=None, membership=None, workflow=workflow, system=True, reason=reason)
    return True


def close_all_unacknowledged(now=None, organizations=None):
    """The scheduled job "interventions.close_unacknowledged_requests" (daily; and `manage.py
    close_unacknowledged_requests`): close, organization by organization, the requests done longer ago than its
    acknowledgement delay. Each request in its own transaction (`close_unacknowledged`), so a run stopped midway
    keeps what it closed and the next run closes the rest. Returns its summary (counts only: every organization's
    administrators read it)."""
    if organizations is None:
        organizations = Organization.objects.order_by("pk")
    closed = touched = 0
    for organization in organizations:
        count = sum(close_unacknowledged(pk) for pk in unacknowledged(organization, now))
        closed, touched = closed + count, touched + bool(count)
    return f"{closed} unacknowledged request(s) closed in {touched} organization(s)"


# Each notice by its key, for the demo's notification history (demo.py): declared in workflow.REQUEST_TRANSITIONS.
_NOTICES = {n.key: n for t in REQUEST_TRANSITIONS for n in t.notify}
MESSAGES = {key: n.title for key, n in _NOTICES.items()}
KINDS = {key: n.kind for key, n in _NOTICES.items()}
