"""The calendar's JSON endpoints: the events of a range, and rescheduling by drag and drop."""

import datetime
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from regie.core.access import get_for_org
from regie.core.exceptions import DomainError
from regie.core.views import TenantViewMixin

from .. import selectors, services
from ..models import WorkOrder
from ..workflow import WORK_ORDER_GROUPS
from .checks import slot_warnings
from .moments import parse_id, parse_moment, wall_clock

MAX_RANGE = datetime.timedelta(days=62)  # a month view shows 6 weeks; more is a scraper, not a person
MAX_EVENTS = 1500


def json_error(code, message, status, fields=None):
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status)


class JSONViewMixin:
    """Answer the calendar's script in JSON, refusals included (the HTML 403 page means nothing to fetch())."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return json_error("permission_denied", _("You do not have permission to do this."), 403)


def event_json(work_order, *, can_manage, organization):
    priority = work_order.priority
    rank = min(max(priority.rank, 1), 4) if priority else 3
    agents = ", ".join(str(a) for a in work_order.agents.all())
    owned = work_order.organization_id == organization.pk
    return {
        "id": str(work_order.pk),
        "title": f"{work_order.number} · {work_order.title}",
        "start": wall_clock(work_order.planned_start),
        "end": wall_clock(work_order.planned_end),
        "url": reverse("interventions:workorder-detail", args=[work_order.pk]),
        "editable": can_manage and owned and work_order.state not in WORK_ORDER_GROUPS["ended"],
        "classNames": [f"wo-rank-{rank}", f"wo-state-{work_order.state}"],
        "extendedProps": {
            "number": work_order.number,
            "state": work_order.state,
            "stateLabel": str(work_order.get_state_display()),
            "priority": str(priority) if priority else "",
            "team": str(work_order.team) if work_order.team_id else "",
            "agents": agents,
            "contractor": str(work_order.contractor) if work_order.contractor_id else "",
            "location": work_order.location,
            "version": work_order.updated_at.isoformat(),
            "rescheduleUrl": reverse("planning:reschedule", args=[work_order.pk]),
        },
    }


def day_summaries(work_orders, start, end):
    """One all-day event per day of [start, end) that has work: "12 work orders", linking to that day.

    The month view of a town would stack hundreds of events a day (a 20,000 px page); it shows this instead.
    """
    counts = {}
    first, last = timezone.localdate(start), timezone.localdate(end - datetime.timedelta(microseconds=1))
    for planned_start, planned_end in work_orders.values_list("planned_start", "planned_end").order_by():
        day = max(timezone.localdate(planned_start), first)
        until = min(timezone.localdate(planned_end - datetime.timedelta(microseconds=1)), last)
        while day <= until:
            counts[day] = counts.get(day, 0) + 1
            day += datetime.timedelta(days=1)
    page = reverse("planning:calendar")
    return [
        {
            "id": f"day-{day.isoformat()}",
            "title": ngettext("%(count)d work order", "%(count)d work orders", count) % {"count": count},
            "start": day.isoformat(),
            "allDay": True,
            "url": f"{page}?view=timeGridDay&date={day.isoformat()}",
            "editable": False,
            "classNames": ["wo-summary"],
            "extendedProps": {"count": count},
        }
        for day, count in sorted(counts.items())
    ]


class EventsView(JSONViewMixin, TenantViewMixin, View):
    """GET ?start=&end=[&team=&agent=][&summary=day] → the work orders planned in the range, as FullCalendar
    events, or (summary=day, the month view) one event per day counting them."""

    permission_action = "planning.view"

    def get(self, request):
        errors = {}
        start, end = parse_moment(request.GET.get("start")), parse_moment(request.GET.get("end"))
        if start is None:
            errors["start"] = [_("Give a valid ISO 8601 date.")]
        if end is None:
            errors["end"] = [_("Give a valid ISO 8601 date.")]
        if start and end and not start < end <= start + MAX_RANGE:
            errors["end"] = [
                _("The end must be after the start, at most %(days)d days later.") % {"days": MAX_RANGE.days}
            ]
        filters = {}
        for name in ("team", "agent"):
            try:
                filters[name] = parse_id(request.GET.get(name))
            except (TypeError, ValueError):
                errors[name] = [_("Unknown choice.")]
        if errors:
            return json_error("invalid", _("Some fields are not valid."), 400, errors)
        qs = selectors.planned_between(self.organization, request.membership, start, end, **filters)
        if request.GET.get("summary") == "day":
            return JsonResponse(
                {"events": day_summaries(qs.filter(archived_at__isnull=True), start, end), "truncated": False}
            )
        work_orders = list(qs.filter(archived_at__isnull=True).order_by("planned_start", "pk")[: MAX_EVENTS + 1])
        can_manage = self.can("planning.manage")
        events = [
            event_json(wo, can_manage=can_manage, organization=self.organization) for wo in work_orders[:MAX_EVENTS]
        ]
        return JsonResponse({"events": events, "truncated": len(work_orders) > MAX_EVENTS})


def confirmation_needed(warnings):
    """409 `needs_confirmation`: the move is possible, but on a weekend, a holiday, an absence or out of hours."""
    body = {
        "code": "needs_confirmation",
        "message": " ".join(w.message for w in warnings),
        "reasons": [w.as_json() for w in warnings],
    }
    return JsonResponse(body, status=409)


class WorkOrderMoveEndpoint(JSONViewMixin, TenantViewMixin, View):
    """POST onto one of the organization's visible work orders: `move(request, work_order, data)` answers; the
    services' refusals become the JSON errors (400 with fields, 403, 404, 409)."""

    permission_action = "planning.manage"
    model = WorkOrder
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            visible = selectors.visible_work_orders(self.organization, request.membership)
            work_order = get_for_org(visible, self.organization, pk, owned=True)
            return self.move(request, work_order, self.payload(request))
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            return json_error("invalid", " ".join(m for ms in fields.values() for m in ms), 400, fields)
        except DomainError as error:
            return json_error(error.code, error.message, error.status)

    def move(self, request, work_order, data):
        raise NotImplementedError

    @staticmethod
    def version(data):
        return parse_datetime(str(data.get("version") or "")[:40]) if data.get("version") else None

    @staticmethod
    def payload(request):
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return {}
            return data if isinstance(data, dict) else {}
        return request.POST


class RescheduleView(WorkOrderMoveEndpoint):
    """POST {start, end, version, confirm} → move a work order (drag and drop); 409 `conflict` when someone changed
    it meanwhile, 409 `needs_confirmation` with the reasons (checks.slot_warnings) unless `confirm` is true."""

    def move(self, request, work_order, data):
        start, end = parse_moment(data.get("start")), parse_moment(data.get("end"))
        version = self.version(data)
        errors = {}
        for name, value in (("start", start), ("end", end), ("version", version)):
            if value is None:
                errors[name] = [_("Give a valid ISO 8601 date.")]
        if start and end and end <= start:
            errors["end"] = [_("The end must be after the start.")]
        if errors:
            return json_error("invalid", _("Some fields are not valid."), 400, errors)
        if data.get("confirm") is not True:
            warnings = slot_warnings(self.organization, start, end, list(work_order.agents.all()))
            if warnings:
                return confirmation_needed(warnings)
        work_order = services.reschedule_work_order(
            work_order, by=request.user, start=start, end=end, expected_updated_at=version
        )
        work_order = (
            selectors.work_order_list(self.organization, request.membership)
            .prefetch_related("agents")
            .get(pk=work_order.pk)
        )
        message = _("%(number)s moved: %(start)s – %(end)s.") % {
            "number": work_order.number,
            "start": formats.date_format(timezone.localtime(work_order.planned_start), "SHORT_DATETIME_FORMAT"),
            "end": formats.date_format(timezone.localtime(work_order.planned_end), "SHORT_DATETIME_FORMAT"),
        }
        event = event_json(work_order, can_manage=True, organization=self.organization)
        return JsonResponse({"event": event, "message": message})
