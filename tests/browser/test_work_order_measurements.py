"""In the boiler room, on a 390 × 844 phone: an agent records the pressure and the safety-valve check the
checklist of a generated preventive work order asks for; ticking the pressure without its value is refused in
words. Screenshots in test-artifacts/screenshots/."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import MOBILE, axe_violations
from .test_interventions_journey import Cast


@pytest.fixture
def boiler_check(organization):
    """The cast, and the work order the generator wrote for the yearly boiler service, given to the agent."""
    from regie.assets.factories import AssetFactory
    from regie.interventions import services
    from regie.maintenance import generator
    from regie.maintenance.models import PlanTask
    from tests.maintenance.plan_helpers import make_plan

    cast = Cast(organization)
    boiler = AssetFactory(organization=organization, code="CH-0042", name="Chaudière école Jaurès")
    plan = make_plan(organization, asset=boiler, name="Entretien annuel de la chaudière", tasks=())
    for position, (label, measurement, unit) in enumerate(
        [
            ("Contrôler la combustion", "", ""),
            ("Pression du circuit", "number", "bar"),
            ("Température des fumées", "number", "°C"),
            ("Soupape de sécurité", "pass_fail", ""),
        ]
    ):
        PlanTask.objects.create(plan=plan, position=position, label=label, measurement=measurement, unit=unit)
    assert generator.generate(organization, today=datetime.date(2026, 8, 20)).created == 1
    work_order = plan.occurrences.get().work_order
    services.update_work_order(work_order, by=cast.manager, data={}, m2m={"agents": [cast.agent]})
    cast.work_order = work_order
    return cast


def test_an_agent_records_a_pressure_and_a_failed_safety_valve_on_a_phone(browsing, boiler_check):
    cast = boiler_check
    page = browsing.open(user=cast.agent_user, viewport=MOBILE, bypass_csp=True)  # axe-core is injected
    page.goto(reverse("interventions:workorder-detail", args=[cast.work_order.pk]))
    tasks = {task.label: task for task in cast.work_order.tasks.all()}
    pressure = page.locator(f"#task-{tasks['Pression du circuit'].pk}")
    expect(pressure.get_by_label("Pression du circuit")).to_be_visible()
    expect(pressure.locator(".task-unit")).to_have_text("bar")

    browsing.allow(r"422")  # the refused tick below: htmx swaps the line with its reason
    pressure.get_by_role("button", name="Enregistrer").click()  # no value: refused, in words
    expect(pressure.get_by_role("alert")).to_contain_text("Saisissez la valeur mesurée (bar)")
    browsing.shot(page, "1-refused-without-value")

    pressure = page.locator(f"#task-{tasks['Pression du circuit'].pk}")
    pressure.get_by_label("Pression du circuit").fill("1.4")
    pressure.get_by_role("button", name="Enregistrer").click()
    expect(pressure.locator(".task-result")).to_contain_text("1,4 bar")
    expect(pressure.get_by_role("button", name="Corriger")).to_be_visible()

    valve = page.locator(f"#task-{tasks['Soupape de sécurité'].pk}")
    valve.get_by_role("button", name="Non conforme").click()
    expect(valve.locator(".task-result-fail")).to_contain_text("Non conforme\xa0: le contrôle a échoué")
    expect(valve).to_have_class("task task-done task-measured task-failed")
    page.wait_for_load_state("networkidle")
    width, scroll = page.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    assert scroll <= width, f"the page is {scroll}px wide in a {width}px viewport"
    page.locator("#tasks-title").scroll_into_view_if_needed()
    browsing.shot(page, "2-recorded", full_page=False)
    assert not axe_violations(page)

    for task in cast.work_order.tasks.all():
        task.refresh_from_db()
    recorded = {t.label: (t.done, t.value, t.passed) for t in cast.work_order.tasks.all()}
    assert recorded["Pression du circuit"][0] is True and str(recorded["Pression du circuit"][1]) == "1.400"
    assert recorded["Soupape de sécurité"] == (True, None, False)
    assert recorded["Température des fumées"] == (False, None, None)
