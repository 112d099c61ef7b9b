"""The budget follow-up's drill-down: a figure of the costs page leads to the work-order list whose total it is."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .test_accessibility import check


@pytest.fixture
def costs(organization):
    """A manager, a budget line of the schools for this year, and work orders of two departments with costs."""
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions import services
    from regie.interventions.factories import BudgetLineFactory, CategoryFactory, standard_priorities
    from regie.people.models import Department

    manager = UserFactory(username="paul.martin", first_name="Paul", last_name="Martin")
    MembershipFactory(organization=organization, user=manager, role=Role.MANAGER)
    roads = Department.objects.get(organization=organization, code="VOI")
    schools = Department.objects.get(organization=organization, code="ECO")
    BudgetLineFactory(
        organization=organization,
        code="615221-ECO",
        name="Entretien des écoles",
        department=schools,
        year=timezone.localdate().year,
        amount=Decimal("25000.00"),
    )
    priority, category = standard_priorities(organization)[2], CategoryFactory(organization=organization)
    for title, department, amounts in [
        ("Reboucher un nid-de-poule", roads, ("1250.40", "310.05")),
        ("Repeindre un passage piéton", roads, ("842.10",)),
        ("Réparer le portail de l'école", schools, ("199.99",)),
    ]:
        wo = services.create_work_order(
            by=manager,
            organization=organization,
            data={"title": title, "category": category, "priority": priority, "department": department},
            m2m={},
        )
        for amount in amounts:
            services.add_cost_line(
                by=manager,
                work_order=wo,
                kind="material",
                label="Fournitures",
                date=timezone.localdate(),
                unit_cost=Decimal(amount),
            )
    return {"manager": manager, "roads": roads}


def test_a_figure_of_the_costs_page_leads_to_its_work_orders(browsing, costs):
    page = browsing.open(user=costs["manager"], bypass_csp=True)
    page.goto(reverse("interventions:cost-summary"))
    expect(page.get_by_role("heading", name=re.compile("Suivi budgétaire"))).to_be_visible()
    expect(page.locator("[data-budget-line]")).to_contain_text("25\u00a0000,00")
    check(browsing, page, "costs")  # screenshot and axe

    roads = page.get_by_role("row", name=re.compile("Voirie"))
    figure = roads.locator("[data-drill-down]")
    expect(figure).to_have_text("2\u00a0402,55\u00a0€")
    figure.click()
    expect(page).to_have_url(re.compile(rf"/work-orders/\?.*department={costs['roads'].pk}"))
    expect(page.locator("[data-list-total]")).to_contain_text("2\u00a0402,55\u00a0€")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("[data-ignored-parameters]")).to_have_count(0)
    browsing.shot(page, "work-orders")

    page.go_back()
    page.locator("[data-grand-total] a").click()
    expect(page.locator("[data-list-total]")).to_contain_text("2\u00a0602,54\u00a0€")
