"""The planning calendar (FullCalendar), its JSON endpoints, and the iCalendar (RFC 5545) subscription feeds.

Times: the browser calendar shows the organization's wall-clock time (settings.TIME_ZONE, Europe/Paris). FullCalendar
has no time-zone engine without an extra plugin, so both directions speak *naive* wall-clock ISO strings in that
zone ("2026-11-24T09:00:00"); the server converts them, and offsets are accepted too. The feeds speak UTC.

The iCalendar feed is public on purpose (calendar clients cannot sign in): its secret token is the only
credential, and the view reads nothing but the organization of the token's `CalendarFeed`.
"""

import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from regie.core.access import get_for_org
from regie.core.exceptions import DomainError, Forbidden, NotFound
from regie.core.views import TenantViewMixin, redirect_to
from regie.people.models import Agent, Team

from . import selectors, services
from .models import CalendarFeed, Priority, WorkOrder
from .services.calendar_feeds import issue_feed, regenerate_feed, revoke_feed
from .workflow import WORK_ORDER_GROUPS

MAX_RANGE = datetime.timedelta(days=62)  # a month view shows 6 weeks; more is a scraper, not a person
MAX_EVENTS = 1500
FEED_PAST, FEED_FUTURE = datetime.timedelta(days=30), datetime.timedelta(days=180)
FEED_MAX_EVENTS = 1000
CALENDAR_STATES = WORK_ORDER_GROUPS["scheduled"] + WORK_ORDER_GROUPS["finished"]
VIEWS = ("dayGridMonth", "timeGridWeek", "timeGridDay", "listWeek")
FC_LOCALES = {"fr": "fr", "de": "de"}  # English is built into FullCalendar


# --- input ------------------------------------------------------------------------------------------------
def parse_moment(value):
    """An aware datetime from an ISO date or date-time; naive values are wall-clock time of the organization."""
    value = (value or "").strip()
    if not value or len(value) > 40:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def parse_id(value):
    """None for an absent filter, an int for a valid one; ValueError otherwise."""
    if value in (None, ""):
        return None
    number = int(value)
    if not 0 < number < 2**63:
        raise ValueError(value)
    return number


def wall_clock(moment):
    return timezone.localtime(moment).replace(tzinfo=None).isoformat(timespec="seconds")


# --- JSON views -------------------------------------------------------------------------------------------
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


class EventsView(JSONViewMixin, TenantViewMixin, View):
    """GET ?start=&end=[&team=&agent=] → the work orders planned in the range, as FullCalendar events."""

    permission_action = "planning.view"

    def get(self, request):
        errors = {}
        start, end = parse_moment(request.GET.get("start")), parse_moment(request.GET.get("end"))
        if start is None:
            errors["start"] = [_("Give a valid ISO 8601 date.")]
        if end is None:
            errors["end"] = [_("Give a valid ISO 8601 date.")]
        if start and end and not start < end <= start + MAX_RANGE:
            errors["end"] = [_("The end must be after the start, at most %(days)d days later.") % {"days": 62}]
        filters = {}
        for name in ("team", "agent"):
            try:
                filters[name] = parse_id(request.GET.get(name))
            except (TypeError, ValueError):
                errors[name] = [_("Unknown choice.")]
        if errors:
            return json_error("invalid", _("Some fields are not valid."), 400, errors)
        qs = selectors.planned_between(self.organization, request.membership, start, end, **filters)
        work_orders = list(qs.filter(archived_at__isnull=True).order_by("planned_start", "pk")[: MAX_EVENTS + 1])
        can_manage = self.can("planning.manage")
        events = [
            event_json(wo, can_manage=can_manage, organization=self.organization) for wo in work_orders[:MAX_EVENTS]
        ]
        return JsonResponse({"events": events, "truncated": len(work_orders) > MAX_EVENTS})


class RescheduleView(JSONViewMixin, TenantViewMixin, View):
    """POST {start, end, version} → move a work order (drag and drop); 409 when someone changed it meanwhile."""

    permission_action = "planning.manage"
    model = WorkOrder
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            visible = selectors.visible_work_orders(self.organization, request.membership)
            work_order = get_for_org(visible, self.organization, pk, owned=True)
        except NotFound as error:
            return json_error(error.code, error.message, 404)
        data = self.payload(request)
        start, end = parse_moment(data.get("start")), parse_moment(data.get("end"))
        version = parse_datetime(str(data.get("version") or "")[:40]) if data.get("version") else None
        errors = {}
        for name, value in (("start", start), ("end", end), ("version", version)):
            if value is None:
                errors[name] = [_("Give a valid ISO 8601 date.")]
        if start and end and end <= start:
            errors["end"] = [_("The end must be after the start.")]
        if errors:
            return json_error("invalid", _("Some fields are not valid."), 400, errors)
        try:
            work_order = services.reschedule_work_order(
                work_order, by=request.user, start=start, end=end, expected_updated_at=version
            )
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            return json_error("invalid", " ".join(m for ms in fields.values() for m in ms), 400, fields)
        except DomainError as error:
            return json_error(error.code, error.message, error.status)
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

    @staticmethod
    def payload(request):
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return {}
            return data if isinstance(data, dict) else {}
        return request.POST


# --- the calendar page ------------------------------------------------------------------------------------
class PlanningView(TenantViewMixin, TemplateView):
    permission_action = "planning.view"
    template_name = "interventions/calendar.html"
    readable_teams = 8  # above this many teams, a town's whole week is a wall of events: start with one team

    def default_team(self, teams):
        """The user's own team; else, in a large organization, the first team (all teams stay one click away)."""
        if "agent" in self.request.GET:
            return ""
        own = (
            Agent.objects.owned_by(self.organization)
            .active()
            .filter(user=self.request.user, team__isnull=False)
            .values_list("team_id", flat=True)
            .first()
        )
        if own:
            return str(own)
        return str(teams[0].pk) if len(teams) > self.readable_teams else ""

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
            },
        )
        return context


# --- subscription feeds: management -----------------------------------------------------------------------
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
            teams = list(Team.objects.owned_by(org).active().order_by("name"))
            agents = list(agents.order_by("last_name", "first_name"))
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


# --- subscription feeds: the public iCalendar document ----------------------------------------------------
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
