"""The residents' tracking page: public data only, the token as the only key, its headers; the resident's actions
(not fixed within the delay, one rating 1–5, erasing their data), each audited and rate limited; the photos."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from regie.core.factories import OrganizationFactory, UserFactory
from regie.core.models import AuditEvent
from regie.portal.factories import CategoryQuestionFactory, PortalSettingsFactory, ReportFactory, ServiceCategoryFactory
from regie.portal.models import PublicStatus, Report, ReportFollower, ReportUpdate, Triage
from regie.portal.services import resident
from regie.portal.services.submission import Submission, submit_report
from tests.attachments.images import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db
P = PublicStatus


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org():
    return OrganizationFactory(name="Ville de Bourg", slug="bourg")


def url(report, name="track", *args):
    return reverse(f"public:{name}", args=[report.received_by.slug, report.token, *args])


def fixed(org, days_ago=3, **fields):
    ended = timezone.now() - timedelta(days=days_ago)
    return ReportFactory(organization=org, status=P.FIXED, triage=Triage.CONVERTED, ended_at=ended, **fields)


def test_the_page_shows_public_data_and_nothing_personal_nor_internal(client, org):
    staff = UserFactory(first_name="Gertrude", last_name="Internalname")
    question = CategoryQuestionFactory(category=ServiceCategoryFactory(organization=org, name="Éclairage"),
                                       label="Le lampadaire clignote-t-il ?")  # fmt: skip
    report = ReportFactory(
        organization=org, category=question.category, status=P.IN_PROGRESS, triage=Triage.CONVERTED,
        email="jeanne.habitante@example.net", name="Jeanne Habitante", phone="06 12 34 56 78",
        description="Lampadaire éteint depuis lundi", answers={question.code: "oui"}, supporters=3,
    )  # fmt: skip
    ReportUpdate.objects.create(organization=org, report=report, status=P.RECEIVED)
    ReportUpdate.objects.create(
        organization=org, report=report, status=P.IN_PROGRESS, text="Une équipe intervient mardi.", author=staff
    )
    response = client.get(url(report))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (report.number, "Éclairage", "Lampadaire éteint depuis lundi", "Une équipe intervient mardi.",
                  "Le lampadaire clignote-t-il ?", "oui", "1 place de la Mairie", "3 habitants"):  # fmt: skip
        assert shown in page, shown
    for hidden in ("jeanne.habitante@example.net", "Jeanne Habitante", "06 12 34 56 78", "Gertrude", "Internalname",
                   staff.username, staff.email):  # fmt: skip
        assert hidden not in page, hidden
    assert 'aria-current="step"' in page


def test_internal_comments_never_show(client, org):
    """What staff write for themselves (the audit trail's reasons, the triage state) is not on the page."""
    from regie.core import audit

    report = ReportFactory(organization=org, triage=Triage.CONVERTED, status=P.PLANNED)
    audit.record(report, action=audit.Action.UPDATE, by=None, reason="NOTE-INTERNE-SECRETE budget voirie")
    page = client.get(url(report)).content.decode()
    assert "NOTE-INTERNE-SECRETE" not in page and "Transformé" not in page


def test_headers_keep_the_token_private(client, org):
    response = client.get(url(ReportFactory(organization=org)))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # not "no-referrer": browsers would then POST the resident's forms with "Origin: null", refused by CSRF
    # (tests/browser/test_portal_tracking.py posts them)
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="robots" content="noindex, nofollow"' in response.content.decode()


def test_unknown_tokens_and_other_portals_are_404(client, org):
    report = ReportFactory(organization=org)
    for token in ("x" * 32, report.token[:-1], report.token + "a", "../" + report.token[3:], "a" * 300):
        assert client.get(f"/p/bourg/r/{token}/").status_code == 404
    other = OrganizationFactory(slug="ailleurs")
    assert client.get(reverse("public:track", args=[other.slug, report.token])).status_code == 404


def test_a_report_routed_to_the_agglomeration_is_followed_on_the_portal_that_received_it(client, org):
    agglo = OrganizationFactory(slug="agglo")
    report = ReportFactory(organization=agglo, received_by=org, category=ServiceCategoryFactory(organization=agglo))
    assert client.get(reverse("public:track", args=["bourg", report.token])).status_code == 200
    assert client.get(reverse("public:track", args=["agglo", report.token])).status_code == 404


def test_a_merged_report_shows_the_other_ones_number_and_status_never_its_token(client, org):
    main = ReportFactory(organization=org, status=P.PLANNED, triage=Triage.CONVERTED)
    duplicate = ReportFactory(organization=org, status=P.PLANNED, triage=Triage.MERGED, duplicate_of=main)
    page = client.get(url(duplicate)).content.decode()
    assert main.number in page and "Planifié" in page
    assert main.token not in page


def test_a_rejected_report_shows_its_public_reason(client, org):
    report = ReportFactory(organization=org, status=P.REJECTED, triage=Triage.REJECTED,
                           public_reason="Ce trottoir relève du département.")  # fmt: skip
    page = client.get(url(report)).content.decode()
    assert "Ce trottoir relève du département." in page and "Refusé" in page
    assert url(report, "track-rate") not in page and url(report, "track-not-fixed") not in page


def test_the_page_reads_in_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    report = fixed(org)
    for _ in range(5):
        ReportUpdate.objects.create(organization=org, report=report, status=P.IN_PROGRESS, text="Étape")
    CategoryQuestionFactory.create_batch(3, category=report.category)
    with django_assert_max_num_queries(8):
        assert client.get(url(report)).status_code == 200


# --- not fixed ----------------------------------------------------------------------------------------------


def test_not_fixed_within_the_delay_reopens_for_triage(client, org, django_capture_on_commit_callbacks):
    report = fixed(org, days_ago=10, email="jeanne@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(report, "track-not-fixed"), {"comment": "Toujours éteint le soir."})
    assert response.status_code == 302 and response["Location"].endswith("?done=reopened")
    report.refresh_from_db()
    assert (report.status, report.triage, report.reopened, report.ended_at) == (P.RECEIVED, Triage.NEW, 1, None)
    update = report.updates.get()
    assert update.by_resident and update.text == "Toujours éteint le soir." and update.author is None
    event = AuditEvent.objects.filter(object_id=report.pk, action="transition").get()
    assert event.actor is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jeanne@example.net"]
    page = client.get(response["Location"]).content.decode()
    assert "de nouveau" in page or "Merci" in page


def test_not_fixed_after_the_delay_is_refused_in_french(client, org):
    PortalSettingsFactory(organization=org, reopen_days=15)
    report = fixed(org, days_ago=16)
    response = client.post(url(report, "track-not-fixed"), {"comment": ""})
    assert response.status_code == 400
    assert "il y a plus de 15 jours" in response.content.decode()
    report.refresh_from_db()
    assert report.status == P.FIXED and report.reopened == 0


def test_not_fixed_while_open_is_refused(org):
    from django.core.exceptions import ValidationError

    report = ReportFactory(organization=org, status=P.IN_PROGRESS)
    with pytest.raises(ValidationError):
        resident.say_not_fixed(report=report)


def test_the_not_fixed_comment_is_bounded(client, org):
    report = fixed(org)
    response = client.post(url(report, "track-not-fixed"), {"comment": "x" * 2001})
    assert response.status_code == 400
    assert Report.objects.get(pk=report.pk).status == P.FIXED


# --- rating -------------------------------------------------------------------------------------------------


def test_a_fixed_report_is_rated_once(client, org):
    report = fixed(org)
    response = client.post(url(report, "track-rate"), {"rating": "4", "rating_comment": "Rapide, merci"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.rating, report.rating_comment) == (4, "Rapide, merci") and report.rated_at is not None
    again = client.post(url(report, "track-rate"), {"rating": "1"})
    assert again.status_code == 400 and "déjà" in again.content.decode()
    assert Report.objects.get(pk=report.pk).rating == 4


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "abc", "", "99999999999999999999"])
def test_ratings_are_1_to_5(client, org, value):
    report = fixed(org)
    response = client.post(url(report, "track-rate"), {"rating": value})
    assert response.status_code == 400
    assert "de 1 à 5" in response.content.decode()
    assert Report.objects.get(pk=report.pk).rating is None


def test_rating_is_refused_when_rejected_or_open(client, org):
    rejected = ReportFactory(organization=org, status=P.REJECTED, triage=Triage.REJECTED)
    still_open = ReportFactory(organization=org, status=P.PLANNED)
    for report in (rejected, still_open):
        assert client.post(url(report, "track-rate"), {"rating": "5"}).status_code == 400
        assert Report.objects.get(pk=report.pk).rating is None


def test_the_rating_comment_is_bounded(client, org):
    report = fixed(org)
    assert client.post(url(report, "track-rate"), {"rating": "3", "rating_comment": "x" * 2001}).status_code == 400


# --- erase --------------------------------------------------------------------------------------------------


def test_erase_asks_first_then_erases_the_personal_data_and_the_followers(client, org):
    report = ReportFactory(organization=org, email="jeanne@example.net", name="Jeanne", phone="0612345678")
    ReportFollower.objects.create(organization=org, report=report, email="voisin@example.net", supporter=True)
    confirm = client.get(url(report, "track-erase"))
    assert confirm.status_code == 200 and "Erase" not in confirm.content.decode()
    assert Report.objects.get(pk=report.pk).email == "jeanne@example.net"  # a GET changes nothing
    assert client.post(url(report, "track-erase"), {}).status_code == 400  # not confirmed
    response = client.post(url(report, "track-erase"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"].endswith("?done=erased")
    report.refresh_from_db()
    assert (report.email, report.name, report.phone) == ("", "", "") and report.anonymised_at is not None
    assert not ReportFollower.objects.filter(report=report).exists()
    event = AuditEvent.objects.filter(object_id=report.pk).latest("pk")
    assert "jeanne" not in str(event.changes).lower()
    page = client.get(response["Location"]).content.decode()
    assert "ne recevrez plus" in page


def test_no_message_after_erasing(org, django_capture_on_commit_callbacks):
    report = fixed(org, email="jeanne@example.net")
    resident.erase_personal_data(report=report)
    with django_capture_on_commit_callbacks(execute=True):
        resident.say_not_fixed(report=report)
    assert mail.outbox == []


# --- flood, CSRF, photos ------------------------------------------------------------------------------------


def test_a_flood_of_posts_from_one_address_is_refused(client, org):
    report = ReportFactory(organization=org)
    statuses = [client.post(url(report, "track-rate"), {"rating": "5"}).status_code for _ in range(25)]
    assert statuses[:20] == [400] * 20  # refused for its state, but counted
    assert set(statuses[20:]) == {429}


def test_the_forms_need_the_csrf_token(org):
    from django.test import Client

    report = fixed(org)
    response = Client(enforce_csrf_checks=True).post(url(report, "track-rate"), {"rating": "5"})
    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).rating is None


def test_photos_are_served_by_token_without_metadata_and_only_the_reports_own(client, org):
    service = ServiceCategoryFactory(organization=org)
    report = submit_report(
        portal_organization=org,
        submission=Submission(category=service, description="Trou", address="2 rue Basse",
                              photos=[upload("trou.jpg", jpeg_with_gps(), "image/jpeg")]),
    )  # fmt: skip
    other = submit_report(
        portal_organization=org,
        submission=Submission(category=service, description="Autre", address="3 rue Basse",
                              photos=[upload("autre.jpg", jpeg_with_gps(), "image/jpeg")]),
    )  # fmt: skip
    from regie.portal.public_selectors import report_photos

    photo = report_photos(report).get()
    other_photo = report_photos(other).get()
    page = client.get(url(report)).content.decode()
    assert url(report, "track-photo", photo.pk) in page
    response = client.get(url(report, "track-photo", photo.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert not image.getexif().get_ifd(0x8825) and 0x010F not in image.getexif()
    assert client.get(url(report, "track-photo", photo.pk) + "?size=thumbnail").status_code in (200, 404)
    assert client.get(url(report, "track-photo", other_photo.pk)).status_code == 404
    assert client.get(url(report, "track-photo", 10**9)).status_code == 404


def test_the_messages_link_to_the_portal_s_own_host_name(org, settings, django_capture_on_commit_callbacks):
    from regie.portal import middleware

    settings.REGIE_BASE_URL = "https://regie.example.org"
    service = ServiceCategoryFactory(organization=org)
    submission = Submission(category=service, description="Éteint", address="Place", email="jeanne@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(portal_organization=org, submission=submission)
    assert f"https://regie.example.org/p/bourg/r/{report.token}" in mail.outbox[0].body  # no host name: the path
    PortalSettingsFactory(organization=org, host_name="signalement.bourg.fr")
    middleware.forget_hosts()
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(portal_organization=org, submission=submission)
    body = mail.outbox[1].body
    assert f"https://signalement.bourg.fr/r/{report.token}" in body and "regie.example.org" not in body
