"""The planning calendar: events JSON (scope, filters, validation), drag-and-drop rescheduling, iCalendar feeds."""

import datetime
import json
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions import calendar, services
from regie.interventions.models import CalendarFeed
from regie.people.factories import AgentFactory, ContractorFactory, TeamFactory

from .conftest import Town

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = datetime.datetime(2026, 12, 7, tzinfo=PARIS)  # a winter week: Paris is UTC+1
EVENTS = reverse("planning:events")


def plan(town, start, *, hours=3, team=None, agents=None, title="Fuite sous l'évier", **data):
    data = {
        "title": title,
        "category": town.category,
        "priority": town.priorities[1],
        "location": "École Jules-Ferry, cuisine",
        "team": town.team if team is None else team,
        "planned_start": start,
        "planned_end": start + datetime.timedelta(hours=hours),
        **data,
    }
    m2m = {"agents": [town.agent] if agents is None else agents}
    return services.create_work_order(by=town.manager, organization=town.org, data=data, m2m=m2m)


def week(client, **params):
    query = {"start": "2026-12-07T00:00:00", "end": "2026-12-14T00:00:00", **params}
    return client.get(EVENTS, query)


def ids(response):
    assert response.status_code == 200, response.content
    return {int(e["id"]) for e in response.json()["events"]}


@pytest.fixture
def other_town(org_b, make_member):
    return Town(org_b, make_member)


@pytest.fixture
def week_plan(town, other_town):
    """Two work orders of town A this week (one of the plumbing team with its agent, one of another team),
    one of town A next month, one not planned, and one of town B the same week."""
    roads = TeamFactory(organization=town.org, name="Voirie")
    return {
        "plumbing": plan(town, MONDAY.replace(day=8, hour=9)),
        "roads": plan(town, MONDAY.replace(day=10, hour=14), team=roads, agents=[], title="Nid de poule"),
        "later": plan(town, MONDAY.replace(day=28, hour=9)),
        "unplanned": services.create_work_order(
            by=town.manager,
            organization=town.org,
            data={"title": "À planifier", "category": town.category, "priority": town.priorities[2]},
        ),
        "other_town": plan(other_town, MONDAY.replace(day=8, hour=9)),
        "roads_team": roads,
    }


# --- events JSON --------------------------------------------------------------------------------------------
def test_events_are_the_organizations_planned_work_orders_of_the_range(town, week_plan, client_for):
    response = week(client_for(town.manager))
    assert ids(response) == {week_plan["plumbing"].pk, week_plan["roads"].pk}
    event = next(e for e in response.json()["events"] if e["id"] == str(week_plan["plumbing"].pk))
    assert event["start"] == "2026-12-08T09:00:00" and event["end"] == "2026-12-08T12:00:00"  # Paris wall clock
    assert event["url"] == reverse("interventions:workorder-detail", args=[week_plan["plumbing"].pk])
    assert event["editable"] is True and "wo-rank-2" in event["classNames"]
    assert event["extendedProps"]["team"] == "Équipe plomberie"
    assert event["extendedProps"]["version"] == week_plan["plumbing"].updated_at.isoformat()
    assert response.json()["truncated"] is False


def test_events_filter_by_team_and_by_agent(town, week_plan, client_for):
    client = client_for(town.manager)
    assert ids(week(client, team=town.team.pk)) == {week_plan["plumbing"].pk}
    assert ids(week(client, team=week_plan["roads_team"].pk)) == {week_plan["roads"].pk}
    assert ids(week(client, agent=town.agent.pk)) == {week_plan["plumbing"].pk}
    assert ids(week(client, team=week_plan["roads_team"].pk, agent=town.agent.pk)) == set()


def test_other_organization_sees_only_its_own(other_town, week_plan, town, client_for):
    client = client_for(other_town.manager)
    assert ids(week(client)) == {week_plan["other_town"].pk}
    assert ids(week(client, team=town.team.pk)) == set()  # another town's team id filters nothing in


def test_roles_see_what_their_role_allows(town, week_plan, make_member, client_for):
    response = week(client_for(town.agent_user))
    assert ids(response) == {week_plan["plumbing"].pk, week_plan["roads"].pk}
    assert not any(e["editable"] for e in response.json()["events"])  # agents cannot drag
    assert week(client_for(town.requester)).status_code == 403  # requesters see no work orders: no planning
    contractor = make_member(town.org, Role.CONTRACTOR, contractor=ContractorFactory(organization=town.org))
    refused = week(client_for(contractor))
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"


def test_finished_work_orders_are_shown_but_not_draggable(town, week_plan, client_for):
    wo = week_plan["plumbing"]
    for step in ("start",):
        wo = services.transition_work_order(wo, step, by=town.agent_user)
    wo = services.transition_work_order(wo, "complete", by=town.agent_user, report="Joint changé", first_visit_fix=True)
    events = {e["id"]: e for e in week(client_for(town.manager)).json()["events"]}
    assert events[str(wo.pk)]["editable"] is False and "wo-state-done" in events[str(wo.pk)]["classNames"]


@pytest.mark.parametrize(
    "params",
    [
        {"start": ""},
        {"start": "next monday"},
        {"end": "2026-13-45T00:00:00"},
        {"end": "2026-12-01T00:00:00"},  # before the start
        {"end": "2027-03-01T00:00:00"},  # more than 62 days
        {"team": "plumbing"},
        {"agent": "-3"},
    ],
)
def test_bad_parameters_are_400(town, client_for, params):
    response = week(client_for(town.manager), **params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["fields"]


def test_range_accepts_dates_and_offsets(town, week_plan, client_for):
    client = client_for(town.manager)
    assert ids(week(client, start="2026-12-07", end="2026-12-14")) == {week_plan["plumbing"].pk, week_plan["roads"].pk}
    # 09:00 Paris is 08:00 UTC: a range ending at 08:30Z only catches the plumbing job's start.
    response = week(client, start="2026-12-08T07:00:00Z", end="2026-12-08T08:30:00+00:00")
    assert ids(response) == {week_plan["plumbing"].pk}


def test_events_query_count_does_not_grow_with_events(town, client_for, django_assert_max_num_queries):
    for day in range(7, 12):
        plan(town, MONDAY.replace(day=day, hour=8))
    client = client_for(town.manager)
    with django_assert_max_num_queries(12):
        assert len(ids(week(client))) == 5


# --- the page -----------------------------------------------------------------------------------------------
def test_page_for_a_dispatcher(town, client_for):
    response = client_for(town.manager).get(
        reverse("planning:calendar"), {"view": "dayGridMonth", "date": "2026-12-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-can-manage="true"' in html and 'data-initial-view="dayGridMonth"' in html
    assert 'data-initial-date="2026-12-01"' in html and 'data-time-zone="Europe/Paris"' in html
    assert "vendor/fullcalendar/index.global.min.js" in html and "vendor/fullcalendar-locales/fr.global.min.js" in html
    assert f'<option value="{town.team.pk}">' in html and 'name="agent_search"' in html  # the agent picker
    csp = response["Content-Security-Policy"]
    style_src = next(d for d in csp.split(";") if d.strip().startswith("style-src"))
    assert "'nonce-" in style_src and "unsafe-inline" not in csp


def test_page_for_an_agent_in_english(town, client_for):
    client = client_for(town.agent_user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("planning:calendar"), {"view": "nonsense", "date": "soon"})
    html = response.content.decode()
    assert 'data-can-manage="false"' in html and 'data-initial-view="timeGridWeek"' in html
    assert 'data-initial-date=""' in html and "fullcalendar-locales" not in html and 'data-locale="en"' in html


def test_contractors_have_no_planning_page(town, make_member, client_for):
    contractor = make_member(town.org, Role.CONTRACTOR, contractor=ContractorFactory(organization=town.org))
    assert client_for(contractor).get(reverse("planning:calendar")).status_code == 403


# --- rescheduling -------------------------------------------------------------------------------------------
def reschedule(client, wo, start, end, version=None, **extra):
    body = {"start": start, "end": end, "version": (version or wo.updated_at).isoformat(), **extra}
    return client.post(reverse("planning:reschedule", args=[wo.pk]), json.dumps(body), content_type="application/json")


def test_dispatcher_drags_a_work_order_to_another_day(town, week_plan, client_for):
    wo = week_plan["plumbing"]
    response = reschedule(client_for(town.manager2), wo, "2026-12-10T10:00:00", "2026-12-10T13:30:00")
    assert response.status_code == 200, response.content
    wo.refresh_from_db()
    assert wo.planned_start == datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC)
    assert wo.planned_end == datetime.datetime(2026, 12, 10, 12, 30, tzinfo=datetime.UTC)
    body = response.json()
    assert body["event"]["start"] == "2026-12-10T10:00:00"
    assert body["event"]["extendedProps"]["version"] == wo.updated_at.isoformat()
    assert wo.number in body["message"]
    event = AuditEvent.objects.filter(object_id=wo.pk, action="update").latest("at")
    assert event.actor == town.manager2 and "planned_start" in event.changes and "planned_end" in event.changes


def test_reschedule_accepts_offsets(town, week_plan, client_for):
    wo = week_plan["plumbing"]
    response = reschedule(client_for(town.manager), wo, "2026-12-09T08:00:00Z", "2026-12-09T10:30:00+01:00")
    assert response.status_code == 200
    wo.refresh_from_db()
    assert wo.planned_start.astimezone(PARIS).hour == 9 and wo.planned_end.astimezone(PARIS).hour == 10


def test_agents_cannot_reschedule(town, week_plan, client_for):
    wo = week_plan["plumbing"]
    response = reschedule(client_for(town.agent_user), wo, "2026-12-10T10:00:00", "2026-12-10T11:00:00")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    wo.refresh_from_db()
    assert wo.planned_start.astimezone(PARIS).day == 8


def test_stale_version_is_a_conflict(town, week_plan, client_for):
    wo = week_plan["plumbing"]
    # The page was loaded a while ago; someone else changed the work order meanwhile (the service compares
    # versions to the second, so the version seen is set in the past rather than waiting a second here).
    seen = wo.updated_at - datetime.timedelta(seconds=5)
    services.update_work_order(wo, by=town.manager, data={"title": "Fuite (urgent)"})
    wo.refresh_from_db()
    response = reschedule(client_for(town.manager2), wo, "2026-12-10T10:00:00", "2026-12-10T11:00:00", version=seen)
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    wo.refresh_from_db()
    assert wo.planned_start.astimezone(PARIS).day == 8


@pytest.mark.parametrize(
    ("start", "end", "version", "field"),
    [
        ("2026-12-10T10:00:00", "2026-12-10T09:00:00", None, "end"),
        ("2026-12-10T10:00:00", "2026-12-10T10:00:00", None, "end"),
        ("tomorrow", "2026-12-10T10:00:00", None, "start"),
        ("2026-12-10T10:00:00", "2026-12-10T11:00:00", "", "version"),
    ],
)
def test_bad_reschedule_is_400(town, week_plan, client_for, start, end, version, field):
    wo = week_plan["plumbing"]
    body = {"start": start, "end": end, "version": wo.updated_at.isoformat() if version is None else version}
    response = client_for(town.manager).post(
        reverse("planning:reschedule", args=[wo.pk]), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and field in response.json()["fields"]


def test_reschedule_is_tenant_isolated_and_post_only(town, week_plan, client_for):
    foreign = week_plan["other_town"]
    response = reschedule(client_for(town.manager), foreign, "2026-12-10T10:00:00", "2026-12-10T11:00:00")
    assert response.status_code == 404
    assert client_for(town.manager).get(reverse("planning:reschedule", args=[foreign.pk])).status_code == 405


def test_finished_work_order_cannot_be_moved(town, week_plan, client_for):
    wo = services.transition_work_order(week_plan["plumbing"], "start", by=town.agent_user)
    wo = services.transition_work_order(wo, "complete", by=town.agent_user, report="Fait", first_visit_fix=True)
    response = reschedule(client_for(town.manager), wo, "2026-12-10T10:00:00", "2026-12-10T11:00:00")
    assert response.status_code == 409 and response.json()["code"] == "finished"


def test_reschedule_needs_the_csrf_token(town, week_plan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(town.manager)
    response = reschedule(client, week_plan["plumbing"], "2026-12-10T10:00:00", "2026-12-10T11:00:00")
    assert response.status_code == 403


# --- iCalendar feeds ----------------------------------------------------------------------------------------
FEEDS = reverse("planning:feeds")


def issue(client, kind, target, action="issue"):
    return client.post(FEEDS, {"kind": kind, "target": target.pk, "action": action})


def feed_of(org, **target):
    return CalendarFeed.objects.get(organization=org, **target)


def fetch(token):
    from django.test import Client

    return Client().get(reverse("planning:ical-feed", args=[token]))  # anonymous, like a calendar client


@pytest.fixture
def feed_plan(town):
    """Relative to now: the feed covers the last 30 days and the next 180."""
    now = timezone.now().replace(microsecond=0)
    long_title = "Remplacement complet de la robinetterie des sanitaires du groupe scolaire Jules-Ferry (bâtiment B)"
    return {
        "soon": plan(
            town, now + datetime.timedelta(days=2), title=long_title, description="Couper l'eau; prévoir 2 agents"
        ),
        "recent": plan(town, now - datetime.timedelta(days=10)),
        "too_old": plan(town, now - datetime.timedelta(days=40)),
        "too_far": plan(town, now + datetime.timedelta(days=200)),
        "other_team": plan(town, now + datetime.timedelta(days=3), team=TeamFactory(organization=town.org), agents=[]),
    }


def test_dispatcher_gets_a_team_feed_that_calendar_clients_can_read(town, feed_plan, client_for):
    response = issue(client_for(town.manager), "team", town.team)
    assert response.status_code == 302
    feed = feed_of(town.org, team=town.team)
    assert len(feed.token) >= 43
    page = client_for(town.manager).get(FEEDS).content.decode()
    assert calendar.feed_url(feed) in page
    assert response.get("Cache-Control") is None or "no-cache" in client_for(town.manager).get(FEEDS)["Cache-Control"]

    response = fetch(feed.token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 §3.1: folded at 75 octets
    assert b"\r\n " in raw  # the long summary was folded

    parsed = icalendar.Calendar.from_ical(raw)
    assert parsed["VERSION"] == "2.0" and parsed["PRODID"]
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    soon, recent = feed_plan["soon"], feed_plan["recent"]
    assert set(events) == {f"{soon.number}.{town.org.pk}@regie", f"{recent.number}.{town.org.pk}@regie"}
    event = events[f"{soon.number}.{town.org.pk}@regie"]
    assert event.decoded("DTSTART") == soon.planned_start and event.decoded(
        "DTSTART"
    ).utcoffset() == datetime.timedelta(0)
    assert "DTSTART:" in event.to_ical().decode() and event.to_ical().decode().split("DTSTART:")[1][15] == "Z"
    assert event.decoded("DTEND") == soon.planned_end
    assert str(event["SUMMARY"]) == f"{soon.number} — {soon.title}"
    assert str(event["LOCATION"]) == "École Jules-Ferry, cuisine"
    assert "Couper l'eau; prévoir 2 agents" in str(event["DESCRIPTION"]) and "Équipe plomberie" in str(
        event["DESCRIPTION"]
    )
    assert str(event["URL"]).endswith(reverse("interventions:workorder-detail", args=[soon.pk]))
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("LAST-MODIFIED") == soon.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") is not None


def test_agent_subscribes_to_their_own_planning_only(town, feed_plan, make_member, client_for):
    client = client_for(town.agent_user)
    colleague = AgentFactory(organization=town.org, team=town.team)
    page = client.get(FEEDS).content.decode()
    assert str(town.agent) in page and str(colleague) not in page and "Équipe plomberie</th>" not in page
    assert issue(client, "team", town.team).status_code == 403
    assert issue(client, "agent", colleague).status_code == 403
    assert issue(client, "agent", town.agent).status_code == 302
    feed = feed_of(town.org, agent=town.agent)
    uids = {str(e["UID"]).split(".")[0] for e in icalendar.Calendar.from_ical(fetch(feed.token).content).walk("VEVENT")}
    assert uids == {feed_plan["soon"].number, feed_plan["recent"].number}  # "other_team" has no agent


def test_regenerated_token_invalidates_the_old_one(town, feed_plan, client_for):
    client = client_for(town.manager)
    issue(client, "team", town.team)
    old = feed_of(town.org, team=town.team).token
    assert fetch(old).status_code == 200
    assert issue(client, "team", town.team, "regenerate").status_code == 302
    new = feed_of(town.org, team=town.team).token
    assert new != old and fetch(old).status_code == 404 and fetch(new).status_code == 200
    trail = AuditEvent.objects.filter(organization=town.org, object_repr=str(town.team)).values_list(
        "changes", flat=True
    )
    assert not any(old in json.dumps(c) or new in json.dumps(c) for c in trail)  # the trail never holds a token
    assert issue(client, "team", town.team, "revoke").status_code == 302
    assert fetch(new).status_code == 404 and not CalendarFeed.objects.filter(team=town.team).exists()


def test_feeds_are_tenant_isolated(town, other_town, feed_plan, client_for):
    plan(other_town, timezone.now() + datetime.timedelta(days=2), title="Élagage")
    issue(client_for(other_town.manager), "team", other_town.team)
    token_b = feed_of(other_town.org, team=other_town.team).token
    body = fetch(token_b).content.decode()
    assert "Élagage" in body and "Fuite" not in body and town.org.name not in body
    # Town B's dispatcher cannot create or regenerate a feed of town A's team.
    assert issue(client_for(other_town.manager), "team", town.team).status_code == 404
    issue(client_for(town.manager), "team", town.team)
    assert issue(client_for(other_town.manager), "team", town.team, "regenerate").status_code == 404


@pytest.mark.parametrize("token", ["", "x" * 65, "abc-123456", "../../etc/passwd"])
def test_unknown_tokens_are_404(town, token):
    from django.test import Client

    response = Client().get(f"/planning/ical/{token}.ics")
    assert response.status_code == 404


def test_feed_of_an_archived_team_stops(town, feed_plan, client_for):
    issue(client_for(town.manager), "team", town.team)
    feed = feed_of(town.org, team=town.team)
    town.team.archived_at = timezone.now()
    town.team.save(update_fields=["archived_at"])
    assert fetch(feed.token).status_code == 404


def test_feed_size_is_capped(town, feed_plan, client_for, monkeypatch):
    monkeypatch.setattr(calendar.ical, "FEED_MAX_EVENTS", 1)
    issue(client_for(town.manager), "team", town.team)
    parsed = icalendar.Calendar.from_ical(fetch(feed_of(town.org, team=town.team).token).content)
    assert len(parsed.walk("VEVENT")) == 1


def test_planning_starts_on_the_agents_own_team(town, client_for):
    response = client_for(town.agent_user).get("/planning/")
    assert response.status_code == 200
    assert response.context["selected_team"] == str(town.team.pk)
    everyone = client_for(town.agent_user).get("/planning/?team=")
    assert everyone.context["selected_team"] == ""


def test_ids_above_a_thousand_are_never_rendered_with_a_digit_separator(town, client_for):
    from regie.people.factories import TeamFactory

    TeamFactory(organization=town.org, pk=1014, name="Équipe 1014")
    for language in ("fr", "de", "en"):
        client = client_for(town.manager)
        client.cookies["django_language"] = language
        html = client.get("/planning/?team=1014").content.decode()
        assert 'value="1014"' in html, language


def test_the_month_view_counts_work_orders_per_day(town, week_plan, client_for):
    plan(town, MONDAY.replace(day=8, hour=14), title="Second")
    plan(town, MONDAY.replace(day=9, hour=20), hours=14, title="De nuit")  # Wednesday 20:00 → Thursday 10:00
    response = week(client_for(town.manager), summary="day")
    assert response.status_code == 200
    days = {e["start"]: e["extendedProps"]["count"] for e in response.json()["events"]}
    assert days == {"2026-12-08": 2, "2026-12-09": 1, "2026-12-10": 2}  # roads on Thursday, the night on both
    first = response.json()["events"][0]
    assert first["allDay"] and first["url"].endswith("view=timeGridDay&date=2026-12-08") and not first["editable"]
