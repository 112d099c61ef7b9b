"""The portal end to end, as the people involved live it: a resident scans a street light's printed QR label with
a phone (the labels' PDF decoded as a phone camera would), reports it out with a photo and an e-mail; a manager
triages the report into a request at a desk; the work is planned, done and closed; after each public step the
resident's tracking page (on the phone) and their mailbox show it. Tiles are aborted (no tile server)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.assets.qr_reader import urls_on_labels
from tests.attachments.images import png

from .conftest import DESKTOP, MOBILE, axe_violations
from .test_portal_report import TILES, street_light

RESIDENT = "habitant@example.org"


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def scanned_url(light, admin, live_server, settings):
    """The URL a phone reads from the light's label on the printed sheet."""
    from django.test import Client

    settings.REGIE_PUBLIC_URL = settings.REGIE_BASE_URL = live_server.url  # labels and e-mails link this server
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("assetlabels:labels"), {"q": light.code})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (url,) = urls_on_labels(response.content)
    assert url == f"{live_server.url}/a/{light.public_id}"
    return url


def test_a_street_light_reported_from_its_qr_label_is_followed_to_its_repair(
    browsing, organization, admin, live_server, settings, tmp_path
):
    from regie.attachments.models import Attachment
    from regie.interventions import services
    from regie.interventions.factories import PriorityFactory
    from regie.people.models import Agent, Team
    from regie.portal.models import PublicStatus, Report, ServiceCategory

    light = street_light(organization)
    PriorityFactory(organization=organization, name="Normale", rank=3)
    lighting = ServiceCategory.objects.get(organization=organization, code="ECL").request_category
    url = scanned_url(light, admin, live_server, settings)

    # the resident, on a phone, from the label to the tracking page
    phone = browsing.open(viewport=MOBILE, touch=True, bypass_csp=True)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")
    phone.route(TILES, lambda route: route.abort())
    phone.goto(url)
    phone.get_by_role("link", name=re.compile("Signaler un problème sur ce Lampadaire")).tap()
    phone.get_by_label("Éclairage éteint").check()
    phone.get_by_role("button", name="Continuer").tap()
    photo = tmp_path / "photo.png"
    photo.write_bytes(png((48, 36)))
    phone.get_by_label("Quel est le problème ?").fill("Le lampadaire devant le n° 12 ne s'allume plus.")
    phone.get_by_label("Photos (3 au plus)").set_input_files(str(photo))
    phone.get_by_label("Votre e-mail, pour être tenu informé (facultatif)").fill(RESIDENT)
    phone.get_by_role("button", name="Envoyer le signalement").tap()
    phone.wait_for_url(re.compile(r"/p/montreuil/r/[\w-]{32}/$"))
    tracking = phone.url
    report = Report.objects.get()
    assert report.asset_id == light.pk and report.status == PublicStatus.RECEIVED
    expect(phone.locator(".track-now")).to_contain_text("Reçu")
    browsing.shot(phone, "1-received")
    assert not (violations := axe_violations(phone)), "\n".join(violations)

    def mails():
        """The resident's messages so far: (subject, body), each with the tracking link."""
        found = [(m.subject, m.body) for m in mail.outbox if m.to == [RESIDENT]]
        assert all(tracking in body for _, body in found), "every message links the tracking page"
        return found

    assert [subject for subject, _ in mails()] == [f"Votre signalement {report.number} : Reçu"]

    # the manager, at a desk, turns it into a request (the photo goes with it)
    desk = browsing.open(viewport=DESKTOP, user=admin)
    desk.route(TILES, lambda route: route.abort())
    desk.goto("/portal/reports/")
    desk.get_by_role("link", name=report.number).click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Éclairage éteint")
    expect(desk.locator("[data-personal]")).to_contain_text(RESIDENT)
    desk.locator("#convert-form").get_by_role("button").click()
    expect(desk.locator("[data-request]")).to_be_visible()
    browsing.shot(desk, "2-triaged")
    report.refresh_from_db()
    request = report.request
    assert request.category == lighting and request.asset_id == light.pk
    assert Attachment.objects.filter(object_id=request.pk, content_type__model="interventionrequest").count() == 1

    # the work: approved, planned, started, done, closed; the resident sees each public step
    team = Team.objects.get(organization=organization)
    agent = Agent.objects.filter(organization=organization).first()
    start = timezone.now() + datetime.timedelta(days=1)
    holder = {}

    def plan():
        holder["work"] = services.create_work_order(
            by=admin, organization=organization, request=request,
            data={"team": team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=2)},
            m2m={"agents": [agent]},
        )  # fmt: skip

    steps = [
        (lambda: services.transition_request(request, "approve", by=admin), None),
        (plan, "Planifié"),
        (lambda: services.transition_work_order(holder["work"], "start", by=admin), "En cours"),
        (
            lambda: services.transition_work_order(
                holder["work"], "complete", by=admin, report="Lampe et starter changés", first_visit_fix=True
            ),
            "Réparé",
        ),
        (lambda: services.transition_work_order(holder["work"], "close", by=admin), None),
    ]
    expected = [f"Votre signalement {report.number} : Reçu"]
    for number, (action, public) in enumerate(steps, start=3):
        action()
        if public:
            expected.append(f"Votre signalement {report.number} : {public}")
        assert [subject for subject, _ in mails()] == expected  # a message at each public step, no other
        phone.goto(tracking)
        expect(phone.locator(".track-now")).to_contain_text(public or expected[-1].rsplit(" : ", 1)[1])
        browsing.shot(phone, f"{number}-{public or 'internal'}")
    holder["work"].refresh_from_db()
    assert holder["work"].state == "closed"
    assert Report.objects.get().status == PublicStatus.FIXED
    # the page lists every public step, the rating is offered, and still nothing internal is shown
    updates = phone.locator(".track-updates li")
    expect(updates).to_have_count(4)
    for label in ("Reçu", "Planifié", "En cours", "Réparé"):
        expect(phone.locator(".track-updates")).to_contain_text(label)
    expect(phone.get_by_role("main")).not_to_contain_text("Lampe et starter changés")  # the agent's internal report
    expect(phone.get_by_role("main")).not_to_contain_text(admin.get_full_name())
    assert not (violations := axe_violations(phone)), "\n".join(violations)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
