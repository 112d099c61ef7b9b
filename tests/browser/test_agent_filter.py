"""A dispatcher finds one agent's work orders among a hundred agents': on the work-order list, they type part of
the name in the agent filter (the agent picker, no `<select>` of every agent), tell two namesakes apart by
their number, choose one, and the list is filtered at once (`?agent=<id>` in the address); "All agents" lists
everything again. At desktop and phone sizes, with screenshots (test-artifacts/screenshots/)."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE


class Depot:
    def __init__(self, org):
        from regie.core.factories import MembershipFactory, UserFactory
        from regie.core.permissions import Role
        from regie.interventions import services
        from regie.interventions.factories import CategoryFactory, standard_priorities
        from regie.people.factories import AgentFactory, TeamFactory

        roads = TeamFactory(organization=org, code="VOI2", name="Voirie nord")
        parks = TeamFactory(organization=org, code="ESP2", name="Espaces verts")
        AgentFactory.create_batch(100, organization=org, team=parks)
        self.roads_one = AgentFactory(
            organization=org, first_name="Julien", last_name="Quintard", employee_number="V0107", team=roads
        )
        self.parks_one = AgentFactory(
            organization=org, first_name="Julien", last_name="Quintard", employee_number="E0212", team=parks
        )
        self.manager = UserFactory(username="sophie.leroy", first_name="Sophie", last_name="Leroy", language="fr")
        MembershipFactory(organization=org, user=self.manager, role=Role.MANAGER)
        category, priority = CategoryFactory(organization=org, code="DIV", name="Divers"), standard_priorities(org)[2]
        for title, agent in [("Nid-de-poule rue des Lilas", self.roads_one), ("Taille des haies", self.parks_one)]:
            services.create_work_order(
                by=self.manager,
                organization=org,
                data={"title": title, "category": category, "priority": priority},
                m2m={"agents": [agent]},
            )


@pytest.fixture
def depot(organization):
    return Depot(organization)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_dispatcher_filters_the_work_orders_by_typing_an_agents_name(browsing, depot, viewport):
    size = "desktop" if viewport is DESKTOP else "phone"
    page = browsing.open(user=depot.manager, viewport=viewport)
    page.goto("/interventions/work-orders/")
    rows = page.locator("#list-results tbody tr")
    expect(rows).to_have_count(2)
    picker = page.locator("#list-filters [data-agent-picker]")
    expect(picker.locator(".picker-results li")).to_have_count(0)  # 103 agents, none listed before a search
    expect(picker.get_by_label("Tous les agents")).to_be_checked()
    page.locator("#id_agent_search").press_sequentially("quint", delay=30)
    results = picker.locator(".picker-results li")
    expect(results).to_have_count(2)
    expect(rows).to_have_count(2)  # typing searches agents; it does not filter the list yet
    expect(results.filter(has_text="V0107")).to_contain_text("Voirie nord")
    browsing.shot(page, f"{size}-1-search")
    results.filter(has_text="V0107").locator("input[name=agent]").check()
    expect(picker.locator(".picker-chosen li")).to_contain_text("V0107")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nid-de-poule rue des Lilas")
    expect(page).to_have_url(re.compile(rf"[?&]agent={depot.roads_one.pk}(&|$)"))
    browsing.shot(page, f"{size}-2-filtered")
    page.reload()  # the address keeps the filter: the chosen agent is the picker's chip again
    expect(picker.locator(".picker-chosen li")).to_contain_text("V0107")
    expect(rows).to_have_count(1)
    picker.get_by_label("Tous les agents").check()
    expect(rows).to_have_count(2)
    expect(picker.locator(".picker-chosen li")).to_have_count(0)
    browsing.shot(page, f"{size}-3-all-agents")
