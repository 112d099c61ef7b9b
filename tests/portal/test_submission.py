"""Submitting a report: checks, routing between a body and its communes, photos, rate limits."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from regie.assets.models import OrganizationArea
from regie.attachments.models import Attachment
from regie.core.factories import OrganizationFactory
from regie.core.models import Organization
from regie.portal import throttle
from regie.portal.factories import CategoryQuestionFactory, ServiceCategoryFactory
from regie.portal.models import CategoryQuestion, PublicStatus, Report
from regie.portal.services.submission import Submission, submit_report
from tests.attachments.images import png, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def square(lat, lon, half=0.01):
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def area(org, lat, lon, half=0.01):
    return OrganizationArea.objects.create(
        organization=org, name=org.name, geometry=square(lat, lon, half),
        min_latitude=lat - half, max_latitude=lat + half, min_longitude=lon - half, max_longitude=lon + half,
        tolerance_m=100,
    )  # fmt: skip


@pytest.fixture
def body_and_communes():
    body = OrganizationFactory(kind=Organization.Kind.AGGLOMERATION, name="Agglo")
    a = OrganizationFactory(epci=body, name="Commune A")
    b = OrganizationFactory(epci=body, name="Commune B")
    area(body, 45.0, 5.0, half=0.1)
    area(a, 45.0, 4.95)
    area(b, 45.0, 5.05)
    return body, a, b


def test_a_report_by_address_only_stays_with_the_portal_that_received_it():
    org = OrganizationFactory()
    service = ServiceCategoryFactory(organization=org)
    report = submit_report(
        portal_organization=org,
        submission=Submission(category=service, description="Nid de poule", address="3 rue Haute"),
    )
    assert report.organization == org and report.received_by == org
    assert report.status == PublicStatus.RECEIVED and report.number.startswith("SIG-")
    assert list(report.updates.values_list("status", flat=True)) == [PublicStatus.RECEIVED]
    assert len(report.token) == 32


def test_a_service_the_body_handles_goes_to_the_body_from_a_member_commune(body_and_communes):
    body, a, _b = body_and_communes
    lighting = ServiceCategoryFactory(organization=body, serves_members=True)
    report = submit_report(
        portal_organization=a,
        submission=Submission(
            category=lighting, description="Éteint", latitude=Decimal("45.0"), longitude=Decimal("4.95")
        ),
    )
    assert report.organization == body and report.received_by == a


def test_a_commune_service_goes_to_the_commune_whose_area_holds_the_point(body_and_communes):
    _body, a, b = body_and_communes
    ours = ServiceCategoryFactory(organization=a, code="VOIRIE")
    theirs = ServiceCategoryFactory(organization=b, code="VOIRIE")
    report = submit_report(
        portal_organization=a,
        submission=Submission(category=ours, description="Trou", latitude=Decimal("45.0"), longitude=Decimal("5.05")),
    )
    assert report.organization == b and report.category == theirs


def test_a_boundary_changed_is_the_one_routing_reads_next(body_and_communes, django_assert_num_queries):
    """The parsed boundaries are kept per process by area, `updated_at` and box: a commune whose boundary moves is
    routed with the new one at once (and a kept boundary costs no read)."""
    from regie.portal.services.routing import areas_at

    _body, a, b = body_and_communes
    assert areas_at(45.0, 4.95)[0].organization == a
    with django_assert_num_queries(1):  # the candidates without their boundaries: the shapes are kept
        assert areas_at(45.0, 4.95)[0].organization == a
    moved = OrganizationArea.objects.get(organization=b)
    moved.geometry, moved.min_longitude, moved.max_longitude = square(45.0, 4.95, 0.005), 4.945, 4.955
    moved.save()  # commune B now covers the point, and is smaller than A: the first
    with django_assert_num_queries(2):  # B's new boundary read again
        assert areas_at(45.0, 4.95)[0].organization == b


def test_a_point_outside_every_area_is_refused_and_nothing_is_stored(body_and_communes):
    _body, a, _b = body_and_communes
    service = ServiceCategoryFactory(organization=a)
    with pytest.raises(ValidationError) as error:
        submit_report(
            portal_organization=a,
            submission=Submission(
                category=service, description="x", latitude=Decimal("48.8"), longitude=Decimal("2.3")
            ),
        )
    assert "latitude" in error.value.message_dict
    assert not Report.objects.exists()


def test_a_service_of_another_organization_is_refused():
    org, other = OrganizationFactory(), OrganizationFactory()
    with pytest.raises(ValidationError):
        submit_report(
            portal_organization=org,
            submission=Submission(category=ServiceCategoryFactory(organization=other), description="x", address="a"),
        )


def test_answers_are_checked_against_the_questions():
    org = OrganizationFactory()
    service = ServiceCategoryFactory(organization=org)
    CategoryQuestionFactory(
        category=service, code="flash", required=True, kind=CategoryQuestion.Kind.SINGLE,
        choices=[{"key": "yes", "name": "Oui"}, {"key": "no", "name": "Non"}],
    )  # fmt: skip
    base = {"category": service, "description": "x", "address": "a"}
    with pytest.raises(ValidationError) as error:
        submit_report(portal_organization=org, submission=Submission(**base, answers={"flash": "maybe"}))
    assert "attribute[flash]" in error.value.message_dict
    report = submit_report(portal_organization=org, submission=Submission(**base, answers={"flash": "yes"}))
    assert report.answers == {"flash": "yes"}


def png_upload():
    return upload("photo.png", png(), "image/png")


def test_photos_are_stored_on_the_report_without_an_uploader():
    org = OrganizationFactory()
    service = ServiceCategoryFactory(organization=org)
    report = submit_report(
        portal_organization=org,
        submission=Submission(category=service, description="x", address="a", photos=[png_upload()]),
    )
    photo = Attachment.objects.get(object_id=report.pk)
    assert photo.uploaded_by is None and photo.kind == "photo"


def test_more_than_three_photos_are_refused():
    org = OrganizationFactory()
    service = ServiceCategoryFactory(organization=org)
    with pytest.raises(ValidationError):
        submit_report(
            portal_organization=org,
            submission=Submission(
                category=service, description="x", address="a", photos=[png_upload() for _ in range(4)]
            ),
        )
    assert not Report.objects.exists()


def test_one_address_is_limited_per_hour():
    org = OrganizationFactory()
    service = ServiceCategoryFactory(organization=org)
    for _ in range(10):
        submit_report(
            portal_organization=org,
            submission=Submission(category=service, description="x", address="a"),
            client_address="203.0.113.9",
        )
    with pytest.raises(throttle.Throttled):
        submit_report(
            portal_organization=org,
            submission=Submission(category=service, description="x", address="a"),
            client_address="203.0.113.9",
        )
    assert Report.objects.count() == 10


def test_the_handling_organization_s_managers_are_notified_on_commit(make_member, django_capture_on_commit_callbacks):
    from regie.core.permissions import Role
    from regie.notifications.models import Notification

    org = OrganizationFactory()
    manager, admin = make_member(org, Role.MANAGER), make_member(org, Role.ADMIN)
    make_member(org, Role.AGENT)
    make_member(OrganizationFactory(), Role.MANAGER)
    service = ServiceCategoryFactory(organization=org)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(
            portal_organization=org,
            submission=Submission(category=service, description="Nid de poule", address="3 rue Haute"),
        )
    notes = Notification.objects.filter(kind="report_received", object_id=report.pk)
    assert {n.recipient for n in notes} == {manager, admin}
    assert all(report.number in n.title for n in notes)
