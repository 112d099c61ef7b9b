"""The other ways through the workflow, in the browser: a department head rejects a request with the reason the
referent then reads; a contractor sees only the work given to its company, accepts it, invoices and closes it;
the manager reads what it all cost, by department and by cost code. Screenshots in test-artifacts/screenshots/.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_interventions_journey import PLACE, Cast, log_in, log_out, status, step_button


@pytest.fixture
def cast(organization):
    return Cast(organization)


def file_request(cast, title="Fuite"):
    from regie.interventions import services

    request, _created = services.create_request(
        by=cast.referent,
        organization=cast.org,
        data={"title": title, "description": "De l'eau coule.", "category": cast.category, "location": PLACE},
    )
    return request


def order_work(cast, title, *, starts_in=None, hours=2, m2m=None, **fields):
    """A work order made by the manager (normal priority), planned `starts_in` from now for `hours` if given."""
    from regie.interventions import services

    data = {"title": title, "category": cast.category, "priority": cast.priorities[2], **fields}
    if starts_in is not None:
        start = timezone.now() + starts_in
        data.update(planned_start=start, planned_end=start + datetime.timedelta(hours=hours))
    return services.create_work_order(by=cast.manager, organization=cast.org, data=data, m2m=m2m or {})


def open_step(page, name):
    """The disclosure of a step that asks for something (a reason, a report), opened."""
    step = page.locator(f"details.step:has(input[name=step][value={name}])")
    step.locator("summary").click()
    return step


def test_head_rejects_with_a_reason_the_referent_reads(browsing, cast):
    request = file_request(cast, "Repeindre le préau")
    page = browsing.open()
    log_in(page, cast.head)
    page.goto(f"/interventions/requests/{request.pk}/")
    reject = open_step(page, "reject")
    browsing.allow(r"HTTP 400 POST .*/step/$", r"/step/: .*status of 400")
    step_button(page, "reject").click()  # no reason given: refused, nothing changes
    expect(page.locator(".form-errors")).to_be_visible()
    expect(status(page)).to_have_class(re.compile(r"status-submitted"))
    reason = reject.locator("textarea")
    expect(reason).to_have_attribute("aria-invalid", "true")
    browsing.shot(page, "01-reason-required")
    reason.fill("Travaux prévus dans le plan pluriannuel de l'an prochain.")
    step_button(page, "reject").click()
    expect(status(page)).to_have_class(re.compile(r"status-rejected"))
    log_out(page)

    log_in(page, cast.referent)
    page.goto(f"/interventions/requests/{request.pk}/")
    expect(status(page)).to_have_class(re.compile(r"status-rejected"))
    timeline = page.locator("section.timeline")
    expect(timeline).to_contain_text("Paul Bernard")
    expect(timeline).to_contain_text("plan pluriannuel de l'an prochain")
    expect(page.locator(".steps")).to_have_count(0)  # nothing left to do on a rejected request
    browsing.shot(page, "02-referent-reads-the-reason")


@pytest.fixture
def contracted(cast):
    """A work order given to a contractor, another kept in-house, and the contractor's user."""
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.interventions.factories import CostCodeFactory
    from regie.people.factories import ContractorFactory

    from .conftest import PASSWORD

    company = ContractorFactory(organization=cast.org, name="Plomberie Durand SARL")
    user = UserFactory(username="j.durand", first_name="Jean", last_name="Durand", password=PASSWORD, language="fr")
    MembershipFactory(organization=cast.org, user=user, role=Role.CONTRACTOR, contractor=company)
    festival = CostCodeFactory(organization=cast.org, code="FETE", name="Fête de la musique")
    given = order_work(
        cast,
        "Remplacer le chauffe-eau du gymnase",
        department=cast.school,
        cost_code=festival,
        execution="contractor",
        contractor=company,
        starts_in=datetime.timedelta(days=2),
        hours=4,
    )
    kept = order_work(cast, "Purger les radiateurs", team=cast.team)
    return company, user, given, kept, festival


def test_contractor_accepts_invoices_and_closes_its_work(browsing, cast, contracted):
    _company, user, given, kept, festival = contracted
    page = browsing.open()
    log_in(page, user)
    page.goto("/interventions/work-orders/")
    rows = page.locator("#list-results tbody tr")
    expect(rows).to_have_count(1)  # only the work given to the company
    expect(rows.first).to_contain_text("Remplacer le chauffe-eau du gymnase")
    browsing.shot(page, "01-contractor-list")
    browsing.allow(r"HTTP 404 GET .*/work-orders/\d+/$", r"/work-orders/\d+/: .*status of 404")
    response = page.goto(f"/interventions/work-orders/{kept.pk}/")
    assert response.status == 404, "a contractor must not open in-house work"

    page.goto("/interventions/work-orders/")
    rows.first.get_by_role("link").click()
    step_button(page, "accept").click()
    expect(status(page)).to_have_class(re.compile(r"status-accepted"))
    step_button(page, "start").click()
    expect(status(page)).to_have_class(re.compile(r"status-in_progress"))

    form = page.locator("form[action$='/costs/']")
    expect(form.locator("#id_cost-kind option")).to_have_count(1)  # contractors record their invoices only
    form.locator("#id_cost-label").fill("Chauffe-eau 200 L posé")
    form.locator("#id_cost-date").fill(timezone.localdate().isoformat())
    form.locator("#id_cost-quantity").fill("1")
    form.locator("#id_cost-unit_cost").fill("1240.50")
    form.locator("#id_cost-reference").fill("FA-2026-118")
    browsing.shot(page, "02-contractor-invoice")
    form.get_by_role("button").click()
    expect(page.locator("#costs tbody tr")).to_contain_text("FA-2026-118")  # the invoice, without amounts:
    expect(page.locator("#costs [data-total]")).to_have_count(0)  # contractors see no money of the town

    complete = page.locator("form:has(input[name=step][value=complete])")
    complete.locator("textarea").fill("Chauffe-eau remplacé, mise en service faite.")
    complete.locator("input[type=radio][value=yes]").check()
    step_button(page, "complete").click()
    expect(status(page)).to_have_class(re.compile(r"status-done"))
    step_button(page, "close").click()
    expect(status(page)).to_have_class(re.compile(r"status-closed"))
    browsing.shot(page, "03-contractor-closed")
    log_out(page)

    # The manager reads what it cost, by department and for the event it was for.
    log_in(page, cast.manager)
    page.goto("/interventions/costs/")
    page.locator("#id_group_by").select_option("department")
    page.get_by_role("button", name=re.compile("Afficher")).click()
    row = page.locator(".costs-table tbody tr", has_text=str(cast.school))
    expect(row).to_contain_text("1\u202f240,50\u00a0€")
    browsing.shot(page, "04-costs-by-department")
    page.locator("#id_group_by").select_option("cost_code")
    page.locator("#id_cost_code").select_option(str(festival.pk))
    page.get_by_role("button", name=re.compile("Afficher")).click()
    expect(page.locator(".costs-table tbody tr")).to_have_count(1)
    expect(page.locator("[data-grand-total]")).to_have_text("1\u202f240,50\u00a0€")
    browsing.shot(page, "05-costs-of-the-event")
    with page.expect_download() as download_info:
        page.locator("[data-export-csv]").click()
    download = download_info.value
    assert download.suggested_filename.startswith("costs-cost_code-")
    with open(download.path(), encoding="utf-8-sig") as export:
        lines = export.read().splitlines()
    # the page's figures, as a French spreadsheet reads them (semicolons, decimal comma)
    assert lines[-1].split(";")[0] == "Total" and lines[-1].endswith(";1240,50"), lines
    assert given.cost_lines.get().amount == Decimal("1240.50")


def test_manager_chooses_a_daily_summary_of_notifications(browsing, cast):
    file_request(cast)  # a notification for the manager
    page = browsing.open()
    log_in(page, cast.manager)
    page.get_by_role("banner").locator(".notifications-link").click()
    choices = page.locator("form.preference-form")
    expect(choices.get_by_label("Un e-mail par notification")).to_be_checked()
    choices.get_by_label("Un récapitulatif quotidien").check()
    choices.get_by_role("button").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("enregistré")
    expect(page.locator("form.preference-form").get_by_label("Un récapitulatif quotidien")).to_be_checked()
    browsing.shot(page, "01-daily-summary-chosen")
    cast.manager.refresh_from_db()
    assert cast.manager.email_notifications == "digest"


def test_home_says_what_waits_and_leads_to_it(browsing, cast):
    order_work(cast, "Remettre en eau le cimetière")
    page = browsing.open()
    log_in(page, cast.manager)
    line = page.locator("[data-queue=work_orders_to_plan]")
    expect(line.locator(".queue-count")).to_have_text("1")
    expect(page.locator("[data-queue=requests_to_approve] .queue-count")).to_have_text("0")
    browsing.shot(page, "01-home-waiting-for-you")
    line.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/interventions/work-orders/\?state=to_plan$"))
    rows = page.locator("#list-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Remettre en eau le cimetière")
    expect(page.locator("#id_state")).to_have_value("to_plan")
    browsing.shot(page, "02-work-orders-to-plan")


def test_agent_waits_for_parts_then_resumes(browsing, cast):
    from regie.interventions import services

    work_order = order_work(
        cast,
        "Changer le ballon d'eau chaude",
        team=cast.team,
        starts_in=datetime.timedelta(hours=1),
        m2m={"agents": [cast.agent]},
    )
    services.transition_work_order(work_order, "start", by=cast.agent_user)
    page = browsing.open()
    log_in(page, cast.agent_user)
    page.goto(f"/interventions/work-orders/{work_order.pk}/")
    open_step(page, "hold").locator("textarea").fill("En attente du ballon de 150 L commandé chez le fournisseur.")
    step_button(page, "hold").click()
    expect(status(page)).to_have_class(re.compile(r"status-on_hold"))
    expect(page.locator("section.timeline")).to_contain_text("ballon de 150 L")
    browsing.shot(page, "01-on-hold-with-its-reason")
    step_button(page, "resume").click()
    expect(status(page)).to_have_class(re.compile(r"status-in_progress"))


def test_referent_reopens_a_closed_request(browsing, cast):
    from regie.interventions import services

    request = file_request(cast, "Porte du préau qui grince")
    request = services.transition_request(request, "validate", by=cast.head)
    request = services.transition_request(request, "approve", by=cast.manager)
    work_order = services.create_work_order(by=cast.manager, organization=cast.org, data={}, request=request)
    work_order = services.transition_work_order(work_order, "start", by=cast.manager)
    services.transition_work_order(
        work_order, "complete", by=cast.manager, report="Gonds graissés", first_visit_fix=True
    )
    request.refresh_from_db()
    services.transition_request(request, "close", by=cast.referent, rating=4)
    page = browsing.open()
    log_in(page, cast.referent)
    page.goto(f"/interventions/requests/{request.pk}/")
    expect(status(page)).to_have_class(re.compile(r"status-closed"))
    open_step(page, "reopen").locator("textarea").fill("La porte grince de nouveau depuis lundi.")
    browsing.shot(page, "01-reopen-with-a-reason")
    step_button(page, "reopen").click()
    expect(status(page)).to_have_class(re.compile(r"status-approved"))
    expect(page.locator("section.timeline")).to_contain_text("grince de nouveau")
    browsing.shot(page, "02-reopened")
