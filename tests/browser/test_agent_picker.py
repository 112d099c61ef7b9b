"""Choosing who does the work in a town of a hundred agents: the manager types part of a name, tells two
namesakes apart by their number and team, picks one, and the work order is saved with that agent; an agent
without the plumbing skill is assigned only once the manager confirms with a reason. At desktop and phone
sizes, with screenshots (test-artifacts/screenshots/); the form stays about one screen of agents long."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, axe_violations


class Town:
    def __init__(self, org):
        from regie.core.factories import MembershipFactory, UserFactory
        from regie.core.permissions import Role
        from regie.interventions.factories import CategoryFactory, standard_priorities
        from regie.people.factories import AgentFactory, SkillFactory, TeamFactory

        self.plumbing = SkillFactory(organization=org, code="PLB", name="Plomberie")
        greenhouse = SkillFactory(organization=org, code="SER", name="Serres")
        self.roads = TeamFactory(organization=org, code="VOI2", name="Voirie nord")
        self.parks = TeamFactory(organization=org, code="ESP2", name="Espaces verts")
        self.priorities = standard_priorities(org)
        self.category = CategoryFactory(organization=org, code="DIV", name="Divers")
        AgentFactory.create_batch(120, organization=org, team=self.parks)
        self.quintard_roads = AgentFactory(
            organization=org, first_name="Julien", last_name="Quintard", employee_number="V0107", team=self.roads
        )
        self.quintard_parks = AgentFactory(
            organization=org, first_name="Julien", last_name="Quintard", employee_number="E0212", team=self.parks
        )
        self.gardener = AgentFactory(
            organization=org,
            first_name="Rose",
            last_name="Verdier",
            employee_number="E0300",
            team=self.parks,
            skills=[greenhouse],
        )
        self.manager = UserFactory(username="sophie.leroy", first_name="Sophie", last_name="Leroy", language="fr")
        MembershipFactory(organization=org, user=self.manager, role=Role.MANAGER)


@pytest.fixture
def town(organization):
    return Town(organization)


def fill_the_work(page, town, title):
    page.goto("/interventions/work-orders/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_category").select_option(str(town.category.pk))
    page.locator("#id_priority").select_option(str(town.priorities[2].pk))
    page.locator("#id_execution input[value=in_house]").check()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_manager_assigns_an_agent_by_typing_a_name(browsing, town, viewport):
    from regie.interventions.models import WorkOrder

    size = "desktop" if viewport is DESKTOP else "phone"
    page = browsing.open(user=town.manager, viewport=viewport)
    fill_the_work(page, town, "Nid-de-poule rue des Lilas")
    picker = page.locator("[data-agent-picker]")
    expect(picker.locator("input[name=agents]")).to_have_count(0)  # 123 agents, none listed before a search
    page.locator("#id_agents_search").press_sequentially("quint", delay=30)
    results = picker.locator(".picker-results li")
    expect(results).to_have_count(2)
    # namesakes: the same name, told apart by the employee number and the team
    expect(results.filter(has_text="V0107")).to_contain_text("Voirie nord")
    expect(results.filter(has_text="E0212")).to_contain_text("Espaces verts")
    expect(results.first).to_contain_text("homonyme")
    browsing.shot(page, f"{size}-1-search")
    results.filter(has_text="V0107").locator("input[name=agents]").check()
    chips = picker.locator(".picker-chosen li")
    expect(chips).to_have_count(1)
    expect(chips).to_contain_text("V0107")
    expect(picker.locator(".picker-results li")).to_have_count(0)  # the search is cleared once someone is chosen
    # choosing a team narrows the list to its agents
    page.locator("#id_team").select_option(str(town.roads.pk))
    expect(picker.locator(".picker-hint")).to_have_text("Tous les agents de cette équipe sont choisis.")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < (2600 if viewport is DESKTOP else 4200), height
    browsing.shot(page, f"{size}-2-chosen")
    page.locator("form.record-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/interventions/work-orders/\d+/$"))
    expect(page.locator("[data-agents]")).to_have_text("Julien Quintard")
    assert list(WorkOrder.objects.get().agents.all()) == [town.quintard_roads]
    browsing.shot(page, f"{size}-3-assigned")


def test_an_agent_without_the_required_skill_needs_a_reason(browsing, town):
    from regie.core.models import AuditEvent
    from regie.interventions.models import WorkOrder

    browsing.allow(r"HTTP 400 POST .*/work-orders/new/", r"status of 400")  # the refusal: the form again
    page = browsing.open(user=town.manager, viewport=MOBILE)
    fill_the_work(page, town, "Fuite au local des serres")
    page.locator("#id_required_skills").get_by_label("Plomberie").check()
    page.locator("#id_agents_search").press_sequentially("verdier", delay=30)
    result = page.locator(".picker-results li").filter(has_text="E0300")
    expect(result).to_contain_text("manque : Plomberie")
    result.locator("input[name=agents]").check()
    page.locator("form.record-form button[type=submit]").click()
    expect(page.locator("#id_agents_error")).to_contain_text("Rose Verdier (E0300)")
    expect(page.locator("#id_skill_override_reason")).to_be_visible()
    assert not WorkOrder.objects.exists()
    browsing.shot(page, "phone-4-skill-refused")
    page.locator("#id_skill_override").check()
    page.locator("#id_skill_override_reason").fill("Le plombier est en congé ; simple joint à changer.")
    page.locator("form.record-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/interventions/work-orders/\d+/$"))
    expect(page.locator("[data-agents]")).to_have_text("Rose Verdier")
    event = AuditEvent.objects.get(content_type__model="workorder")
    assert event.reason == "Le plombier est en congé ; simple joint à changer."
    browsing.shot(page, "phone-5-assigned-with-reason")


def test_the_picker_passes_axe(browsing, town):
    page = browsing.open(user=town.manager, bypass_csp=True)  # axe is injected as an inline script
    fill_the_work(page, town, "Nid-de-poule")
    page.locator("#id_agents_search").press_sequentially("quint", delay=30)
    expect(page.locator(".picker-results li")).to_have_count(2)
    page.locator(".picker-results li").first.locator("input").check()
    expect(page.locator(".picker-chosen li")).to_have_count(1)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
