"""The timeline people read: the audit events of a request and its work orders, told as sentences.

Who asked, who validated or rejected and why, who did the work, when, at what cost — from the events the
services record (`regie.core.audit`), with the names of agents, teams and contractors looked up in bulk.
Amounts are told only to whom `core.permissions.may_see_money` shows them (`money=`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from regie.core.models import AuditEvent
from regie.core.templatetags.regie import money as amount
from regie.people.models import Agent, Contractor, Team

from .models import InterventionRequest, WorkOrder
from .workflow import RequestState, WorkOrderState

S, W = RequestState, WorkOrderState


def request_steps():
    return {
        S.SUBMITTED: _("Request submitted"),
        S.VALIDATED: _("Validated by the department"),
        S.AWAITING_SECOND_APPROVAL: _("First approval given: a second approver is needed"),
        S.APPROVED: _("Approved by the technical services"),
        S.REJECTED: _("Rejected"),
        S.PLANNED: _("Work planned"),
        S.IN_PROGRESS: _("Work under way"),
        S.ON_HOLD: pgettext("timeline step", "Put on hold"),
        S.DONE: _("Work done"),
        S.CLOSED: _("Acknowledged and closed by the requester"),
        S.CLOSED_WITHOUT_WORK: _("Closed without work"),
        S.CANCELLED: _("Request cancelled"),
    }


def work_order_steps():
    return {
        W.TO_PLAN: _("Back to planning"),
        W.PLANNED: _("Planned"),
        W.ACCEPTED: _("Accepted by the contractor"),
        W.IN_PROGRESS: _("Work started"),
        W.ON_HOLD: pgettext("timeline step", "Put on hold"),
        W.DONE: _("Work completed"),
        W.CLOSED: _("Work order closed"),
        W.CANCELLED: _("Work order cancelled"),
    }


def done_by(work_orders, events):
    """Who did each work order's work: the agents who recorded time on it (not cancelled) and whoever completed it
    (its "done" step in `events`, the audit events of the request's timeline) — not whom it was given to, nor
    whoever moved the request. {work order pk: [names]}, in the order they first worked."""
    from .models import TimeEntry

    ids = [w.pk for w in work_orders]
    names = {pk: [] for pk in ids}
    if not ids:
        return names
    entries = (
        TimeEntry.objects.filter(work_order_id__in=ids, archived_at__isnull=True)
        .select_related("agent")
        .order_by("date", "pk")
    )
    work_order_type = ContentType.objects.get_for_model(WorkOrder)
    for entry in entries:
        names[entry.work_order_id].append(str(entry.agent))
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        state = (event.changes or {}).get("state")
        done = event.content_type_id == work_order_type.pk and state and state[1] == W.DONE
        if done and event.object_id in names and event.actor is not None:
            names[event.object_id].append(str(event.actor))
    return {pk: list(dict.fromkeys(people)) for pk, people in names.items()}


@dataclass
class Step:
    at: datetime.datetime
    actor: object
    text: str
    kind: str
    record: str = ""  # the work order's number; empty for the request itself
    details: list = field(default_factory=list)
    reason: str = ""
    automatic: bool = False
    channel: str = ""


def timeline(events, subject=None, *, money, pay_rates=None):
    """Steps for `events` (AuditEvent, any order), oldest first. Events of another record than `subject`
    (a request's work orders) are labelled with that record's number. Without `money`, no amount is told; without
    `pay_rates` (default: `money`), no time entry's cost (hours × an agent's rate)."""
    events = sorted(events, key=lambda e: (e.at, e.id))
    names = _Names(events)
    pay_rates = money if pay_rates is None else money and pay_rates
    return [_describe(event, names, subject, money, pay_rates) for event in events]


class _Names:
    """Display names of the agents, teams and contractors the events mention (three queries at most)."""

    def __init__(self, events):
        wanted = {"agents": set(), "team": set(), "contractor": set()}
        for event in events:
            for key, ids in wanted.items():
                for value in (event.changes or {}).get(key, [None, None]):
                    ids.update(value if isinstance(value, list) else [value] if isinstance(value, int) else [])
        self.maps = {
            key: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)} if ids else {}
            for (key, ids), model in zip(wanted.items(), (Agent, Team, Contractor), strict=True)
        }

    def __call__(self, key, value):
        ids = value if isinstance(value, list) else [value]
        return ", ".join(self.maps[key].get(pk, "?") for pk in ids if pk is not None) or "—"


def _describe(event, names, subject, money, pay_rates):
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()  # cached: no query per event
    is_work_order = model is WorkOrder
    other_record = subject is None or model is not type(subject) or event.object_id != subject.pk
    step = Step(
        at=event.at,
        actor=event.actor,
        text=event.get_action_display(),
        kind=event.action,
        record=event.object_repr.split(" — ")[0] if other_record else "",
        reason=event.reason,
        automatic=event.channel == AuditEvent.Channel.SYSTEM,
        channel=event.get_channel_display(),
    )
    changes = event.changes or {}
    if event.action == AuditEvent.Action.CREATE:
        step.text = _("Work order created") if is_work_order else _("Request filed")
        step.details = _assignment(changes, names) if is_work_order else []
    elif event.action == AuditEvent.Action.TRANSITION and "state" in changes:
        _transition(step, changes, is_work_order)
    elif event.action == AuditEvent.Action.UPDATE:
        _update(step, changes, names, model, money, pay_rates)
    return step


def _transition(step, changes, is_work_order):
    old, new = changes["state"]
    steps = work_order_steps() if is_work_order else request_steps()
    step.kind = f"state-{new}"
    step.text = steps.get(new, new)
    if is_work_order and "quote" in changes:  # the quote's steps keep the state
        step.kind = "quote"
        step.text = str(WorkOrder.QuoteStatus(changes["quote"][1] or "").label)
    elif not is_work_order and new == S.APPROVED and old in (S.DONE, S.CLOSED, S.CLOSED_WITHOUT_WORK):
        step.text = _("Request reopened")
    elif not is_work_order and new == S.CLOSED and step.automatic:
        # the system step of an acknowledgement delay run out (its reason says which), not a work order's
        step.text, step.automatic = _("Closed automatically, not acknowledged in time"), False
    elif old == "on_hold" and new not in ("cancelled", "on_hold"):
        step.text = _("Resumed")
    if "satisfaction" in changes:
        step.details.append(_("Rating: %(n)s/5") % {"n": changes["satisfaction"][1]})
    if "satisfaction_comment" in changes:
        step.details.append(_("Comment: “%(text)s”") % {"text": changes["satisfaction_comment"][1]})
    if "report" in changes:
        step.details.append(_("Report: %(text)s") % {"text": changes["report"][1]})
    if "first_visit_fix" in changes:
        yes = changes["first_visit_fix"][1]
        step.details.append(_("Fixed at the first visit: %(answer)s") % {"answer": _("yes") if yes else _("no")})
    if changes.get("follow_up_needed", [None, False])[1]:
        step.details.append(_("A follow-up is needed."))


def _update(step, changes, names, model, money, pay_rates):
    if "time" in changes:
        old, new = changes["time"]
        entry = new or old or {}
        values = {
            "hours": hours(entry.get("hours")),
            "agent": entry.get("agent", "?"),
            "date": _date(entry.get("date")),
        }
        if new:
            step.kind, step.text = "time", _("%(hours)s h of work by %(agent)s on %(date)s") % values
            if pay_rates:
                step.details.append(_("Labour cost: %(amount)s") % {"amount": amount(_decimal(entry.get("cost")))})
        else:
            step.kind, step.text = "time", _("Time entry withdrawn: %(hours)s h of %(agent)s on %(date)s") % values
        return
    if "cost" in changes:
        old, new = changes["cost"]
        line = new or old or {}
        values = {"label": line.get("label", ""), "amount": amount(_decimal(line.get("amount")))}
        step.kind = "cost"
        if money:
            text = _("Cost added: %(label)s, %(amount)s") if new else _("Cost withdrawn: %(label)s, %(amount)s")
        else:
            text = _("Cost added: %(label)s") if new else _("Cost withdrawn: %(label)s")
        step.text = text % values
        return
    tasks = [key.split(":", 1)[1] for key in changes if key.startswith("task:")]
    measured = {key.split(":", 1)[1]: new for key, (_old, new) in changes.items() if key.startswith("measurement:")}
    if tasks or measured:
        step.kind = "task"
        if tasks:
            done = all(changes[f"task:{t}"][1] for t in tasks)
            text = _("Task done: %(task)s") if done else _("Task reopened: %(task)s")
            step.text = text % {"task": ", ".join(tasks)}
        else:
            step.text = _("Measurement recorded: %(task)s") % {"task": ", ".join(measured)}
        step.details = [
            _("%(label)s: %(result)s") % {"label": label, "result": _measurement_text(value)}
            for label, value in measured.items()
        ]
        return
    step.text = _("Details changed")
    step.details = _assignment(changes, names) if model is WorkOrder else []
    others = [_label(model, name) for name in changes if name not in ASSIGNMENT_FIELDS]
    if others:
        step.details.append(_("Changed: %(fields)s") % {"fields": ", ".join(others)})


ASSIGNMENT_FIELDS = ("execution", "team", "agents", "contractor", "planned_start", "planned_end", "skill_override")


def _assignment(changes, names):
    lines = []
    new = {key: value[1] for key, value in changes.items() if isinstance(value, list) and len(value) == 2}
    if new.get("agents"):
        lines.append(_("Agents: %(names)s") % {"names": names("agents", new["agents"])})
    if new.get("skill_override"):  # who was assigned without a required skill (the event's reason says why)
        lines.append(_("Assigned without a required skill: %(gaps)s") % {"gaps": "; ".join(new["skill_override"])})
    if new.get("team"):
        lines.append(_("Team: %(name)s") % {"name": names("team", new["team"])})
    if new.get("contractor"):
        lines.append(_("Contractor: %(name)s") % {"name": names("contractor", new["contractor"])})
    if new.get("planned_start"):
        lines.append(
            pgettext("planned slot", "Planned: %(start)s – %(end)s")
            % {"start": _datetime(new["planned_start"]), "end": _datetime(new.get("planned_end"))}
        )
    return lines


def _label(model, name):
    try:
        return str((model or InterventionRequest)._meta.get_field(name).verbose_name)
    except Exception:  # a key that is not a field (history written by an older version)
        return name


def _measurement_text(measurement):
    """What a checklist task recorded ({"value", "unit"} or {"passed"}: `services.work_orders._measurement`)."""
    if not isinstance(measurement, dict):
        return "—"
    if "passed" in measurement:
        return _("Pass") if measurement["passed"] else _("Fail")
    value = _decimal(measurement.get("value"))
    return f"{formats.number_format(value) if value is not None else '—'} {measurement.get('unit', '')}".strip()


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def hours(value):
    """A number of hours for people: 2.50 → "2,5", 3.00 → "3" (in French)."""
    number = _decimal(value)
    if number is None:
        return value
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.localize(number, use_l10n=True)


def _date(value):
    try:
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return value or "—"


def _datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or "—"
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
