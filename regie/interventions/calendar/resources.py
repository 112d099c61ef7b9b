"""The planning's resource view (teams or agents as rows) and the move endpoint its drag and drop calls."""

import datetime

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from regie.core.access import get_for_org
from regie.core.exceptions import NotFound
from regie.core.views import TenantViewMixin
from regie.people.models import Agent, Team

from .. import services
from ..models import Priority
from . import board
from .checks import slot_warnings
from .endpoints import WorkOrderMoveEndpoint, confirmation_needed, json_error
from .moments import parse_moment


class ResourceView(TenantViewMixin, TemplateView):
    """GET ?date=&span=week|day&rows=teams|agents&scope=all|d<department>|t<team>: the dispatchers' board."""

    permission_action = "planning.view"
    template_name = "interventions/resources.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["interventions/resources.html#board"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, params = self.organization, self.request.GET
        day = parse_date(params.get("date", "")[:10]) if params.get("date") else None
        day = day or timezone.localdate()
        span = params.get("span") if params.get("span") in board.SPANS else "week"
        by_agent = params.get("rows") == "agents" and self.can("agent.view")
        teams = list(Team.objects.for_org(org).active().select_related("department").order_by("sort_name"))
        departments, team_choices = board.scope_choices(teams)
        valid = {"all", *(value for value, _label in departments + team_choices)}
        scope = params.get("scope") if params.get("scope") in valid else None
        scope = scope or board.default_scope(org, self.request.user, self.request.membership, teams)
        shown = board.teams_in(scope, teams)
        slots = board.slots_for(org, span, day)
        can_manage = self.can("planning.manage")
        rows, truncated = board.build(
            org,
            self.request.membership,
            slots=slots,
            teams=shown,
            everyone=scope == "all",
            by_agent=by_agent,
            can_manage=can_manage,
        )
        step = datetime.timedelta(days=1 if span == "day" else 7)
        context.update(
            title=_("Planning by team"),
            slots=slots,
            span=span,
            rows_mode="agents" if by_agent else "teams",
            rows=rows if by_agent else None,
            groups=None if by_agent else rows[0],
            loose=None if by_agent else rows[1],
            truncated=truncated,
            scope=scope,
            departments=departments,
            team_choices=team_choices,
            day=day,
            previous=(day - step).isoformat(),
            next=(day + step).isoformat(),
            today=timezone.localdate().isoformat(),
            can_manage=can_manage,
            show_absence_kind=self.can("absence.view"),
            priorities=[(min(max(p.rank, 1), 4), p.name) for p in Priority.objects.for_org(org).order_by("rank")],
            strings={
                "saving": _("Saving…"),
                "failed": _("The work order could not be moved: it is back in its place."),
                "confirm": _("Move it anyway?"),
                "cancelled": _("Move cancelled."),
            },
        )
        return context


class MoveView(WorkOrderMoveEndpoint):
    """POST {version, from_slot, to_slot, from_row, to_row, confirm} → the work order moved along time (the
    difference between the slots, in wall-clock time) and onto the row dropped on (`agent:<id>`, `team:<id>`).

    409 `needs_confirmation` with `reasons` when the new slot is on a weekend, a public holiday, an agent's
    absence or outside the working hours, unless `confirm` is true; 409 `conflict` when someone changed the work
    order meanwhile.
    """

    def move(self, request, work_order, data):
        errors = {}
        from_slot, to_slot = parse_moment(data.get("from_slot")), parse_moment(data.get("to_slot"))
        version = self.version(data)
        for name, value in (("from_slot", from_slot), ("to_slot", to_slot), ("version", version)):
            if value is None:
                errors[name] = [_("Give a valid ISO 8601 date.")]
        if work_order.planned_start is None:
            errors["__all__"] = [_("This work order is not planned yet.")]
        rows = {}
        for name in ("from_row", "to_row"):
            try:
                rows[name] = self.row(data.get(name))
            except (NotFound, ValueError, TypeError):
                errors[name] = [_("Unknown choice.")]
        if errors:
            return json_error("invalid", _("Some fields are not valid."), 400, errors)
        start, end = self.shifted(work_order, to_slot - from_slot)
        from_agent = rows["from_row"] if isinstance(rows["from_row"], Agent) else None
        target = rows["to_row"]
        to_agent, team = (target, None) if isinstance(target, Agent) else (None, target)
        if data.get("confirm") is not True:
            agents = [a for a in work_order.agents.all() if a != from_agent and a != to_agent]
            if team is not None:
                agents = [a for a in agents if a.team_id in (None, team.pk)]
            warnings = slot_warnings(self.organization, start, end, [*agents, *([to_agent] if to_agent else [])])
            if warnings:
                return confirmation_needed(warnings)
        work_order = services.move_work_order(
            work_order,
            by=request.user,
            start=start,
            end=end,
            team=team,
            from_agent=from_agent,
            to_agent=to_agent,
            expected_updated_at=version,
        )
        message = _("%(number)s moved.") % {"number": work_order.number}
        return JsonResponse(
            {"message": message, "version": work_order.updated_at.isoformat(), "url": reverse("planning:resources")}
        )

    def row(self, value):
        """The Agent or Team a row stands for (`agent:<id>`, `team:<id>`), None for the unassigned row."""
        if value in (None, ""):
            return None
        kind, _sep, number = str(value)[:40].partition(":")
        model = {"agent": Agent, "team": Team}[kind]
        return get_for_org(model.objects.active(), self.organization, int(number), owned=True)

    @staticmethod
    def shifted(work_order, delta):
        """The planned slot moved by `delta` of wall-clock time (09:00 stays 09:00 across a clock change)."""
        zone = timezone.get_current_timezone()

        def move(moment):
            local = timezone.localtime(moment).replace(tzinfo=None) + delta
            return timezone.make_aware(local, zone)

        return move(work_order.planned_start), move(work_order.planned_end)
