"""The issue's "done when", as people do it in the browser, in French: a referent files a request with a photo,
the department head validates it, the technical-services manager approves it and plans a work order with an
agent, the agent records time and completes it with a report, the manager closes it, and the referent
acknowledges and rates it — then the request's timeline tells each step with who did it, and its costs are
the agent's hours at the agent's rate (hours only for the agent and the referent: they see no money).
A screenshot at every step (test-artifacts/screenshots/).

Locators lean on structure (field ids, step names, data attributes) rather than on wording, so the French
catalogue can change a label without breaking the journey.
"""

import datetime
import re
import struct
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PASSWORD, axe_violations

PLACE = "École Jules-Ferry, cuisine"


def photo_png(width=320, height=240):
    """A real PNG that looks like something: a blue-to-grey gradient with a darker band (the 'leak')."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            band = 60 if abs(x - width // 2) < 12 and y > height // 3 else 0
            row += bytes((max(0, 40 + x // 3 - band), max(0, 90 + y // 4 - band), max(0, 160 - band)))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"".join(rows))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


class Cast:
    """The people of the journey, in the commune of the harness (`organization`)."""

    def __init__(self, org):
        from regie.core.factories import MembershipFactory, UserFactory
        from regie.core.permissions import Role
        from regie.interventions.factories import CategoryFactory, standard_priorities
        from regie.interventions.models import WorkflowSettings
        from regie.people.factories import AgentFactory, SkillFactory, TeamFactory
        from regie.people.models import Department

        self.org = org
        self.school = Department.objects.get(organization=org, code="ECO")
        buildings = Department.objects.get(organization=org, code="BAT")
        self.plumbing = SkillFactory(organization=org, code="PLB", name="Plomberie", hourly_rate=Decimal("38.00"))
        self.team = TeamFactory(organization=org, code="PLB", name="Équipe plomberie", department=buildings)
        self.priorities = standard_priorities(org)
        self.category = CategoryFactory(organization=org, code="PLOMB", name="Plomberie", skill=self.plumbing)
        WorkflowSettings.objects.create(organization=org, department_validation=True)

        def person(username, first, last, role, **fields):
            user = UserFactory(username=username, first_name=first, last_name=last, password=PASSWORD, language="fr")
            MembershipFactory(organization=org, user=user, role=role, **fields)
            return user

        self.referent = person("claire.martin", "Claire", "Martin", Role.REQUESTER, department=self.school)
        self.head = person("paul.bernard", "Paul", "Bernard", Role.DEPARTMENT_HEAD, department=self.school)
        self.manager = person("sophie.leroy", "Sophie", "Leroy", Role.MANAGER)
        self.agent_user = person("karim.benali", "Karim", "Benali", Role.AGENT)
        self.agent = AgentFactory(
            organization=org,
            user=self.agent_user,
            first_name="Karim",
            last_name="Benali",
            team=self.team,
            department=buildings,
            hourly_rate=Decimal("35.50"),
            skills=[self.plumbing],
        )
        # Another plumber, free too: the assignment help lists both.
        AgentFactory(organization=org, first_name="Lucas", last_name="Petit", team=self.team, skills=[self.plumbing])


@pytest.fixture
def cast(organization):
    return Cast(organization)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button").click()
    expect(page.get_by_role("banner")).to_contain_text(str(user))


def log_out(page):
    page.get_by_role("banner").locator("form[action='/accounts/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def open_latest_notification(page, browsing, step):
    """From the header badge to the notification centre, then to what the newest notification is about."""
    badge = page.get_by_role("banner").locator(".notifications-link .count-badge")
    expect(badge).to_be_visible()
    page.get_by_role("banner").locator(".notifications-link").click()
    expect(page.locator(".notification.unread").first).to_be_visible()
    browsing.shot(page, step)
    page.locator(".notification.unread").first.locator("button.notification-title").click()


def step_button(page, name):
    """The submit button of the workflow step `name` (a small POST form)."""
    return page.locator(f"form:has(input[name=step][value={name}]) button[type=submit]")


def status(page):
    return page.get_by_role("heading", level=1).locator(".status")


def test_request_to_rated_work(browsing, cast):
    from regie.interventions import services
    from regie.interventions.models import InterventionRequest, WorkOrder

    # An open request already names the same place and category: the form will show it before submitting.
    services.create_request(
        by=cast.head,
        organization=cast.org,
        data={
            "title": "Robinet qui goutte",
            "description": "Le robinet goutte.",
            "category": cast.category,
            "location": PLACE,
        },
    )
    page = browsing.open()

    # 1. The referent files a request with a photo.
    log_in(page, cast.referent)
    browsing.shot(page, "01-referent-home")
    page.locator("nav.sidebar a[href='/interventions/requests/']").click()
    expect(page.locator("#list-results tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Nouvelle demande").click()
    expect(page.locator("#id_department")).to_be_disabled()
    page.locator("#id_title").fill("Fuite sous l'évier de la cantine")
    page.locator("#id_description").fill("De l'eau coule sous l'évier de la cantine depuis ce matin.")
    page.locator("#id_location").fill(PLACE)
    page.locator("#id_category").select_option(label="Plomberie")
    hint = page.locator("#duplicates .duplicates")
    expect(hint).to_contain_text("Robinet qui goutte")
    page.locator("#id_desired_date").fill((timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    page.locator("#id_files").set_input_files(
        files=[{"name": "fuite-cantine.png", "mimeType": "image/png", "buffer": photo_png()}]
    )
    browsing.shot(page, "02-request-form-with-duplicate-hint")
    page.locator("button[name=action][value=submit]").click()
    expect(page).to_have_url(re.compile(r"/interventions/requests/\d+/$"))
    request = InterventionRequest.objects.exclude(title="Robinet qui goutte").get()
    expect(status(page)).to_have_class(re.compile(r"status-submitted"))
    thumbnail = page.locator(".attachments img")
    expect(thumbnail).to_be_visible()
    # the photo is served back and decodes (polled by Playwright's own script: a string predicate would be
    # eval'd in the page, which the CSP rightly forbids)
    expect(thumbnail).to_have_js_property("naturalWidth", 320)
    browsing.shot(page, "03-request-submitted")
    log_out(page)

    # 2. The department head validates it (reached from the notification).
    log_in(page, cast.head)
    open_latest_notification(page, browsing, "04-head-notifications")
    expect(page).to_have_url(re.compile(rf"/interventions/requests/{request.pk}/$"))
    expect(step_button(page, "reject")).to_be_hidden()  # behind its disclosure, with the reason to give
    browsing.shot(page, "04b-head-request")
    step_button(page, "validate").click()
    expect(status(page)).to_have_class(re.compile(r"status-validated"))
    browsing.shot(page, "05-head-validated")
    log_out(page)

    # 3. The manager approves it and plans a work order with an agent and dates.
    log_in(page, cast.manager)
    open_latest_notification(page, browsing, "06-manager-notifications")
    step_button(page, "approve").click()
    expect(status(page)).to_have_class(re.compile(r"status-approved"))
    browsing.shot(page, "07-manager-approved")
    page.locator(f"a[href='/interventions/requests/{request.pk}/work-orders/new/']").click()
    expect(page.locator("#id_title")).to_have_value("Fuite sous l'évier de la cantine")
    expect(page.locator("#id_category")).to_have_value(str(cast.category.pk))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.locator("#id_execution input[value=in_house]").check()
    page.locator("#id_team").select_option(label="Équipe plomberie")
    page.locator("#id_agents").get_by_label(re.compile("Karim Benali")).check()
    page.locator("#id_planned_start").fill(f"{tomorrow.isoformat()}T08:00")
    page.locator("#id_planned_end").fill(f"{tomorrow.isoformat()}T11:00")
    page.locator("#id_estimated_hours").fill("3")
    page.locator("#id_tasks").fill("Couper l'arrivée d'eau\nChanger le joint du siphon\nVérifier l'étanchéité")
    browsing.shot(page, "08-work-order-form")
    page.locator("form.record-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/interventions/work-orders/\d+/$"))
    work_order = WorkOrder.objects.get()
    expect(status(page)).to_have_class(re.compile(r"status-planned"))
    expect(page.locator("[data-agents]")).to_have_text("Karim Benali")
    help_rows = page.locator("section:has(#help-title) tbody tr")
    expect(help_rows).to_have_count(2)  # the plumbers free in that slot
    expect(help_rows.filter(has_text="Lucas Petit").get_by_role("button")).to_be_visible()
    browsing.shot(page, "09-work-order-planned")
    log_out(page)

    # 4. The agent starts, ticks the checklist, records time and completes the work with a report.
    log_in(page, cast.agent_user)
    open_latest_notification(page, browsing, "10-agent-notifications")
    expect(page).to_have_url(re.compile(rf"/interventions/work-orders/{work_order.pk}/$"))
    step_button(page, "start").click()
    expect(status(page)).to_have_class(re.compile(r"status-in_progress"))
    page.evaluate("window.journeyMarker = 'no reload'")
    for box in page.locator(".tasks input[type=checkbox]").all():
        box.check()
        expect(box.locator("xpath=ancestor::li")).to_have_class(re.compile("task-done"))
    assert page.evaluate("window.journeyMarker") == "no reload", "ticking a task reloaded the page"
    expect(page.locator("#id_time-agent")).to_have_value(str(cast.agent.pk))
    page.locator("#id_time-hours").fill("2.5")
    page.locator("#id_time-note").fill("Joint du siphon changé")
    browsing.shot(page, "11-agent-time-form")
    page.locator("form[action$='/time/'] button[type=submit]").click()
    expect(page.locator("#time tbody tr")).to_have_count(1)
    expect(page.locator("#costs [data-hours]")).to_have_text("2,50\u00a0h")
    expect(page.locator("#costs [data-total]")).to_have_count(0)  # an agent sees no money (pay rates)
    complete = page.locator("form:has(input[name=step][value=complete])")
    complete.locator("textarea").fill("Joint du siphon remplacé, plus de fuite. Sol nettoyé.")
    complete.locator("input[type=radio][value=yes]").check()
    browsing.shot(page, "12-agent-report")
    step_button(page, "complete").click()
    expect(status(page)).to_have_class(re.compile(r"status-done"))
    browsing.shot(page, "13-agent-completed")
    log_out(page)

    # 5. The manager closes the work order.
    log_in(page, cast.manager)
    page.goto(f"/interventions/work-orders/{work_order.pk}/")
    step_button(page, "close").click()
    expect(status(page)).to_have_class(re.compile(r"status-closed"))
    browsing.shot(page, "14-manager-closed")
    log_out(page)

    # 6. The referent sees it done, acknowledges it and rates it 5/5.
    log_in(page, cast.referent)
    open_latest_notification(page, browsing, "15-referent-notifications")
    expect(page).to_have_url(re.compile(rf"/interventions/requests/{request.pk}/$"))
    expect(status(page)).to_have_class(re.compile(r"status-done"))
    close = page.locator("form:has(input[name=step][value=close])")
    close.locator("input[type=radio][value='5']").check()
    close.locator("textarea").fill("Intervention rapide, merci !")
    browsing.shot(page, "16-referent-rating")
    step_button(page, "close").click()
    expect(status(page)).to_have_class(re.compile(r"status-closed"))
    expect(page.locator("[data-rating]")).to_contain_text("5/5")

    # The timeline tells who asked, who validated, approved, planned, worked, and closed; the costs are right.
    timeline = page.locator("section.timeline")
    events = timeline.locator("li.timeline-event")
    expect(events.first).to_contain_text("Claire Martin")  # who asked
    for who in ("Paul Bernard", "Sophie Leroy", "Karim Benali"):
        expect(timeline).to_contain_text(who)
    expect(timeline.locator(".timeline-state-validated")).to_contain_text("Paul Bernard")
    expect(timeline.locator(".timeline-state-approved")).to_contain_text("Sophie Leroy")
    expect(timeline.locator(".timeline-time")).to_contain_text("Karim Benali")
    expect(timeline.locator(".timeline-time")).not_to_contain_text("€")  # a referent sees hours, not money
    report = timeline.locator(".timeline-state-done", has_text="Joint du siphon remplacé")  # the work order's step
    expect(report).to_contain_text("Karim Benali")
    expect(report).to_contain_text(work_order.number)
    expect(timeline.locator(".timeline-state-closed").last).to_contain_text("Claire Martin")
    expect(timeline.locator(".timeline-state-closed").last).to_contain_text("5/5")
    expect(page.locator("#costs [data-total]")).to_have_count(0)
    expect(page.locator("#costs [data-hours]")).to_have_text("2,50\u00a0h")
    browsing.shot(page, "17-request-closed-timeline")

    request.refresh_from_db()
    assert request.state == "closed" and request.satisfaction == 5
    assert request.labour_cost == Decimal("88.75") == request.total_cost and request.hours == Decimal("2.50")
    log_out(page)


def test_interventions_pages_pass_axe(browsing, cast):
    """The request form, a request, a work order with its tools, the costs page and the notification centre."""
    from regie.interventions import services

    request, _created = services.create_request(
        by=cast.referent,
        organization=cast.org,
        data={"title": "Fuite", "description": "Fuite d'eau.", "category": cast.category, "location": PLACE},
    )
    services.transition_request(request, "validate", by=cast.head)
    services.transition_request(request, "approve", by=cast.manager)
    start = timezone.now() + datetime.timedelta(days=1)
    work_order = services.create_work_order(
        by=cast.manager,
        organization=cast.org,
        request=request,
        data={"team": cast.team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=2)},
        m2m={"agents": [cast.agent], "required_skills": [cast.plumbing]},
        tasks=["Couper l'eau"],
    )
    page = browsing.open(bypass_csp=True, user=cast.manager)
    for step, url in [
        ("request-list", "/interventions/requests/"),
        ("request-form", "/interventions/requests/new/"),
        ("request", f"/interventions/requests/{request.pk}/"),
        ("work-order-list", "/interventions/work-orders/"),
        ("work-order", f"/interventions/work-orders/{work_order.pk}/"),
        ("work-order-form", f"/interventions/work-orders/{work_order.pk}/edit/"),
        ("costs", "/interventions/costs/"),
        ("notifications", "/notifications/"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        browsing.shot(page, f"axe-{step}")
        violations = axe_violations(page)
        assert not violations, f"axe on {url}:\n" + "\n".join(violations)

    # A request sent with mistakes (and a file that is not a photo): errors tied to their fields.
    browsing.allow(r"HTTP 400 POST .*/interventions/requests/new/$", r"requests/new/: .*status of 400")
    page.goto("/interventions/requests/new/")
    page.locator("#id_files").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": b"MZ\x90 not an image"}]
    )
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".form-errors")).to_be_visible()
    for field in ("title", "description", "location", "files"):
        expect(page.locator(f"#id_{field}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#id_{field}")).to_have_accessible_description(re.compile(r"\S"))
    expect(page.locator("#id_files_error")).to_contain_text("photo.png")
    browsing.shot(page, "axe-request-form-errors")
    violations = axe_violations(page)
    assert not violations, "axe on the request form with errors:\n" + "\n".join(violations)
