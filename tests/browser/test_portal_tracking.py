"""A resident follows their reports on a phone (390 × 844, touch): the tracking page of a report the staff fixed
(its steps and public updates), a rating of 4 with a comment; "not fixed" on another fixed report (it reopens);
erasing their data after the confirmation (the e-mail is gone). At desktop size, the public map shows the reports'
markers and the service filter narrows them. axe-core on the tracking page, the confirmation and the map. Tiles are
aborted (no tile server is reachable). Screenshots in test-artifacts/screenshots/."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE
from .test_mobile import no_axe_violation, no_horizontal_overflow
from .test_portal_report import TILES, _clean_cache  # noqa: F401 (an autouse fixture: the rate limits' cache)


@pytest.fixture
def town(transactional_db, make_member):
    """A commune with its request workflow's people (tests.interventions' Town), a street-light service and a
    road service on its portal."""
    from regie.core.factories import OrganizationFactory
    from regie.portal.factories import PortalSettingsFactory, ServiceCategoryFactory
    from tests.interventions.conftest import Town

    town = Town(OrganizationFactory(name="Ville de Bourg", slug="bourg"), make_member)
    PortalSettingsFactory(organization=town.org, reopen_days=30, map_fixed_days=30)
    town.lights = ServiceCategoryFactory(organization=town.org, code="ECL", name="Éclairage public",
                                         request_category=town.category)  # fmt: skip
    town.roads = ServiceCategoryFactory(organization=town.org, code="VOI", name="Voirie",
                                        request_category=town.category)  # fmt: skip
    return town


def report(town, service, n, **fields):
    from regie.portal.factories import ReportFactory

    return ReportFactory(
        organization=town.org, category=service, email="jeanne.habitante@example.org",
        description=f"Lampadaire éteint devant le n° {n} de la rue Haute",
        latitude=Decimal(f"{46.2000 + n // 3 * 0.01:.6f}"), longitude=Decimal(f"{5.2200 + n % 3 * 0.01:.6f}"),
        **fields,
    )  # fmt: skip


def fixed_by_staff(town, resident_report):
    """The staff's way: triage into a request, approval, a work order planned, started and completed (the public
    status follows: planned, in progress, fixed), and a public message on the report."""
    from regie.interventions import services
    from regie.portal.services import triage

    converted = triage.convert_to_request(resident_report, by=town.manager, title="Lampadaire éteint",
                                          category=town.category)  # fmt: skip
    services.transition_request(converted.request, "approve", by=town.manager)
    start = timezone.now() + datetime.timedelta(hours=1)
    work_order = services.create_work_order(
        by=town.manager, organization=town.org, request=converted.request,
        data={"team": town.team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=2)},
        m2m={"agents": [town.agent]},
    )  # fmt: skip
    services.transition_work_order(work_order, "start", by=town.agent_user)
    services.transition_work_order(work_order, "complete", by=town.agent_user, report="Lampe changée",
                                   first_visit_fix=True)  # fmt: skip
    converted.refresh_from_db()
    triage.post_public_update(converted, by=town.manager, text="La lampe a été changée ce matin. Merci !")
    converted.refresh_from_db()
    return converted


def track_url(resident_report, name="track"):
    return reverse(f"public:{name}", args=[resident_report.received_by.slug, resident_report.token])


def test_a_resident_follows_rates_reopens_and_erases_on_a_phone(browsing, town):
    from regie.portal.models import PublicStatus, Report, Triage

    rated = fixed_by_staff(town, report(town, town.lights, 1))
    reopened = fixed_by_staff(town, report(town, town.lights, 2))
    assert rated.status == reopened.status == PublicStatus.FIXED
    page = browsing.open(viewport=MOBILE, touch=True, bypass_csp=True)  # axe is injected as an inline script

    page.goto(track_url(rated))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signalement {rated.number}")
    steps = page.locator(".track-step")
    expect(steps).to_have_count(4)
    expect(page.locator('.track-step[aria-current="step"]')).to_contain_text("Réparé")
    expect(page.locator(".track-step-done")).to_have_count(3)
    updates = page.locator(".track-updates li")
    expect(updates.filter(has_text="Planifié")).to_have_count(1)
    expect(updates.filter(has_text="En cours")).to_have_count(1)
    expect(updates.filter(has_text="La lampe a été changée ce matin. Merci !")).to_have_count(1)
    assert "jeanne.habitante@example.org" not in page.content()
    no_horizontal_overflow(page, "the tracking page")
    browsing.shot(page, "fixed")
    no_axe_violation(page, "the tracking page")

    page.get_by_label("4", exact=True).check()
    page.get_by_label("Un commentaire (facultatif)").fill("Rapide et bien fait, merci.")
    page.get_by_role("button", name="Envoyer ma note").tap()
    page.wait_for_url(re.compile(r"\?done=rated$"))
    expect(page.get_by_role("status")).to_contain_text("Merci pour votre note")
    expect(page.locator(".track")).to_contain_text("Vous lui avez donné 4 sur 5")
    rated.refresh_from_db()
    assert (rated.rating, rated.rating_comment) == (4, "Rapide et bien fait, merci.")
    browsing.shot(page, "rated")

    page.goto(track_url(reopened))
    page.get_by_label("Qu’est-ce qui ne va toujours pas ? (facultatif)").fill("Il s’éteint encore le soir.")
    page.get_by_role("button", name="Ce n’est pas réparé").tap()
    page.wait_for_url(re.compile(r"\?done=reopened$"))
    expect(page.locator('.track-step[aria-current="step"]')).to_contain_text("Reçu")
    expect(page.locator(".track-updates li").last).to_contain_text("Il s’éteint encore le soir.")
    reopened.refresh_from_db()
    assert (reopened.status, reopened.triage, reopened.reopened) == (PublicStatus.RECEIVED, Triage.NEW, 1)
    no_horizontal_overflow(page, "the reopened report")
    browsing.shot(page, "reopened")

    page.get_by_role("link", name="Effacer mes données personnelles").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Effacer mes données personnelles")
    no_horizontal_overflow(page, "the erase confirmation")
    browsing.shot(page, "erase")
    no_axe_violation(page, "the erase confirmation")
    browsing.allow(r"HTTP 400 POST .*/erase/", r"/erase/: console error: .*status of 400")  # unticked, on purpose
    page.get_by_role("button", name="Effacer mes données").tap()
    expect(page.get_by_role("alert")).to_contain_text("Cochez la case")
    assert Report.objects.get(pk=reopened.pk).email == "jeanne.habitante@example.org"
    page.get_by_label(re.compile("Oui, effacer mon adresse e-mail")).check()
    page.get_by_role("button", name="Effacer mes données").tap()
    page.wait_for_url(re.compile(r"\?done=erased$"))
    expect(page.get_by_role("status")).to_contain_text("Vos données personnelles ont été effacées")
    reopened.refresh_from_db()
    assert reopened.email == "" and reopened.anonymised_at is not None
    browsing.shot(page, "erased")


def test_the_public_map_shows_the_reports_and_filters_by_service(browsing, town):
    from regie.portal.models import PublicStatus

    for n in range(4):
        report(town, town.lights, n)
    for n in range(4, 7):
        report(town, town.roads, n, status=PublicStatus.PLANNED)
    report(town, town.roads, 7, status=PublicStatus.FIXED, ended_at=timezone.now() - datetime.timedelta(days=2))
    page = browsing.open(viewport=DESKTOP, bypass_csp=True)
    browsing.allow(r"ERR_FAILED", r"tile\.openstreetmap\.org")  # the aborted tiles
    page.route(TILES, lambda route: route.abort())
    page.goto(reverse("public:map", args=["bourg"]))
    element = page.locator("#portal-map")
    expect(element).to_have_attribute("data-total", "8")
    expect(page.locator("#portal-map-status")).to_contain_text("8 signalements sur la carte")
    expect(page.locator(".portal-list tbody tr")).to_have_count(8)
    expect(page.locator(".report-marker")).to_have_count(8)  # a grid, 1 km apart: no cluster
    expect(page.locator(".report-marker-planned")).to_have_count(3)
    browsing.shot(page, "map")
    no_axe_violation(page, "the public map")

    page.get_by_label("Éclairage public").check()
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url(re.compile(r"service=ECL"))
    expect(element).to_have_attribute("data-total", "4")
    expect(page.locator(".report-marker")).to_have_count(4)
    expect(page.locator(".report-marker-planned, .report-marker-fixed")).to_have_count(0)
    expect(page.locator(".portal-list tbody tr")).to_have_count(4)
    expect(page.locator(".portal-list")).not_to_contain_text("Voirie")
    browsing.shot(page, "map-filtered")
