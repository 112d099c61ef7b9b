"""Files on requests and work orders: the parent's rule decides who sees and adds them, page and API alike."""

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from PIL import Image

from regie.attachments import registry
from regie.attachments.models import Attachment
from regie.attachments.selectors import attachments_for, visible_attachments
from regie.attachments.services import archive_attachment, attach_files
from regie.core.exceptions import Forbidden, NotFound
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions import services
from regie.people.factories import AgentFactory
from tests.interventions.conftest import Town
from tests.interventions.test_views import approved_request, planned_work_order

from .images import GPS_IFD, jpeg_with_gps, png, upload

pytestmark = pytest.mark.django_db
API = "/api/v1/attachments/"


@pytest.fixture
def work(town):
    req = approved_request(town)
    wo = planned_work_order(town, request=req)
    request_photo = attach_files(
        by=town.requester, organization=town.org, record=req, uploads=[upload("fuite.png", png())]
    )[0]
    return req, wo, request_photo


def body(response):
    return b"".join(response.streaming_content)


def test_core_of_attachments_names_no_app():
    import pathlib

    source = pathlib.Path(registry.__file__).parent
    for path in source.rglob("*.py"):
        text = path.read_text()
        assert "regie.interventions" not in text and "regie.people" not in text, f"{path} imports another app"


def test_assigned_agent_adds_before_and_after_photos(town, work):
    _req, wo, _photo = work
    before = attach_files(
        by=town.agent_user,
        organization=town.org,
        record=wo,
        uploads=[upload("avant.jpg", jpeg_with_gps())],
        stage="before",
    )[0]
    after = attach_files(
        by=town.agent_user,
        organization=town.org,
        record=wo,
        uploads=[upload("apres.jpg", jpeg_with_gps())],
        stage="after",
    )[0]
    assert [(a.stage, a.kind, a.mime) for a in (before, after)] == [
        ("before", "photo", "image/jpeg"),
        ("after", "photo", "image/jpeg"),
    ]
    stored = Image.open(before.file.open("rb"))
    assert not stored.getexif().get_ifd(GPS_IFD) and before.thumbnail
    events = AuditEvent.objects.filter(content_type__model="workorder", object_id=wo.pk)
    assert events.filter(changes__attachments__isnull=False).count() == 2


def test_an_agent_not_on_the_work_order_cannot_add_photos(town, work, make_member):
    _req, wo, _photo = work
    other = make_member(town.org, Role.AGENT)
    AgentFactory(organization=town.org, user=other)
    with pytest.raises(Forbidden):
        attach_files(by=other, organization=town.org, record=wo, uploads=[upload("x.png", png())], stage="before")
    with pytest.raises(NotFound):  # a requester does not even see work orders
        attach_files(by=town.requester, organization=town.org, record=wo, uploads=[upload("x.png", png())])
    assert not Attachment.objects.filter(object_id=wo.pk, content_type__model="workorder").exists()


def test_a_request_has_no_stage_and_a_closed_request_takes_no_file(town, work):
    req, _wo, _photo = work
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        attach_files(
            by=town.requester, organization=town.org, record=req, uploads=[upload("x.png", png())], stage="after"
        )


def test_work_order_page_shows_its_request_photos_and_the_stage_form(town, work, client_for):
    req, wo, request_photo = work
    attach_files(by=town.agent_user, organization=town.org, record=wo, uploads=[upload("a.png", png())], stage="after")
    page = client_for(town.agent_user).get(reverse("interventions:workorder-detail", args=[wo.pk]))
    html = page.content.decode()
    assert reverse("attachments:thumbnail", args=[request_photo.pk]) in html
    assert req.number in html and 'name="stage"' in html and 'data-stage="after"' in html
    # The request's page shows its own files and no stage.
    page = client_for(town.requester).get(reverse("interventions:request-detail", args=[req.pk]))
    assert reverse("attachments:file", args=[request_photo.pk]) in page.content.decode()
    assert 'name="stage"' not in page.content.decode()


def test_upload_through_the_page(town, work, client_for):
    _req, wo, _photo = work
    client = client_for(town.agent_user)
    ct = ContentType.objects.get_for_model(type(wo))
    url = reverse("attachments:upload", args=[ct.pk, wo.pk])
    response = client.post(url, {"files": [upload("avant.jpg", jpeg_with_gps())], "stage": "before"})
    assert response.status_code == 302 and response["Location"].endswith(f"/work-orders/{wo.pk}/#files")
    photo = attachments_for(wo, town.org, shown=False).get()
    assert photo.stage == "before"
    thumb = client.get(reverse("attachments:thumbnail", args=[photo.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body(thumb))).size[0] <= 320
    full = client.get(reverse("attachments:file", args=[photo.pk]))
    assert full["X-Content-Type-Options"] == "nosniff" and "sandbox" in full["Content-Security-Policy"]
    assert full["Content-Disposition"].startswith("inline")
    # A forged file: refused with its name, nothing stored.
    forged = upload("photo.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script>")
    response = client.post(url, {"files": [forged]}, follow=True)
    assert "photo.jpg" in response.content.decode()
    assert attachments_for(wo, town.org, shown=False).count() == 1


def test_photos_taken_with_the_camera_join_the_chosen_files(town, work, client_for):
    _req, wo, _photo = work
    client = client_for(town.agent_user)
    html = client.get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    assert re.search(r'<input type="file" name="camera" accept="image/\*" capture="environment"', html)
    url = reverse("attachments:upload", args=[ContentType.objects.get_for_model(type(wo)).pk, wo.pk])
    response = client.post(url, {"camera": [upload("apres.png", png())], "files": [upload("b.png", png())]})
    assert response.status_code == 302
    assert sorted(a.original_name for a in attachments_for(wo, town.org, shown=False)) == ["apres.png", "b.png"]
    # Neither input: refused, nothing stored; more than the limit over both inputs: refused too.
    response = client.post(url, {"stage": "after"}, follow=True)
    assert "Choisissez un fichier ou prenez une photo." in response.content.decode()  # the agent reads French
    many = {
        "camera": [upload(f"c{i}.png", png()) for i in range(6)],
        "files": [upload(f"f{i}.png", png()) for i in range(5)],
    }
    response = client.post(url, many, follow=True)
    assert "10 fichiers au maximum à la fois." in response.content.decode()
    assert attachments_for(wo, town.org, shown=False).count() == 2
    # A request (no stages) has one input, without capture: a requester may attach a PDF from the phone.
    page = client_for(town.requester).get(reverse("interventions:request-detail", args=[_req.pk]))
    assert 'name="camera"' not in page.content.decode() and 'name="files"' in page.content.decode()


def test_a_requester_who_cannot_see_a_work_order_cannot_fetch_its_photos(town, work, client_for, api_for):
    _req, wo, request_photo = work
    photo = attach_files(by=town.agent_user, organization=town.org, record=wo, uploads=[upload("a.png", png())])[0]
    web = client_for(town.requester)
    assert web.get(reverse("attachments:file", args=[photo.pk])).status_code == 404
    assert web.get(reverse("attachments:thumbnail", args=[photo.pk])).status_code == 404
    assert web.get(reverse("attachments:file", args=[request_photo.pk])).status_code == 200  # their request's
    api = api_for(town.requester)
    assert api.get(f"{API}{photo.pk}/").status_code == 404
    assert api.get(f"{API}{photo.pk}/download/").status_code == 404
    assert [a["id"] for a in api.get(API).json()["results"]] == [request_photo.pk]
    # The assigned agent sees both: the work order's photo and, through it, its request's.
    assert set(visible_attachments(town.org, town.agent_user.memberships.get()).values_list("pk", flat=True)) == {
        photo.pk,
        request_photo.pk,
    }


def test_another_organizations_attachment_is_404_on_page_and_api(town, work, org_b, make_member, client_for, api_for):
    _req, _wo, request_photo = work
    other_town = Town(org_b, make_member)
    for user in (other_town.admin, other_town.manager):
        web = client_for(user)
        for name in ("attachments:file", "attachments:thumbnail"):
            assert web.get(reverse(name, args=[request_photo.pk])).status_code == 404
        assert web.post(reverse("attachments:archive", args=[request_photo.pk])).status_code == 404
        ct = ContentType.objects.get_for_model(type(request_photo.record))
        response = web.post(reverse("attachments:upload", args=[ct.pk, request_photo.object_id]), {})
        assert response.status_code == 404
        api = api_for(user)
        assert api.get(f"{API}{request_photo.pk}/").status_code == 404
        assert api.get(f"{API}{request_photo.pk}/download/").status_code == 404
        assert api.get(API).json()["results"] == []
        response = api.post(
            API,
            {
                "record_type": "interventions.interventionrequest",
                "record_id": request_photo.object_id,
                "files": [upload("x.png", png())],
            },
            format="multipart",
        )
        assert response.status_code == 404
    assert Attachment.objects.count() == 1


def test_api_upload_list_and_archive(town, work, api_for):
    _req, wo, request_photo = work
    api = api_for(town.agent_user)
    response = api.post(
        API,
        {
            "record_type": "interventions.workorder",
            "record_id": wo.pk,
            "stage": "after",
            "files": [upload("apres.jpg", jpeg_with_gps())],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    created = response.json()[0]
    assert created["stage"] == "after" and created["content_type"] == "image/jpeg" and created["thumbnail_url"]
    listed = api.get(API, {"record_type": "interventions.workorder", "record_id": wo.pk}).json()["results"]
    assert [a["id"] for a in listed] == [created["id"]]
    assert api.get(API, {"record_type": "nothing.here"}).status_code == 400
    download = api.get(f"{API}{created['id']}/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert api.post(f"{API}{created['id']}/archive/", {}, format="json").status_code == 200
    assert api.get(f"{API}{created['id']}/").status_code == 404
    # the agent may not remove the requester's photo (they cannot add to the request)
    assert api.post(f"{API}{request_photo.pk}/archive/", {}, format="json").status_code == 403


def test_archive_needs_the_right_to_add(town, work):
    _req, _wo, request_photo = work
    with pytest.raises(Forbidden):
        archive_attachment(request_photo, by=town.agent_user, organization=town.org)
    archived = archive_attachment(request_photo, by=town.requester, organization=town.org)
    assert archived.archived_at is not None and not attachments_for(archived.record, town.org).exists()


def test_work_order_page_queries_do_not_grow_with_files(town, work, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _req, wo, _photo = work
    client = client_for(town.manager)
    url = reverse("interventions:workorder-detail", args=[wo.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for i in range(5):
        attach_files(by=town.manager, organization=town.org, record=wo, uploads=[upload(f"{i}.png", png())])
    with django_assert_max_num_queries(len(first)):
        client.get(url)


def test_request_created_with_files_stores_them(town):
    req, created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(), files=[upload("fuite.png", png())]
    )
    assert created and [a.original_name for a in attachments_for(req, town.org)] == ["fuite.png"]


def test_a_contractor_sees_the_request_photos_through_its_work_order_only(town, work, make_member, client_for):
    from regie.people.factories import ContractorFactory

    req, _wo, request_photo = work
    company = ContractorFactory(organization=town.org, name="Plomberie Martin")
    contractor = make_member(town.org, Role.CONTRACTOR, contractor=company)
    other_request = approved_request(town, title="Autre fuite")
    other_photo = attach_files(
        by=town.requester, organization=town.org, record=other_request, uploads=[upload("autre.png", png())]
    )[0]
    web = client_for(contractor)
    assert web.get(reverse("attachments:file", args=[request_photo.pk])).status_code == 404  # not theirs yet
    theirs = planned_work_order(town, request=req, execution="contractor", team=None, contractor=company)
    assert web.get(reverse("attachments:file", args=[request_photo.pk])).status_code == 200
    assert web.get(reverse("attachments:file", args=[other_photo.pk])).status_code == 404
    page = web.get(reverse("interventions:workorder-detail", args=[theirs.pk])).content.decode()
    assert reverse("attachments:thumbnail", args=[request_photo.pk]) in page
