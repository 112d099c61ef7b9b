"""The planning as people use it: a dispatcher drags a work order to another day; an agent only looks."""

import datetime
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TUESDAY = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=PARIS)
WEEK_URL = "/planning/?view=timeGridWeek&date=2026-12-08"


@pytest.fixture
def planning(organization):
    """A dispatcher, an agent of the roads team, and two planned work orders of that week."""
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions import services
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.people.factories import AgentFactory
    from regie.people.models import Team

    team = Team.objects.get(organization=organization, name="Équipe voirie")
    priorities = standard_priorities(organization)
    category = CategoryFactory(organization=organization, name="Voirie", code="VOIRIE")
    manager = UserFactory(username="paul.martin", first_name="Paul", last_name="Martin")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    agent_user = UserFactory(username="lea.petit", first_name="Léa", last_name="Petit")
    MembershipFactory(organization=organization, user=agent_user, role=Role.AGENT)
    agent = AgentFactory(organization=organization, user=agent_user, first_name="Léa", last_name="Petit", team=team)

    def plan(title, start, hours, priority, agents):
        return services.create_work_order(
            by=manager,
            organization=organization,
            data={
                "title": title,
                "category": category,
                "priority": priority,
                "team": team,
                "location": "Rue de la République",
                "planned_start": start,
                "planned_end": start + datetime.timedelta(hours=hours),
            },
            m2m={"agents": agents},
        )

    pothole = plan("Reboucher un nid-de-poule", TUESDAY, 2, priorities[1], [agent])
    signs = plan("Remplacer un panneau STOP", TUESDAY.replace(day=9, hour=13), 3, priorities[0], [])
    return {"manager": manager, "agent_user": agent_user, "pothole": pothole, "signs": signs, "team": team}


def event(page, work_order):
    return page.locator(".fc-event", has_text=work_order.number)


def drag(page, source, target_x, target_y):
    box = source.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 8
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5, y + 5, steps=3)  # past FullCalendar's drag threshold
    page.mouse.move(target_x, target_y, steps=15)
    page.mouse.up()


def column(page, day):
    return page.locator(f"td.fc-timegrid-col[data-date='{day}']").bounding_box()


def test_dispatcher_drags_a_work_order_to_another_day(browsing, planning):
    pothole = planning["pothole"]
    page = browsing.open(user=planning["manager"])
    page.goto("/planning/")
    expect(page).to_have_url(re.compile(r"/planning/resources/$"))  # a dispatcher lands on the board of teams
    page.goto(WEEK_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning")
    expect(page.locator(".fc-toolbar-title")).to_contain_text("déc. 2026")  # French locale
    expect(page.locator(".fc-col-header-cell").first).to_contain_text("lun.")  # the week starts on Monday
    expect(event(page, pothole)).to_be_visible()
    expect(event(page, pothole)).to_contain_text("09:00")  # Paris time, not UTC
    expect(event(page, pothole)).to_have_class(re.compile(r"fc-event-draggable"))
    expect(event(page, planning["signs"])).to_have_class(re.compile(r"wo-rank-1"))
    assert page.locator("style[data-fullcalendar]").count() == 1  # its styles got the CSP nonce
    browsing.shot(page, "01-week")

    # Tuesday 09:00 → Thursday, same time.
    source_box = event(page, pothole).bounding_box()
    thursday = column(page, "2026-12-10")
    with page.expect_response(re.compile(r"/reschedule/$")) as answer:
        drag(page, event(page, pothole), thursday["x"] + thursday["width"] / 2, source_box["y"] + 8)
    assert answer.value.status == 200
    expect(page.locator("#planning-status")).to_contain_text(pothole.number)
    pothole.refresh_from_db()
    start = pothole.planned_start.astimezone(PARIS)
    assert (start.date(), start.hour) == (datetime.date(2026, 12, 10), 9), start
    assert pothole.planned_end - pothole.planned_start == datetime.timedelta(hours=2)
    browsing.shot(page, "02-dragged")

    # Someone else changes it meanwhile: the next drag is refused (409) and the event goes back, with a message.
    from regie.interventions import services

    pothole.refresh_from_db()
    services.update_work_order(
        pothole,
        by=planning["manager"],
        data={"title": "Reboucher deux nids-de-poule"},
        expected_updated_at=None,
    )
    from regie.interventions.models import WorkOrder

    WorkOrder.objects.filter(pk=pothole.pk).update(updated_at=pothole.updated_at + datetime.timedelta(seconds=5))
    browsing.allow(r"409")
    friday = column(page, "2026-12-11")
    box = event(page, pothole).bounding_box()
    with page.expect_response(re.compile(r"/reschedule/$")) as answer:
        drag(page, event(page, pothole), friday["x"] + friday["width"] / 2, box["y"] + 8)
    assert answer.value.status == 409
    status = page.locator("#planning-status")
    expect(status).to_contain_text(re.compile(r"entre-temps|meanwhile"))  # the service's Conflict message
    expect(status).to_have_class(re.compile(r"calendar-status-error"))
    expect(event(page, pothole)).to_contain_text("deux nids-de-poule")  # reloaded from the server
    assert abs(event(page, pothole).bounding_box()["x"] - box["x"]) < 5  # back on Thursday
    pothole.refresh_from_db()
    assert pothole.planned_start.astimezone(PARIS).date() == datetime.date(2026, 12, 10)
    browsing.shot(page, "03-conflict")

    # The month view and the filters.
    # The month view counts each day's work orders instead of stacking them (a town has hundreds a day).
    page.get_by_role("button", name="Mois").click()
    expect(page).to_have_url(re.compile(r"view=dayGridMonth"))
    summaries = page.locator(".fc-event.wo-summary")
    expect(summaries).to_have_count(2)  # Wednesday (the signs), Thursday (the pothole)
    # the agent filter is the agent picker: type part of the name, choose
    page.locator("#planning-agent_search").press_sequentially("peti", delay=30)
    page.locator("#planning-agent_results").get_by_label(re.compile("Léa Petit")).check()
    expect(page.locator("#planning-agent_chosen li")).to_contain_text("Léa Petit")
    expect(summaries).to_have_count(1)  # the signs are not given to Léa
    expect(summaries).to_contain_text("1 bon de travail")
    expect(page).to_have_url(re.compile(r"agent=\d+"))
    browsing.shot(page, "04-month-filtered")


def test_agent_sees_the_planning_without_dragging(browsing, planning):
    pothole, agent_user = planning["pothole"], planning["agent_user"]
    agent_user.language = "de"  # Léa reads German: the calendar follows the page's language
    agent_user.save(update_fields=["language"])
    page = browsing.open(user=agent_user)
    page.goto(WEEK_URL)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".fc-toolbar-title")).to_contain_text("Dez. 2026")
    expect(page.locator(".fc-col-header-cell").first).to_contain_text("Mo.")
    expect(event(page, pothole)).to_be_visible()
    expect(page.locator(".fc-event-draggable")).to_have_count(0)
    requests = []
    page.on("request", lambda request: requests.append(request.url) if request.method == "POST" else None)
    box = event(page, pothole).bounding_box()
    thursday = column(page, "2026-12-10")
    drag(page, event(page, pothole), thursday["x"] + thursday["width"] / 2, box["y"] + 8)
    page.wait_for_timeout(300)
    assert requests == []
    assert abs(event(page, pothole).bounding_box()["x"] - box["x"]) < 5
    pothole.refresh_from_db()
    assert pothole.planned_start == TUESDAY
    browsing.shot(page, "01-agent-week")

    # Clicking a work order opens it.
    event(page, pothole).click()
    expect(page).to_have_url(re.compile(rf"/interventions/work-orders/{pothole.pk}/$"))


def test_agent_subscribes_to_their_calendar(browsing, planning):
    page = browsing.open(user=planning["agent_user"])
    page.goto("/planning/")
    page.locator("main a[href='/planning/feeds/']").click()
    expect(page.get_by_role("row")).to_have_count(2)  # the header and the agent's own planning only
    page.locator("button[name=action][value=issue]").click()
    link = page.locator("input.feed-url")
    expect(link).to_have_value(re.compile(r"/planning/ical/[\w-]{43}\.ics$"))
    browsing.shot(page, "01-feeds")
    token_path = re.search(r"/planning/ical/.*$", link.input_value()).group(0)
    response = page.request.get(browsing.base_url + token_path)
    assert response.status == 200 and "BEGIN:VCALENDAR" in response.text()
    assert planning["pothole"].number in response.text() and planning["signs"].number not in response.text()


def test_planning_page_is_accessible(browsing, planning):
    page = browsing.open(user=planning["manager"], bypass_csp=True)
    page.goto(WEEK_URL)
    expect(event(page, planning["pothole"])).to_be_visible()
    assert axe_violations(page) == []
