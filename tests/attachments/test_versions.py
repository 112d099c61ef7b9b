"""Versions of a document: a new version replaces one file of the same record, the earlier ones stay downloadable."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regie.attachments.models import Attachment
from regie.attachments.services import attach_files
from regie.core.exceptions import Conflict

from .images import pdf, png, upload
from .test_records import work  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
API = "/api/v1/attachments/"


def plan(town, wo, name="plan.pdf", replaces=None):
    return attach_files(
        by=town.manager, organization=town.org, record=wo, uploads=[upload(name, pdf())], replaces=replaces
    )[0]


def test_a_new_version_replaces_the_shown_file_and_keeps_the_earlier(town, work, client_for):  # noqa: F811
    _req, wo, _photo = work
    first = plan(town, wo)
    second = plan(town, wo, "plan-v2.pdf", replaces=first)
    assert (second.version, second.previous_id) == (2, first.pk)
    page = client_for(town.manager).get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    assert f'data-attachment="{second.pk}"' in page and f'data-attachment="{first.pk}"' not in page
    assert reverse("attachments:file", args=[first.pk]) in page  # listed under the earlier versions
    with pytest.raises(Conflict):
        plan(town, wo, "plan-v2-bis.pdf", replaces=first)  # someone already sent version 2


def test_a_version_is_one_file_of_the_same_record_and_kind(town, work):  # noqa: F811
    _req, wo, request_photo = work
    first = plan(town, wo)
    with pytest.raises(ValidationError):
        attach_files(
            by=town.manager,
            organization=town.org,
            record=wo,
            uploads=[upload("a.pdf", pdf()), upload("b.pdf", pdf())],
            replaces=first,
        )
    with pytest.raises(ValidationError):
        plan(town, wo, replaces=request_photo)  # a file of another record
    with pytest.raises(ValidationError):
        attach_files(
            by=town.manager, organization=town.org, record=wo, uploads=[upload("p.png", png())], replaces=first
        )
    assert Attachment.objects.filter(previous=first).count() == 0


def test_the_page_form_and_the_api_send_new_versions(town, work, client_for, api_for):  # noqa: F811
    _req, wo, _photo = work
    first = plan(town, wo)
    url = reverse("attachments:upload", args=[first.content_type_id, wo.pk])
    client_for(town.manager).post(url, {"replaces": first.pk, "files": upload("plan-v2.pdf", pdf())})
    second = Attachment.objects.get(previous=first)
    response = api_for(town.manager).post(
        API,
        {
            "record_type": "interventions.workorder",
            "record_id": wo.pk,
            "replaces": second.pk,
            "files": [upload("plan-v3.pdf", pdf())],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()[0]["version"] == 3 and response.json()[0]["previous"] == second.pk
