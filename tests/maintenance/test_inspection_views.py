"""Pages of the inspections: the catalogue's generated cases, recording with a report PDF, the one-click request
from an observation (and the request page saying where it came from), lifting, closed inspections."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regie.attachments.models import Attachment
from regie.core.permissions import Role
from regie.maintenance import inspection_services as services
from regie.maintenance.inspection_factories import InspectionFactory, InspectionTypeFactory
from regie.maintenance.models import Inspection, Observation
from tests.cases import HTMLRecordCases

TODAY = datetime.date.today()


class TestInspectionTypePages(HTMLRecordCases):
    resource, url_prefix, factory = "inspection", "maintenance:inspectiontype", InspectionTypeFactory
    form_data = {
        "code": "BUTS",
        "name": "Buts de handball",
        "asset_kind": "sports_ground",
        "periodicity": "12",
        "periodicity_unit": "months",
        "performer": "competent_technician",
        "alert_days": "30",
    }
    invalid_form_data = ({"periodicity": "0"}, "periodicity")


pytestmark = pytest.mark.django_db


def pdf_bytes():
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def test_record_an_inspection_with_its_report(site, client_for):
    web = client_for(site.manager)
    url = reverse("maintenance:inspection-create")
    assert web.get(url, {"asset": site.school.pk, "inspection_type": site.type("ERP-ELEC").pk}).status_code == 200
    response = web.post(
        url,
        {
            "asset": site.school.pk,
            "inspection_type": site.type("ERP-ELEC").pk,
            "inspected_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
            "inspector": "Socotec",
            "outcome": "with_observations",
            "report": SimpleUploadedFile("rapport.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("maintenance:inspection-detail", args=[inspection.pk])
    assert Attachment.objects.filter(object_id=inspection.pk).count() == 1
    page = web.get(response["Location"])
    assert "rapport.pdf" in page.content.decode()


def test_a_date_in_the_future_shows_the_error(site, client_for):
    response = client_for(site.manager).post(
        reverse("maintenance:inspection-create"),
        {
            "asset": site.school.pk,
            "inspection_type": site.type("ERP-ELEC").pk,
            "inspected_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "inspector": "Socotec",
            "outcome": "compliant",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["inspected_on"]
    assert not Inspection.objects.exists()


def test_observation_request_in_one_click_and_the_request_page_says_where_it_came_from(site, client_for):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    web = client_for(site.manager)
    detail = reverse("maintenance:inspection-detail", args=[inspection.pk])
    response = web.post(
        reverse("maintenance:inspection-observation-add", args=[inspection.pk]),
        {"text": "Bloc autonome hors service", "severity": "major"},
    )
    assert response.status_code == 302 and response["Location"] == detail
    observation = Observation.objects.get()
    response = web.post(reverse("maintenance:observation-request", args=[observation.pk]))
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.request is not None
    page = web.get(reverse("interventions:request-detail", args=[observation.request_id])).content.decode()
    assert "data-origin" in page and inspection.number in page and detail in page
    # twice: a message on the inspection's page, nothing more
    web.post(reverse("maintenance:observation-request", args=[observation.pk]))
    assert Observation.objects.get().request_id == observation.request_id


def test_lift_by_hand_closes_and_a_closed_inspection_refuses_observations(site, client_for):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    observation = services.add_observation(inspection, by=site.manager, text="Câblage", severity="minor")
    web = client_for(site.manager)
    refused = web.post(reverse("maintenance:observation-lift", args=[observation.pk]), {"note": ""})
    assert refused.status_code == 302  # the error as a message on the inspection's page
    observation.refresh_from_db()
    assert observation.lifted_at is None
    web.post(reverse("maintenance:observation-lift", args=[observation.pk]), {"note": "Repris par l'électricien"})
    inspection.refresh_from_db()
    assert not inspection.is_open
    response = web.post(
        reverse("maintenance:inspection-observation-add", args=[inspection.pk]),
        {"text": "Après coup", "severity": "minor"},
        follow=True,
    )
    assert "closed" in response.content.decode() or "clôtur" in response.content.decode()
    assert Observation.objects.count() == 1


def test_inspection_pages_query_counts(site, client_for, django_assert_max_num_queries):
    web = client_for(site.manager)
    InspectionFactory(organization=site.org, inspection_type=site.type("ERP-ELEC"), asset=site.school)
    web.get(reverse("maintenance:inspection-list"))
    with django_assert_max_num_queries(14) as few:
        web.get(reverse("maintenance:inspection-list"))
    for _ in range(5):
        InspectionFactory(organization=site.org, inspection_type=site.type("ERP-ELEC"), asset=site.school)
    with django_assert_max_num_queries(len(few)):
        web.get(reverse("maintenance:inspection-list"))
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    for n in range(3):
        services.add_observation(inspection, by=site.manager, text=f"Point {n}", severity="minor")
    url = reverse("maintenance:inspection-detail", args=[inspection.pk])
    web.get(url)
    with django_assert_max_num_queries(20) as few:
        web.get(url)
    for n in range(3):
        services.add_observation(inspection, by=site.manager, text=f"Autre {n}", severity="minor")
    with django_assert_max_num_queries(len(few)):
        web.get(url)


@pytest.mark.parametrize("role", list(Role))
def test_pages_follow_the_matrix(site, client_for, role):
    from regie.core.permissions import can
    from tests.cases import member

    web = client_for(member(site.org, role))
    for name in ("maintenance:compliance", "maintenance:inspection-list"):
        expected = 200 if can(role, "inspection.view") else 403
        assert web.get(reverse(name)).status_code == expected
    expected = 200 if can(role, "inspection.manage") else 403
    assert web.get(reverse("maintenance:inspection-create")).status_code == expected
