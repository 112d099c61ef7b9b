"""Managing the subscription links (iCalendar feeds) of teams and agents."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from regie.core.access import get_for_org
from regie.core.exceptions import Forbidden, NotFound
from regie.core.views import TenantViewMixin, redirect_to
from regie.people.models import Agent, Team

from ..models import CalendarFeed
from ..services.calendar_feeds import issue_feed, regenerate_feed, revoke_feed


def feed_url(feed):
    return settings.REGIE_BASE_URL + reverse("planning:ical-feed", args=[feed.token])


@method_decorator(never_cache, name="dispatch")  # the page shows secret links
class FeedListView(TenantViewMixin, TemplateView):
    """Get, regenerate or revoke the subscription links of teams and agents (their own only, for agents)."""

    permission_action = "planning.view"
    template_name = "interventions/calendar_feeds.html"

    def targets(self):
        org = self.organization
        agents = Agent.objects.owned_by(org).active()
        if self.can("planning.manage"):
            teams = list(Team.objects.owned_by(org).active().order_by("sort_name"))
            agents = list(agents.order_by("sort_name"))
        else:
            teams, agents = [], list(agents.filter(user=self.request.user))
        feeds = list(CalendarFeed.objects.owned_by(org))
        by_team = {f.team_id: f for f in feeds if f.team_id}
        by_agent = {f.agent_id: f for f in feeds if f.agent_id}
        rows = [("team", t, by_team.get(t.pk)) for t in teams] + [("agent", a, by_agent.get(a.pk)) for a in agents]
        return [
            {"kind": kind, "target": target, "feed": feed, "url": feed_url(feed) if feed else ""}
            for kind, target, feed in rows
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Calendar subscriptions"),
            rows=self.targets(),
            strings={"copied": _("Link copied."), "copyFailed": _("Select the link and copy it.")},
        )
        return context

    def post(self, request):
        org, kind = self.organization, request.POST.get("kind")
        model = {"team": Team, "agent": Agent}.get(kind)
        try:
            if model is None:
                raise NotFound()
            target = get_for_org(model, org, request.POST.get("target"), owned=True)
            action = request.POST.get("action")
            if action == "issue":
                issue_feed(by=request.user, organization=org, **{kind: target})
                messages.success(request, _("Subscription link created for %(target)s.") % {"target": target})
            elif action in ("regenerate", "revoke"):
                feed = CalendarFeed.objects.owned_by(org).filter(**{kind: target}).first()
                if feed is None:
                    raise NotFound()
                if action == "regenerate":
                    regenerate_feed(feed, by=request.user)
                    messages.success(
                        request, _("New link for %(target)s: the old one no longer works.") % {"target": target}
                    )
                else:
                    revoke_feed(feed, by=request.user)
                    messages.success(request, _("Subscription link of %(target)s deleted.") % {"target": target})
            else:
                raise NotFound()
        except NotFound:
            raise Http404 from None
        except Forbidden as error:
            raise PermissionDenied(str(error.message)) from None
        return redirect_to(request, reverse("planning:feeds"))
