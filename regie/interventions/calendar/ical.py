"""The public iCalendar (RFC 5545) document of a subscription feed, and the feed's work orders."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from ..models import CalendarFeed, WorkOrder
from ..workflow import WORK_ORDER_GROUPS

FEED_PAST, FEED_FUTURE = datetime.timedelta(days=30), datetime.timedelta(days=180)
FEED_MAX_EVENTS = 1000
CALENDAR_STATES = WORK_ORDER_GROUPS["scheduled"] + WORK_ORDER_GROUPS["finished"]


def feed_work_orders(feed, start, end):
    """The feed's work orders. Not `selectors.planned_between`: a feed has no member, its target is the scope."""
    qs = WorkOrder.objects.owned_by(feed.organization).filter(
        archived_at__isnull=True, planned_start__lt=end, planned_end__gt=start, state__in=CALENDAR_STATES
    )
    qs = qs.filter(team_id=feed.team_id) if feed.team_id else qs.filter(agents__id=feed.agent_id)
    return (
        qs.select_related("team", "category", "priority", "contractor")
        .prefetch_related("agents")
        .order_by("planned_start", "pk")[:FEED_MAX_EVENTS]
    )


def render_feed(feed, *, now=None):
    """The feed as RFC 5545 bytes (CRLF, folded lines): icalendar writes the syntax, we choose the content."""
    from icalendar import Calendar, Event

    now = (now or timezone.now()).astimezone(datetime.UTC)
    target = feed.team or feed.agent
    calendar = Calendar()
    calendar.add("prodid", "-//Régie//Planning//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{target} · {feed.organization.name}"
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for wo in feed_work_orders(feed, now - FEED_PAST, now + FEED_FUTURE):
        url = settings.REGIE_BASE_URL + reverse("interventions:workorder-detail", args=[wo.pk])
        event = Event()
        event.add("uid", f"{wo.number}.{wo.organization_id}@regie")  # numbers are unique per organization only
        event.add("dtstamp", now)
        event.add("dtstart", wo.planned_start.astimezone(datetime.UTC))
        event.add("dtend", wo.planned_end.astimezone(datetime.UTC))
        event.add("last-modified", wo.updated_at.astimezone(datetime.UTC))
        event.add("summary", f"{wo.number} — {wo.title}")
        if wo.location:
            event.add("location", wo.location)
        event.add("description", describe(wo, url))
        event.add("url", url)
        event.add("status", "CONFIRMED")  # cancelled work orders are not in the feed
        event.add("categories", [str(wo.category)])
        if wo.priority_id:
            event.add("priority", min(2 * max(wo.priority.rank, 1) - 1, 9))  # rank 1 → 1 (highest) … 4 → 7
        calendar.add_component(event)
    return calendar.to_ical()


def describe(wo, url):
    lines = [
        f"{_('Status')}: {wo.get_state_display()}",
        f"{_('Priority')}: {wo.priority}",
        f"{_('Category')}: {wo.category}",
    ]
    if wo.team_id:
        lines.append(f"{_('Team')}: {wo.team}")
    agents = ", ".join(str(a) for a in wo.agents.all())
    if agents:
        lines.append(f"{_('Agents')}: {agents}")
    if wo.contractor_id:
        lines.append(f"{_('Contractor')}: {wo.contractor}")
    if wo.description:
        lines += ["", wo.description]
    return "\n".join([*lines, "", url])


def feed_language(feed):
    user = feed.agent.user if feed.agent_id and feed.agent.user_id else None
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@method_decorator(login_not_required, name="dispatch")
class ICalFeedView(View):
    """GET /planning/ical/<token>.ics — public: the token is the credential; unknown or revoked → 404."""

    http_method_names = ["get", "head"]
    tenant_exempt_reason = "public iCalendar feed: its secret token selects one CalendarFeed and its organization"

    def get(self, request, token):
        if len(token) > 64:
            raise Http404
        feed = (
            CalendarFeed.objects.select_related("organization", "team", "agent__user")
            .filter(token=token, organization__archived_at__isnull=True)
            .first()
        )
        target = feed and (feed.team or feed.agent)
        if feed is None or target is None or target.archived_at is not None:
            raise Http404
        with translation.override(feed_language(feed)):
            body = render_feed(feed)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="planning-{feed.pk}.ics"'
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
