"""A refused checklist tick, in the browser: the reason appears in the checklist line itself, and the page is
not nested inside itself (htmx once followed a redirect and swapped the whole work-order page into the line).
Screenshots in test-artifacts/screenshots/."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from .test_interventions_journey import log_in
from .test_interventions_roles import cast  # noqa: F401 (the fixture)


def test_refused_tick_shows_its_reason_in_the_line(browsing, cast):  # noqa: F811
    from regie.interventions import services

    start = timezone.now() + datetime.timedelta(hours=1)
    work_order = services.create_work_order(
        by=cast.manager,
        organization=cast.org,
        data={
            "title": "Réparer la fuite du préau",
            "category": cast.category,
            "priority": cast.priorities[2],
            "team": cast.team,
            "planned_start": start,
            "planned_end": start + datetime.timedelta(hours=2),
        },
        m2m={"agents": [cast.agent]},
        tasks=["Couper l'eau", "Changer le joint"],
    )
    first, second = work_order.tasks.order_by("pk")
    # the refusal is a 422 (the status htmx is told to swap): the browser logs it, which is expected here
    browsing.allow(rf"HTTP 422 POST .*/work-orders/{work_order.pk}/tasks/{second.pk}/", r"status of 422")
    page = browsing.open()
    log_in(page, cast.agent_user)
    page.goto(f"/interventions/work-orders/{work_order.pk}/")
    # click, not check(): htmx replaces the line with the server's answer, so the box clicked is gone by the time
    # check() would verify it (a race the server sometimes wins)
    page.locator(f"#task-box-{first.pk}").click()  # ticked in place: htmx swaps the line
    expect(page.locator(f"#task-{first.pk}")).to_have_class(re.compile(r"task-done"))
    first.refresh_from_db()
    assert first.done

    # Meanwhile the manager cancels the work order; the agent's page still offers the second tick.
    services.transition_work_order(work_order, "cancel", by=cast.manager, reason="Fait par le gardien")
    page.locator(f"#task-box-{second.pk}").click()
    line = page.locator(f"#task-{second.pk}")
    expect(line.get_by_role("alert")).to_have_text("Cette intervention est terminée : elle ne peut plus être modifiée.")
    expect(line.locator("input[type=checkbox]")).to_have_count(0)  # no longer tickable: the line as it now is
    expect(page.locator("header.topbar")).to_have_count(1)  # one page, not a page inside a line
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator(".tasks h1, .tasks nav, .tasks footer")).to_have_count(0)
    assert page.url.endswith(f"/interventions/work-orders/{work_order.pk}/")
    second.refresh_from_db()
    assert not second.done
    browsing.shot(page, "01-refused-tick-says-why-in-its-line")
