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
from regie.people.models import Agent

from ..agent_filter import AgentFilterForm
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

    def default_team(self):
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

    def filters(self):
        """The team and agent filters (the agent picker's search as you type), as the query string gives them."""
        data = self.request.GET.copy()
        if "team" not in data:
            data["team"] = self.default_team()
        form = AgentFilterForm(data, organization=self.organization, teams=self.can("team.view"))
        if not self.can("agent.view"):
            del form.fields["agent"]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, params = self.organization, self.request.GET
        language = translation.get_language() or settings.LANGUAGE_CODE
        locale = FC_LOCALES.get(language.split("-")[0])
        initial_date = parse_date(params.get("date", "")[:10]) if params.get("date") else None
        filters = self.filters()
        context.update(
            title=_("Planning"),
            filters=filters,
            selected_team=filters["team"].value() or "" if "team" in filters.fields else "",
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
