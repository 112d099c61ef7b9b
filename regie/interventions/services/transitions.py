"""The one service that fires a transition of a workflow table (`workflow.REQUESTS`, `workflow.WORK_ORDERS`):
find it, check who may and from where (the table's `refusal`), check its inputs, apply its effect, save, audit,
notify. The callers lock the record first and hold the transaction."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.exceptions import Forbidden, TransitionNotAllowed
from regie.notifications.services import notify

from ..workflow import Step
from .notifications import members_of_contractor, members_with_roles


def _valid_rating(rating):
    return rating not in (None, "") and str(rating).isdigit() and 1 <= int(rating) <= 5


def fire(
    table, obj, name, *, by, membership, workflow, reason="", expected_state=None, then=None, system=False, **inputs
):
    """Fire transition `name` of `table` on the locked `obj`; `then(obj)` runs after the save (the request
    following its work orders). 403 if `by` may not act on it or fire it; 409 (with the allowed ones) if not now.
    `system`: one of the table's system steps, taken by a service (`by`: whose action caused it, or None)."""
    transition = table.by_name.get(name)
    allowed = [] if system else [t.name for t in table.allowed(obj, by, membership, workflow)]
    if transition is None:
        raise TransitionNotAllowed(_("Unknown step “%(name)s”.") % {"name": name}, allowed=allowed)
    denied = None if system else table.denied(obj, by, membership)
    if denied:
        raise Forbidden(denied)
    if expected_state and expected_state != obj.state:
        raise TransitionNotAllowed(table.moved % {"state": obj.get_state_display()}, allowed=allowed)
    refusal = table.refusal(transition, obj, by, membership, workflow, system=system)
    if refusal:
        if not system and obj.state in transition.sources and membership.role not in transition.roles:
            raise Forbidden(refusal)
        raise TransitionNotAllowed(refusal, allowed=allowed)
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    if transition.needs_rating and not _valid_rating(inputs.get("rating")):
        raise ValidationError({"rating": [_("Rate the work from 1 to 5.")]})
    step = Step(obj, by, transition, workflow, timezone.now(), inputs, target=transition.target)
    step.changes["state"] = [obj.state, None]
    if transition.effect is not None:
        transition.effect(step)
    if reason:
        step.set(last_reason=reason)
    obj.state = step.changes["state"][1] = step.target
    obj.save(update_fields=sorted(step.fields))
    channel = audit.Channel.SYSTEM if system else None
    audit.record(obj, action=audit.Action.TRANSITION, by=by, changes=step.changes, reason=reason, channel=channel)
    if then is not None:
        then(obj)
    announce(table, obj, transition, step.target, by=by, workflow=workflow)
    return obj


def announce(table, obj, transition, target, *, by, workflow):
    """Send the transition's notice for `target` (if it has one) to its audience, but not to `by`."""
    notice = transition.notice_for(target)
    if notice is None:
        return
    audience, org = notice.audience_for(obj, workflow), obj.organization
    if audience.requester:
        recipients = [obj.requester]
    elif audience.contractor:
        recipients = members_of_contractor(org, obj.contractor_id)
    else:
        recipients = members_with_roles(org, audience.roles, department=audience.department, exclude=by)
    recipients = [u for u in recipients if u is not None and (by is None or u.pk != by.pk)]
    if not recipients:
        return
    notify(
        recipients,
        organization=org,
        kind=notice.kind,
        record=obj,
        url=reverse(table.detail_url, args=[obj.pk]),
        title=lambda user: notice.title % {"number": obj.number},
        body=lambda user: f"{obj.title}\n{obj.last_reason}" if notice.with_reason else obj.title,
    )
