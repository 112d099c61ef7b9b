"""The planning by team as dispatchers use it: reassign by dragging between agents' rows, confirm a weekend move,
and a whole town's week at 1366 × 900 (every team's row, no work order narrower than 40 px)."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = datetime.date(2026, 12, 7)
LAPTOP = {"width": 1366, "height": 900}
BOARD = "/planning/resources/?date=2026-12-08"


@pytest.fixture
def dispatch(organization):
    """A dispatcher, the roads team with two agents, and a pothole given to Léa on Tuesday at 09:00."""
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions import services
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.people.factories import AgentFactory
    from regie.people.models import Team

    team = Team.objects.get(organization=organization, name="Équipe voirie")
    manager = UserFactory(username="paul.martin", first_name="Paul", last_name="Martin")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    lea = AgentFactory(organization=organization, first_name="Léa", last_name="Petit", team=team)
    hugo = AgentFactory(organization=organization, first_name="Hugo", last_name="Roux", team=team)
    start = datetime.datetime(2026, 12, 8, 9, tzinfo=PARIS)
    pothole = services.create_work_order(
        by=manager,
        organization=organization,
        data={
            "title": "Reboucher un nid-de-poule",
            "category": CategoryFactory(organization=organization, name="Voirie", code="VOIRIE"),
            "priority": standard_priorities(organization)[1],
            "team": team,
            "planned_start": start,
            "planned_end": start + datetime.timedelta(hours=2),
        },
        m2m={"agents": [lea]},
    )
    return {"manager": manager, "team": team, "lea": lea, "hugo": hugo, "pothole": pothole}


def card(page, work_order, row):
    return page.locator(f"tr[data-row='{row}'] a.resource-event[data-id='{work_order.pk}']")


def cell(page, row, day):
    return page.locator(f"tr[data-row='{row}'] td[data-slot='{day.isoformat()}T00:00:00']")


def drag(page, source, target):
    # Chromium's HTML5 drag and drop from real mouse events: press, move past the threshold, move, release.
    box, goal = source.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 8, box["y"] + box["height"] / 2 + 8, steps=3)
    page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + goal["height"] - 6, steps=12)
    page.mouse.up()


def test_dispatcher_reassigns_by_dragging_between_agents_and_confirms_a_weekend(browsing, dispatch):
    pothole, lea, hugo = dispatch["pothole"], dispatch["lea"], dispatch["hugo"]
    page = browsing.open(user=dispatch["manager"], viewport=LAPTOP)
    page.goto("/planning/")
    expect(page).to_have_url(re.compile(r"/planning/resources/$"))
    page.goto(BOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning par équipe")
    team_row = f"team:{dispatch['team'].pk}"
    expect(card(page, pothole, team_row)).to_be_visible()
    page.get_by_role("button", name="Équipe voirie").click()  # the team opens onto its agents
    expect(page.get_by_role("button", name="Équipe voirie")).to_have_attribute("aria-expanded", "true")
    expect(card(page, pothole, team_row)).to_be_hidden()  # shown in Léa's row now, not twice
    expect(card(page, pothole, f"agent:{lea.pk}")).to_be_visible()
    browsing.shot(page, "01-team-open")

    # Léa → Hugo, same day: reassigned.
    with page.expect_response(re.compile(r"/move/$")) as answer:
        drag(page, card(page, pothole, f"agent:{lea.pk}"), cell(page, f"agent:{hugo.pk}", MONDAY.replace(day=8)))
    assert answer.value.status == 200
    expect(page.locator("#resource-status")).to_contain_text(pothole.number)
    expect(card(page, pothole, f"agent:{hugo.pk}")).to_be_visible()  # the board came back, still open
    expect(card(page, pothole, f"agent:{lea.pk}")).to_have_count(0)
    pothole.refresh_from_db()
    assert list(pothole.agents.all()) == [hugo]
    browsing.shot(page, "02-reassigned")

    # Onto Saturday: the board asks; the dispatcher accepts.
    browsing.allow(r"409")  # the first answer asks for the confirmation
    messages = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_response(lambda r: r.url.endswith("/move/") and r.status == 200):
        drag(page, card(page, pothole, f"agent:{hugo.pk}"), cell(page, f"agent:{hugo.pk}", MONDAY.replace(day=12)))
    assert "week-end" in messages[0]
    expect(cell(page, f"agent:{hugo.pk}", MONDAY.replace(day=12)).locator("a.resource-event")).to_have_count(1)
    pothole.refresh_from_db()
    assert pothole.planned_start == datetime.datetime(2026, 12, 12, 9, tzinfo=PARIS)
    browsing.shot(page, "03-saturday")

    # The work order's history records both moves.
    page.goto(f"/interventions/work-orders/{pothole.pk}/")
    changes = page.get_by_role("main").locator("li li")
    expect(changes.filter(has_text=re.compile(r"Agents\W+Hugo Roux"))).to_have_count(1)
    expect(changes.filter(has_text=re.compile(r"12/12/2026 09:00"))).to_have_count(1)
    browsing.shot(page, "04-timeline")


@pytest.fixture
def town_week(organization):
    """A town's week: 12 teams of 5 agents, 416 work orders from Monday to Friday (written in bulk)."""
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions.factories import CategoryFactory, standard_priorities
    from regie.interventions.models import WorkOrder
    from regie.people.factories import AgentFactory, TeamFactory

    manager = UserFactory(username="claire.dispatch", first_name="Claire", last_name="Moreau")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    names = ["Voirie nord", "Voirie sud", "Espaces verts est", "Espaces verts ouest", "Bâtiments écoles",
             "Bâtiments sport", "Propreté", "Éclairage public", "Signalisation", "Plomberie", "Électricité",
             "Menuiserie"]  # fmt: skip
    teams = [TeamFactory(organization=organization, name=name) for name in names]
    agents = {team.pk: AgentFactory.create_batch(5, organization=organization, team=team) for team in teams}
    category = CategoryFactory(organization=organization, name="Entretien", code="ENTR")
    priorities = standard_priorities(organization)
    rows, links = [], []
    for i in range(416):
        team = teams[i % len(teams)]
        day = MONDAY + datetime.timedelta(days=(i // len(teams)) % 5)
        hour = 8 + (i // 60) % 8
        start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)
        rows.append(
            WorkOrder(
                organization=organization,
                number=f"BT-2026-{i + 1:06d}",
                title=f"Intervention {i + 1}",
                state="planned",
                category=category,
                priority=priorities[i % 3],
                team=team,
                planned_start=start,
                planned_end=start + datetime.timedelta(hours=2),
                estimated_hours=Decimal(2),
            )
        )
    rows = WorkOrder.objects.bulk_create(rows)
    through = WorkOrder.agents.through
    for i, wo in enumerate(rows):
        links.append(through(workorder_id=wo.pk, agent_id=agents[wo.team_id][i % 5].pk))
    through.objects.bulk_create(links)
    return {"manager": manager, "teams": teams}


def test_a_town_week_shows_every_team_and_no_sliver(browsing, town_week):
    page = browsing.open(user=town_week["manager"], viewport=LAPTOP, bypass_csp=True)
    page.goto(BOARD)
    rows = page.locator("tr.resource-row-team")
    expect(rows).to_have_count(len(town_week["teams"]) + 1)  # + the team of the harness' organization
    labels = [label.strip() for label in page.locator("tr.resource-row-team th .resource-toggle").all_inner_texts()]
    assert labels[:3] == ["Bâtiments écoles", "Bâtiments sport", "Éclairage public"], labels  # French order
    for team in town_week["teams"]:
        row = page.locator(f"tr[data-row='team:{team.pk}']")
        expect(row).to_be_visible()
        box = row.bounding_box()
        assert box["height"] > 0
        assert box["y"] + box["height"] <= LAPTOP["height"], (team.name, box)  # on the first screen, no scrolling
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll("a.resource-event"))
              .filter((el) => el.offsetParent !== null)
              .map((el) => ({id: el.dataset.id, width: el.getBoundingClientRect().width}))"""
    )
    assert len({s["id"] for s in sizes}) == 416  # every work order of the week is on the board
    narrowest = min(s["width"] for s in sizes)
    assert narrowest >= 40, narrowest
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], width  # no sideways scrolling at 1366 px
    browsing.shot(page, "01-town-week")
    assert axe_violations(page) == []
