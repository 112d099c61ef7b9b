"""Contractors and elected officials in the browser: a contractor sends the quote a work order asks for (a PDF)
and cannot start before the manager approves it; the homes of a contractor and of an elected official pass axe.
Screenshots in test-artifacts/screenshots/.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, axe_violations
from .test_interventions_journey import Cast, log_in, log_out, status, step_button
from .test_interventions_roles import order_work


@pytest.fixture
def cast(organization):
    return Cast(organization)


@pytest.fixture
def contractor(cast):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role
    from regie.people.factories import ContractorFactory

    company = ContractorFactory(organization=cast.org, name="Toitures Morel")
    user = UserFactory(username="l.morel", first_name="Luc", last_name="Morel", password=PASSWORD, language="fr")
    MembershipFactory(organization=cast.org, user=user, role=Role.CONTRACTOR, contractor=company)
    return company, user


def no_axe_violation(page):
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n" + "\n".join(violations)


def test_contractor_sends_a_quote_the_manager_approves(browsing, cast, contractor, tmp_path):
    from tests.attachments.images import pdf

    company, user = contractor
    work = order_work(
        cast,
        "Refaire la toiture du préau",
        execution="contractor",
        contractor=company,
        quote_required=True,
        starts_in=datetime.timedelta(days=3),
        hours=6,
    )
    quote = tmp_path / "devis-toiture.pdf"
    quote.write_bytes(pdf())

    page = browsing.open(bypass_csp=True)  # axe's script is injected
    log_in(page, user)
    no_axe_violation(page)  # the contractor's home: their own work only
    expect(page.locator("[data-figure]")).to_have_count(0)
    browsing.shot(page, "01-contractor-home")
    page.goto(f"/interventions/work-orders/{work.pk}/")
    expect(page.locator("[data-quote-status]")).to_have_attribute("data-quote-status", "")
    expect(step_button(page, "start")).to_have_count(0)  # no start before the quote is approved
    send = page.locator("details.step:has(input[name=step][value=submit_quote])")  # a primary step: open
    send.locator("input[name='submit_quote-quote_amount']").fill("4850.00")
    send.locator("input[name='submit_quote-quote_document']").set_input_files(str(quote))
    browsing.shot(page, "02-quote-form")
    step_button(page, "submit_quote").click()
    expect(page.locator("[data-quote-status]")).to_have_attribute("data-quote-status", "submitted")
    expect(page.locator("#quote")).to_contain_text("devis-toiture.pdf")
    expect(step_button(page, "start")).to_have_count(0)
    browsing.shot(page, "03-quote-sent")
    log_out(page)

    log_in(page, cast.manager)
    page.goto(f"/interventions/work-orders/{work.pk}/")
    expect(page.locator("#quote")).to_contain_text("4")  # the amount, in French
    step_button(page, "approve_quote").click()
    expect(page.locator("[data-quote-status]")).to_have_attribute("data-quote-status", "approved")
    browsing.shot(page, "04-quote-approved")
    log_out(page)

    log_in(page, user)
    page.goto(f"/interventions/work-orders/{work.pk}/")
    step_button(page, "start").click()
    expect(status(page)).to_have_class(re.compile(r"status-in_progress"))
    browsing.shot(page, "05-work-started")


def test_the_elected_officials_home(browsing, cast):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    elected = UserFactory(username="m.dupuis", first_name="Marie", last_name="Dupuis", password=PASSWORD)
    MembershipFactory(organization=cast.org, user=elected, role=Role.ELECTED)
    order_work(cast, "Réparer la fontaine", department=cast.school)
    page = browsing.open(bypass_csp=True)  # axe's script is injected
    log_in(page, elected)
    expect(page.locator("[data-section=activity]")).to_be_visible()
    no_axe_violation(page)
    browsing.shot(page, "01-elected-home")
