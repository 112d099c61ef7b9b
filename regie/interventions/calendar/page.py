"""The planning page (FullCalendar): an agent's own work by day, week or list; dispatchers land on the resource
view (`resources`) and come here through its link."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from regie.core.views import TenantViewMixin
from regie.people.models import Agent, Team

from ..models import Priority

VIEWS = ("dayGridMonth", "timeGridWeek", "timeGridDay", "listWeek")
FC_LOCALES = {"fr": "fr", "de": "de"}  # English is built into FullCalendar


class PlanningView(TenantViewMixin, TemplateView):
    permission_action = "planning.view"
    template_name = "interventions/calendar.html"

    def get(self, request, *args, **kwargs):
        # The dispatchers' default is the board of teams (their team, department or all): a calendar of a
        # whole service is a wall of slivers. Any parameter (a view, a date, a filter) keeps the calendar.
        if not request.GET and self.can("planning.manage"):
            return redirect("planning:resources")
        return super().get(request, *args, **kwargs)

    def default_team(self, teams):
        """The user's own team, else all teams (a manager's calendar no longer picks the alphabetically first)."""
        if "agent" in self.request.GET:
            return ""
        own = (
            Agent.objects.owned_by(self.organization)
            .active()
            .filter(user=self.request.user, team__isnull=False)
            .values_list("team_id", flat=True)
            .first()
        )
        return str(own) if own else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, params = self.organization, self.request.GET
        language = translation.get_language() or settings.LANGUAGE_CODE
        locale = FC_LOCALES.get(language.split("-")[0])
        initial_date = parse_date(params.get("date", "")[:10]) if params.get("date") else None
        teams = list(Team.objects.for_org(org).active().order_by("name")) if self.can("team.view") else []
        context.update(
            title=_("Planning"),
            teams=teams,
            agents=Agent.objects.for_org(org).active().order_by("last_name", "first_name")
            if self.can("agent.view")
            else [],
            selected_team=params["team"] if "team" in params else self.default_team(teams),
            selected_agent=params.get("agent", ""),
            priorities=[(min(max(p.rank, 1), 4), p.name) for p in Priority.objects.for_org(org).order_by("rank")],
            can_manage=self.can("planning.manage"),
            time_zone=settings.TIME_ZONE,
            fc_locale=locale or "en",
            fc_locale_file=f"vendor/fullcalendar-locales/{locale}.global.min.js" if locale else "",
            initial_view=params.get("view") if params.get("view") in VIEWS else "timeGridWeek",
            initial_date=initial_date.isoformat() if initial_date else "",
            resources_url=reverse("planning:resources") if self.can("team.view") else "",
            strings={
                "moved": _("Work order moved."),
                "saving": _("Saving the new date…"),
                "failed": _("The work order could not be moved: it is back in its place."),
                "loadFailed": _("The planning could not be loaded. Reload the page."),
                "truncated": _("Too many work orders to show them all: filter by team or agent."),
                "team": _("Team"),
                "agents": _("Agents"),
                "contractor": _("Contractor"),
                "place": _("Place"),
                "status": _("Status"),
                "priority": _("Priority"),
                "movable": _("Drag to reschedule."),
                "list": _("List"),
                "confirm": _("Move it anyway?"),
                "cancelled": _("Move cancelled."),
            },
        )
        return context
