"""HTML pages of the interventions app: who sees which page, the request form (photos, duplicate hint),
workflow buttons, work order tools (checklist, assignment help, time, costs), the costs page,
and the rules that hold everywhere (no GET writes, bounded queries on lists)."""

import datetime
import io
import re
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from regie.attachments.models import Attachment
from regie.attachments.selectors import attachments_for
from regie.attachments.services import attach_files
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.factories import CostCodeFactory
from regie.interventions.models import InterventionRequest, WorkOrder
from regie.notifications.models import Notification
from regie.people.factories import AgentFactory, ContractorFactory

from .checklist_support import boiler_check

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def png_bytes(width=8, height=6, rgb=(11, 79, 138)):
    """A real (tiny) PNG image."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def file_request(town, by=None, **overrides):
    obj, _created = services.create_request(
        by=by or town.requester, organization=town.org, data=town.request_data(**overrides)
    )
    return obj


def approved_request(town, **overrides):
    req = file_request(town, **overrides)
    services.transition_request(req, "validate", by=town.head)
    return services.transition_request(req, "approve", by=town.manager)


def planned_work_order(town, request=None, **data):
    start = timezone.now() + datetime.timedelta(days=1)
    in_house = data.get("execution", "in_house") == "in_house"
    data = {"team": town.team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=3), **data}
    if request is None:
        data.setdefault("title", "Réparation urgente")
        data.setdefault("category", town.category)
        data.setdefault("priority", town.priorities[0])
    return services.create_work_order(
        by=town.manager,
        organization=town.org,
        request=request,
        data=data,
        m2m={"agents": [town.agent] if in_house else [], "required_skills": [town.plumbing]},
        tasks=["Couper l'eau", "Changer le joint"],
    )


@pytest.fixture
def web(client_for):
    return client_for


@pytest.fixture
def contractor_user(town, make_member):
    town.company = ContractorFactory(organization=town.org, name="Plomberie Martin")
    return make_member(town.org, Role.CONTRACTOR, contractor=town.company)


# --- who sees which page ----------------------------------------------------------------------------------


ROLES = ("requester", "head", "manager", "agent_user", "admin")


@pytest.mark.parametrize(
    ("url_name", "allowed", "refused"),
    [
        ("interventions:request-list", (*ROLES, "elected"), ("contractor",)),
        ("interventions:request-create", ROLES, ("elected", "contractor")),
        ("interventions:workorder-list", ("manager", "agent_user", "admin", "elected", "contractor"), ("requester",)),
        ("interventions:workorder-create", ("manager", "admin"), ("requester", "head", "agent_user", "contractor")),
        ("interventions:cost-summary", ("head", "manager", "admin", "elected"), ("requester", "agent_user")),
    ],
)
def test_pages_by_role(town, web, make_member, contractor_user, url_name, allowed, refused):
    town.elected = make_member(town.org, Role.ELECTED)
    town.contractor = contractor_user
    url = reverse(url_name)
    for role in allowed:
        response = web(getattr(town, role)).get(url)
        assert response.status_code == 200, (role, url)
        assert "<html" in response.content.decode()
    for role in refused:
        assert web(getattr(town, role)).get(url).status_code == 403, (role, url)


def test_request_pages_follow_visibility(town, web, make_member, contractor_user):
    req = file_request(town)
    other_requester = make_member(town.org, Role.REQUESTER, department=town.works)
    detail = reverse("interventions:request-detail", args=[req.pk])
    for user in (town.requester, town.head, town.manager, town.agent_user, town.admin):
        assert web(user).get(detail).status_code == 200
    assert web(other_requester).get(detail).status_code == 404  # another department's request
    assert web(contractor_user).get(detail).status_code == 403
    assert web(town.requester).get(reverse("interventions:request-detail", args=[req.pk + 999])).status_code == 404


def test_request_of_another_organization_is_not_found(town, web, org_b, make_member):
    req = file_request(town)
    admin_b = make_member(org_b, Role.ADMIN)
    for name in ("request-detail", "request-update", "request-workorder-create"):
        assert web(admin_b).get(reverse(f"interventions:{name}", args=[req.pk])).status_code == 404
    response = web(admin_b).post(reverse("interventions:request-transition", args=[req.pk]), {"step": "approve"})
    assert response.status_code == 404
    req.refresh_from_db()
    assert req.state == "submitted"


def test_contractors_see_only_their_work_orders(town, web, contractor_user):
    ours = planned_work_order(town, execution="contractor", team=None, contractor=town.company)
    in_house = planned_work_order(town)
    client = web(contractor_user)
    listing = client.get(reverse("interventions:workorder-list"))
    assert [wo.pk for wo in listing.context["page"].rows] == [ours.pk]
    assert client.get(reverse("interventions:workorder-detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("interventions:workorder-detail", args=[in_house.pk])).status_code == 404


# --- request list -----------------------------------------------------------------------------------------


def test_request_list_filters_search_sort_and_partial(town, web):
    leak = file_request(town, title="Fuite cuisine")
    bulb = file_request(town, title="Ampoule grillée", priority=town.priorities[0])
    services.transition_request(bulb, "validate", by=town.head)
    client = web(town.manager)
    url = reverse("interventions:request-list")

    def numbers(response):
        return [r.number for r in response.context["page"].rows]

    assert numbers(client.get(url)) == [bulb.number, leak.number]
    assert numbers(client.get(url, {"q": "fuite"})) == [leak.number]
    assert numbers(client.get(url, {"state": "validated"})) == [bulb.number]
    assert numbers(client.get(url, {"group": "waiting_validation"})) == [bulb.number, leak.number]
    assert numbers(client.get(url, {"priority": town.priorities[0].pk})) == [bulb.number]
    assert numbers(client.get(url, {"sort": "priority__rank"})) == [bulb.number, leak.number]
    assert numbers(client.get(url, {"sort": "-priority__rank"})) == [leak.number, bulb.number]
    InterventionRequest.objects.filter(pk=leak.pk).update(resolution_due_at=timezone.now() - datetime.timedelta(days=1))
    response = client.get(url, {"overdue": "on"})
    assert numbers(response) == [leak.number]
    partial = client.get(url, {"q": "fuite"}, **HTMX)
    body = partial.content.decode()
    assert "<html" not in body and leak.number in body and "overdue" in body.lower()


def test_requesters_list_shows_their_department_only(town, web, make_member):
    mine = file_request(town)
    other = make_member(town.org, Role.REQUESTER, department=town.works)
    file_request(town, by=other)
    response = web(town.requester).get(reverse("interventions:request-list"))
    assert [r.pk for r in response.context["page"].rows] == [mine.pk]
    assert "department" not in response.context["filterset"].form.fields


@pytest.mark.parametrize("url_name", ["interventions:request-list", "interventions:workorder-list"])
def test_list_query_count_does_not_grow(town, web, url_name, django_assert_max_num_queries):
    client = web(town.manager)

    def populate(n):
        for i in range(n):
            req = approved_request(town, title=f"Demande {i}")
            planned_work_order(town, request=req)

    populate(3)
    client.get(reverse(url_name))  # warm the caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    populate(12)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse(url_name))
    assert len(response.context["page"].rows) == 15


def test_work_order_list_filters(town, web, contractor_user):
    now = timezone.now()
    soon = planned_work_order(town)  # tomorrow
    later = planned_work_order(
        town, planned_start=now + datetime.timedelta(days=10), planned_end=now + datetime.timedelta(days=10, hours=2)
    )
    company = planned_work_order(town, execution="contractor", team=None, contractor=town.company)
    late = planned_work_order(
        town, planned_start=now - datetime.timedelta(days=3), planned_end=now - datetime.timedelta(days=2)
    )
    client = web(town.manager)
    url = reverse("interventions:workorder-list")

    def found(**params):
        return {wo.pk for wo in client.get(url, params).context["page"].rows}

    assert found() == {soon.pk, later.pk, company.pk, late.pk}
    assert found(contractor=town.company.pk) == {company.pk}
    assert found(agent=town.agent.pk) == {soon.pk, later.pk, late.pk}
    assert found(team=town.team.pk) == {soon.pk, later.pk, late.pk}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert found(planned_from=tomorrow, planned_to=tomorrow) == {soon.pk, company.pk}
    assert found(overdue="on") == {late.pk}
    assert found(group="finished") == set()
    services.transition_work_order(soon, "cancel", by=town.manager, reason="Doublon")
    assert found(group="open") == {later.pk, company.pk, late.pk}
    partial = client.get(url, {"contractor": town.company.pk}, **HTMX).content.decode()
    assert "<html" not in partial and company.number in partial and "Plomberie Martin" in partial


# --- filing a request ---------------------------------------------------------------------------------------


def request_post(town, **overrides):
    data = {
        "title": "Fuite sous l'évier",
        "description": "De l'eau coule sous l'évier de la cuisine.",
        "category": town.category.pk,
        "priority": town.priorities[2].pk,
        "location": "École Jules-Ferry, cuisine",
        "desired_date": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_requester_files_a_request_with_a_photo(town, web):
    client = web(town.requester)
    form = client.get(reverse("interventions:request-create")).context["form"]
    assert form.fields["department"].disabled and form.fields["department"].initial == town.school.pk
    photo = SimpleUploadedFile("fuite.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("interventions:request-create"), request_post(town, files=[photo]))
    assert response.status_code == 302
    req = InterventionRequest.objects.get()
    assert response["Location"] == reverse("interventions:request-detail", args=[req.pk])
    assert req.state == "submitted" and req.department == town.school and req.requester == town.requester
    attachment = attachments_for(req, town.org).get()
    assert attachment.mime == "image/png" and attachment.original_name == "fuite.png"

    page = client.get(response["Location"])
    file_url = reverse("attachments:file", args=[attachment.pk])
    assert file_url in page.content.decode() and "/media/" not in page.content.decode()
    download = client.get(file_url)
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(download.streaming_content))).size == (8, 6)  # re-encoded


def test_a_photo_chosen_before_a_validation_error_is_kept(town, web):
    client, url = web(town.requester), reverse("interventions:request-create")
    photo = SimpleUploadedFile("fuite.png", png_bytes(), content_type="image/png")
    refused = client.post(url, request_post(town, title="", files=[photo]))
    assert refused.status_code == 400 and "title" in refused.context["form"].errors
    html = refused.content.decode()
    tokens = re.findall(r'<input type="hidden" name="kept_files" value="([^"]+)">fuite.png', html)
    assert len(tokens) == 1 and not InterventionRequest.objects.exists()
    # Another member cannot take it (the token is this person's), nor can a forged token.
    other = web(town.head).post(url, request_post(town, kept_files=[tokens[0], tokens[0] + "x"]))
    assert other.status_code == 302 and not attachments_for(InterventionRequest.objects.get(), town.org).exists()
    # Refused again (another field): still kept, under a new token.
    again = client.post(url, request_post(town, title="", kept_files=tokens))
    tokens = re.findall(r'name="kept_files" value="([^"]+)">fuite.png', again.content.decode())
    assert again.status_code == 400 and len(tokens) == 1
    # Fixed and sent with a second photo: both stored, the kept one first; its token is spent.
    second = SimpleUploadedFile("joint.png", png_bytes(), content_type="image/png")
    sent = client.post(url, request_post(town, title="Fuite", kept_files=tokens, files=[second]))
    assert sent.status_code == 302
    req = InterventionRequest.objects.get(title="Fuite")
    stored = attachments_for(req, town.org).order_by("pk")
    assert [a.original_name for a in stored] == ["fuite.png", "joint.png"] and stored[0].mime == "image/png"
    client.post(url, request_post(town, title="Fuite bis", kept_files=tokens))
    assert not attachments_for(InterventionRequest.objects.get(title="Fuite bis"), town.org).exists()


def test_bad_file_is_refused_and_nothing_is_written(town, web, settings):
    client = web(town.requester)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    good = SimpleUploadedFile("ok.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("interventions:request-create"), request_post(town, files=[good, fake]))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "files" in errors and "photo.png" in errors["files"][0]
    assert not InterventionRequest.objects.exists() and not Attachment.objects.exists()
    assert not AuditEvent.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_draft_then_submit_and_edit(town, web):
    client = web(town.requester)
    response = client.post(reverse("interventions:request-create"), request_post(town, action="draft"))
    req = InterventionRequest.objects.get()
    assert response.status_code == 302 and req.state == "draft"
    edit = reverse("interventions:request-update", args=[req.pk])
    form = client.get(edit).context["form"]
    version = form["version"].value()
    data = request_post(town, title="Fuite sous l'évier (urgent)", version=version)
    assert client.post(edit, data).status_code == 302
    req.refresh_from_db()
    assert req.title == "Fuite sous l'évier (urgent)"
    # Someone saved it meanwhile: the form's version is stale and the change is refused.
    InterventionRequest.objects.filter(pk=req.pk).update(updated_at=req.updated_at + datetime.timedelta(minutes=1))
    stale = client.post(edit, request_post(town, title="Autre titre", version=version))
    assert stale.status_code == 400 and stale.context["form"].non_field_errors()
    step = client.post(reverse("interventions:request-transition", args=[req.pk]), {"step": "submit"})
    assert step.status_code == 302
    req.refresh_from_db()
    assert req.state == "submitted" and req.title == "Fuite sous l'évier (urgent)"


def test_double_submission_files_one_request(town, web):
    client = web(town.requester)
    key = client.get(reverse("interventions:request-create")).context["form"]["idempotency_key"].value()
    for _attempt in range(2):
        client.post(reverse("interventions:request-create"), request_post(town, idempotency_key=key))
    assert InterventionRequest.objects.count() == 1


def test_duplicate_hint_shows_the_open_request(town, web):
    existing = file_request(town, location="École Jules-Ferry — Cuisine")
    closed = file_request(town, title="Ancienne fuite")
    services.transition_request(closed, "cancel", by=town.requester, reason="doublon")
    client = web(town.requester)
    url = reverse("interventions:request-duplicates")
    response = client.get(url, {"location": "ecole jules ferry, cuisine", "category": town.category.pk}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert existing.number in body and closed.number not in body
    assert reverse("interventions:request-detail", args=[existing.pk]) in body
    assert client.get(url, {"location": "Mairie", "category": town.category.pk}).content.decode().strip() == ""
    assert client.get(url, {"location": existing.location, "category": "x"}).content.decode().strip() == ""
    form_page = client.get(reverse("interventions:request-create")).content.decode()
    assert url in form_page and 'hx-trigger="change from:#id_location' in form_page


# --- workflow buttons ---------------------------------------------------------------------------------------


def step(client, obj, name, **data):
    kind = "request" if isinstance(obj, InterventionRequest) else "workorder"
    return client.post(reverse(f"interventions:{kind}-transition", args=[obj.pk]), {"step": name, **data})


def test_request_buttons_follow_the_workflow(town, web):
    req = file_request(town)
    detail = reverse("interventions:request-detail", args=[req.pk])
    head_page = web(town.head).get(detail)
    assert [t.name for t, _form in head_page.context["actions"]] == ["validate", "reject", "cancel"]
    assert 'name="step" value="validate"' in head_page.content.decode()
    assert [t.name for t, _form in web(town.manager).get(detail).context["actions"]] == ["cancel"]

    assert step(web(town.head), req, "validate").status_code == 302
    req.refresh_from_db()
    assert req.state == "validated"
    assert step(web(town.manager), req, "approve").status_code == 302
    req.refresh_from_db()
    assert req.state == "approved"
    page = web(town.manager).get(detail)
    assert page.context["can_create_work_order"]
    assert reverse("interventions:request-workorder-create", args=[req.pk]) in page.content.decode()


def test_reject_needs_a_reason_shown_on_the_field(town, web):
    req = file_request(town)
    response = step(web(town.head), req, "reject", **{"reject-reason": ""})
    assert response.status_code == 400
    form = {t.name: f for t, f in response.context["actions"]}["reject"]
    assert "reason" in form.errors
    assert 'aria-describedby="id_reject-reason_error"' in response.content.decode()
    req.refresh_from_db()
    assert req.state == "submitted"
    assert step(web(town.head), req, "reject", **{"reject-reason": "Pas prioritaire"}).status_code == 302
    req.refresh_from_db()
    assert req.state == "rejected" and req.last_reason == "Pas prioritaire"
    timeline = web(town.requester).get(reverse("interventions:request-detail", args=[req.pk])).content.decode()
    assert "Pas prioritaire" in timeline


def test_refused_step_is_a_message_not_a_change(town, web):
    req = file_request(town)
    client = web(town.requester)
    response = step(client, req, "approve")
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == "submitted"
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    stale = step(web(town.head), req, "validate", expected_state="draft")
    assert stale.status_code == 302
    req.refresh_from_db()
    assert req.state == "submitted"


def test_close_asks_for_a_rating(town, web):
    req = approved_request(town)
    wo = planned_work_order(town, request=req)
    for name in ("start", "complete"):
        services.transition_work_order(wo, name, by=town.agent_user, report="Fait", first_visit_fix=True)
    req.refresh_from_db()
    assert req.state == "done"
    client = web(town.requester)
    page = client.get(reverse("interventions:request-detail", args=[req.pk]))
    close_form = {t.name: f for t, f in page.context["actions"]}["close"]
    assert "rating" in close_form.fields
    body = page.content.decode()
    assert "<legend>" in body and 'type="radio" name="close-rating" value="5"' in body
    assert step(client, req, "close").status_code == 400
    assert step(client, req, "close", **{"close-rating": "5", "close-comment": "Merci"}).status_code == 302
    req.refresh_from_db()
    assert req.state == "closed" and req.satisfaction == 5 and req.satisfaction_comment == "Merci"


def test_edit_page_only_for_the_requester_before_validation(town, web):
    req = file_request(town)
    edit = reverse("interventions:request-update", args=[req.pk])
    assert web(town.head).get(edit).status_code == 302  # a department head does not rewrite the request
    refused = web(town.head).post(edit, request_post(town, title="Autre"))
    assert refused.status_code == 400 and refused.context["form"].non_field_errors()
    services.transition_request(req, "validate", by=town.head)
    assert web(town.requester).get(edit).status_code == 302
    assert web(town.manager).get(edit).status_code == 200
    req.refresh_from_db()
    assert req.title == "Fuite sous l'évier"


# --- work orders ---------------------------------------------------------------------------------------------


def work_order_post(town, **overrides):
    start = timezone.localtime() + datetime.timedelta(days=2)
    data = {
        "title": "Changer le joint",
        "kind": "corrective",
        "category": town.category.pk,
        "priority": town.priorities[2].pk,
        "execution": "in_house",
        "team": town.team.pk,
        "agents": [town.agent.pk],
        "required_skills": [town.plumbing.pk],
        "planned_start": start.strftime("%Y-%m-%dT08:00"),
        "planned_end": start.strftime("%Y-%m-%dT11:00"),
        "estimated_hours": "3",
        "tasks": "Couper l'eau\nChanger le joint\n",
    }
    data.update(overrides)
    return data


def test_work_order_from_a_request_is_prefilled_and_planned(town, web):
    req = approved_request(town, cost_code=CostCodeFactory(organization=town.org))
    client = web(town.manager)
    url = reverse("interventions:request-workorder-create", args=[req.pk])
    form = client.get(url).context["form"]
    assert form["title"].value() == req.title and form["category"].value() == town.category.pk
    assert form["required_skills"].value() == [town.plumbing.pk]
    response = client.post(url, work_order_post(town, title=req.title))
    assert response.status_code == 302
    wo = WorkOrder.objects.get()
    assert wo.request == req and wo.state == "planned" and wo.cost_code == req.cost_code
    assert list(wo.agents.all()) == [town.agent] and wo.tasks.count() == 2
    assert wo.planned_start.astimezone(timezone.get_current_timezone()).hour == 8
    req.refresh_from_db()
    assert req.state == "planned"


def test_work_order_only_from_approved_requests(town, web):
    req = file_request(town)
    client = web(town.manager)
    url = reverse("interventions:request-workorder-create", args=[req.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, work_order_post(town))
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not WorkOrder.objects.exists()


def test_direct_work_order_with_contractor_rules(town, web, contractor_user):
    client = web(town.manager)
    url = reverse("interventions:workorder-create")
    wrong = client.post(url, work_order_post(town, execution="contractor", contractor=""))
    assert wrong.status_code == 400 and "contractor" in wrong.context["form"].errors
    ok = client.post(url, work_order_post(town, execution="contractor", contractor=town.company.pk, team="", agents=[]))
    assert ok.status_code == 302
    wo = WorkOrder.objects.get()
    assert wo.execution == "contractor" and wo.request is None and wo.contractor == town.company


def test_agent_records_time_and_completes_with_a_report(town, web):
    req = approved_request(town)
    wo = planned_work_order(town, request=req)
    client = web(town.agent_user)
    detail = reverse("interventions:workorder-detail", args=[wo.pk])
    page = client.get(detail)
    assert [t.name for t, _f in page.context["actions"]] == ["start", "hold"]
    assert list(page.context["time_form"].fields["agent"].queryset) == [town.agent]  # agents: themselves only
    assert step(client, wo, "start").status_code == 302
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("interventions:workorder-time", args=[wo.pk]),
        {"time-agent": town.agent.pk, "time-date": today, "time-hours": "2.5", "time-note": "Joint changé"},
    )
    assert response.status_code == 302
    wo.refresh_from_db()
    assert wo.hours == Decimal("2.50") and wo.labour_cost == Decimal("88.75")
    bad = client.post(
        reverse("interventions:workorder-time", args=[wo.pk]),
        {"time-agent": town.agent.pk, "time-date": today, "time-hours": "30"},
    )
    assert bad.status_code == 400 and "hours" in bad.context["time_form"].errors

    missing = step(client, wo, "complete", **{"complete-report": ""})
    assert missing.status_code == 400
    form = {t.name: f for t, f in missing.context["actions"]}["complete"]
    assert {"report", "first_visit_fix"} <= set(form.errors)
    done = step(client, wo, "complete", **{"complete-report": "Joint remplacé", "complete-first_visit_fix": "yes"})
    assert done.status_code == 302
    wo.refresh_from_db()
    assert wo.state == "done" and wo.first_visit_fix is True and wo.follow_up_needed is False
    assert step(web(town.manager), wo, "close").status_code == 302
    req.refresh_from_db()
    assert req.state == "done" and req.labour_cost == Decimal("88.75")
    page = web(town.requester).get(reverse("interventions:request-detail", args=[req.pk])).content.decode()
    assert "88,75\xa0€" not in page and "Joint remplacé" in page  # a requester sees hours, not money
    head_page = web(town.head).get(reverse("interventions:request-detail", args=[req.pk])).content.decode()
    assert "88,75\xa0€" in head_page  # the head of the requesting department sees what it cost


def test_checklist_ticks_through_htmx(town, web):
    wo = planned_work_order(town)
    task = wo.tasks.first()
    client = web(town.agent_user)
    url = reverse("interventions:workorder-task", args=[wo.pk, task.pk])
    response = client.post(url, {"done": "1"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "checked" in body and f"task-{task.pk}" in body
    task.refresh_from_db()
    assert task.done
    assert client.post(url, {}).status_code == 302  # without JavaScript: back to the page
    task.refresh_from_db()
    assert not task.done
    outsider = web(town.requester)
    assert outsider.post(url, {"done": "1"}).status_code == 403


def test_refused_tick_through_htmx_is_the_line_with_its_reason(town, web):
    """The reported bug: a refused tick answered 302 + HX-Redirect, which htmx followed, swapping the whole
    work-order page into the checklist line. Now htmx gets the line alone (422, swapped), as it now is."""
    wo = planned_work_order(town)
    task = wo.tasks.first()
    services.transition_work_order(wo, "cancel", by=town.manager, reason="Fait par le gardien")
    client = web(town.agent_user)
    url = reverse("interventions:workorder-task", args=[wo.pk, task.pk])
    response = client.post(url, {"done": "1"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422 and not any(name.startswith("HX-") for name in response.headers)
    assert "<html" not in body and body.startswith(f'<li class="task" id="task-{task.pk}">')
    assert "cette intervention est terminée" in body.lower() and "<form" not in body  # no longer tickable
    task.refresh_from_db()
    assert not task.done
    plain = client.post(url, {"done": "1"})  # without JavaScript: back to the page, with the reason
    assert plain.status_code == 302 and plain["Location"] == reverse("interventions:workorder-detail", args=[wo.pk])
    assert [m.level_tag for m in client.get(plain["Location"]).context["messages"]] == ["error"]


def test_htmx_step_answers(town, web):
    """A step posted with htmx: done → 200 + HX-Redirect; a missing reason → the steps alone with the error;
    a refused step → the steps as they now are, with the reason above them. Never a 3xx."""
    req = file_request(town)
    client = web(town.head)
    url = reverse("interventions:request-transition", args=[req.pk])
    missing = client.post(url, {"step": "reject", "reject-reason": ""}, **HTMX)
    body = missing.content.decode()
    assert missing.status_code == 422 and "<html" not in body and 'id="steps"' in body
    assert 'id="id_reject-reason_error"' in body
    stale = client.post(url, {"step": "validate", "expected_state": "draft"}, **HTMX)
    body = stale.content.decode()
    assert stale.status_code == 422 and "<html" not in body and 'class="form-errors"' in body
    done = client.post(url, {"step": "validate", "expected_state": "submitted"}, **HTMX)
    assert done.status_code == 200 and done["HX-Redirect"] == reverse("interventions:request-detail", args=[req.pk])
    req.refresh_from_db()
    assert req.state == "validated"
    unknown = client.post(url, {"step": "fly"}, **HTMX)
    assert unknown.status_code == 200 and unknown["HX-Redirect"]


def test_htmx_time_and_cost_errors_are_their_form_alone(town, web):
    wo = planned_work_order(town)
    client = web(town.manager)
    time = client.post(reverse("interventions:workorder-time", args=[wo.pk]), {"time-hours": "99"}, **HTMX)
    body = time.content.decode()
    assert time.status_code == 422 and body.lstrip().startswith('<form method="post"') and 'id="time-form"' in body
    cost = client.post(reverse("interventions:workorder-cost", args=[wo.pk]), {"cost-label": ""}, **HTMX)
    body = cost.content.decode()
    assert cost.status_code == 422 and body.lstrip().startswith('<form method="post"') and 'id="cost-form"' in body
    gone = client.post(reverse("interventions:workorder-assign", args=[wo.pk]), {"agent": "0"}, **HTMX)
    body = gone.content.decode()
    assert gone.status_code == 422 and 'id="assignment"' in body and "<html" not in body
    assert "plus disponible" in body


def test_assignment_help_and_one_click_assign(town, web):
    wo = planned_work_order(town)
    free = AgentFactory(organization=town.org, last_name="Libre", skills=[town.plumbing])
    AgentFactory(organization=town.org, last_name="Sans-Compétence")
    busy = AgentFactory(organization=town.org, last_name="Occupé", skills=[town.plumbing])
    services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={
            "title": "Autre chantier",
            "category": town.category,
            "priority": town.priorities[2],
            "planned_start": wo.planned_start,
            "planned_end": wo.planned_end,
        },
        m2m={"agents": [busy]},
    )
    client = web(town.manager)
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk]))
    suggested = {agent.pk: assigned for agent, assigned in page.context["suggestions"]}
    assert free.pk in suggested and busy.pk not in suggested and suggested[town.agent.pk] is True
    assert len(suggested) == 2
    response = client.post(reverse("interventions:workorder-assign", args=[wo.pk]), {"agent": free.pk})
    assert response.status_code == 302
    assert set(wo.agents.all()) == {town.agent, free}
    refused = client.post(reverse("interventions:workorder-assign", args=[wo.pk]), {"agent": busy.pk})
    assert refused.status_code == 302 and busy not in wo.agents.all()
    assert (
        web(town.agent_user)
        .post(reverse("interventions:workorder-assign", args=[wo.pk]), {"agent": free.pk})
        .status_code
        == 403
    )


def required_labels(html):
    """The labels the form marks as required (an asterisk and "(obligatoire)" for screen readers)."""
    return set(re.findall(r'<label for="id_(\w+)">[^<]*<span aria-hidden="true">\*</span>', html))


def test_request_form_marks_the_budget_as_required_where_the_organization_wants_it(town, web):
    from regie.interventions.models import WorkflowSettings

    url = reverse("interventions:request-create")
    village = required_labels(web(town.requester).get(url).content.decode())
    assert {"title", "category", "location"} <= village and not {"budget_line", "estimated_amount"} & village

    WorkflowSettings.objects.filter(organization=town.org).update(budget_required=True)  # a town
    html = web(town.requester).get(url).content.decode()
    assert {"budget_line", "estimated_amount"} <= required_labels(html)
    # Sent without them, the form refuses at once, beside the fields it marked.
    response = web(town.requester).post(url, request_post(town))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"budget_line", "estimated_amount"}
    # A manager may file for the services' own needs (no department): not required, explained.
    html = web(town.manager).get(url).content.decode()
    assert not {"budget_line", "estimated_amount"} & required_labels(html)
    assert "Required when the request names a department." in html or "Obligatoire si la demande" in html


def test_work_order_page_leads_to_the_place_and_the_requester(town, web, contractor_user):
    town.requester.phone, town.requester.email = "06 12 34 56 78", "claire@ecole.example"
    town.requester.save(update_fields=["phone", "email"])
    req = approved_request(town, latitude=Decimal("47.390123"), longitude=Decimal("0.688456"))
    ours = planned_work_order(town, request=req)
    html = web(town.agent_user).get(reverse("interventions:workorder-detail", args=[ours.pk])).content.decode()
    assert 'href="geo:47.390123,0.688456"' in html  # the phone's map application
    assert 'href="https://www.openstreetmap.org/?mlat=47.390123&amp;mlon=0.688456#map=18/47.390123/0.688456"' in html
    assert 'href="tel:0612345678"' in html and 'href="mailto:claire@ecole.example"' in html
    # A contractor finds the place and the requester as the site contact, not the request (it may not read
    # requests): tests/interventions/test_site_contact.py.
    theirs = planned_work_order(town, request=req, execution="contractor", team=None, contractor=town.company)
    html = web(contractor_user).get(reverse("interventions:workorder-detail", args=[theirs.pk])).content.decode()
    assert 'href="geo:47.390123,0.688456"' in html
    assert 'href="tel:0612345678"' in html and 'href="mailto:claire@ecole.example"' in html
    assert reverse("interventions:request-detail", args=[req.pk]) not in html
    # No coordinates: no map link.
    plain = planned_work_order(town)
    html = web(town.agent_user).get(reverse("interventions:workorder-detail", args=[plain.pk])).content.decode()
    assert "geo:" not in html and "openstreetmap" not in html


def test_cost_lines_and_contractor_steps(town, web, contractor_user):
    wo = planned_work_order(town, execution="contractor", team=None, contractor=town.company)
    client = web(contractor_user)
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk]))
    assert [t.name for t, _f in page.context["actions"]] == ["accept", "start", "hold", "decline"]
    assert page.context["time_form"] is None
    assert [k for k, _l in page.context["cost_form"].fields["kind"].choices] == ["contractor"]
    for name in ("accept", "start"):
        assert step(client, wo, name).status_code == 302
    cost = {
        "cost-kind": "contractor",
        "cost-label": "Facture intervention",
        "cost-date": timezone.localdate().isoformat(),
        "cost-quantity": "1",
        "cost-unit_cost": "240.00",
        "cost-reference": "F-2026-118",
    }
    assert client.post(reverse("interventions:workorder-cost", args=[wo.pk]), cost).status_code == 302
    assert (
        step(client, wo, "complete", **{"complete-report": "Réparé", "complete-first_visit_fix": "no"}).status_code
        == 302
    )
    assert step(client, wo, "close").status_code == 302
    wo.refresh_from_db()
    assert wo.state == "closed" and wo.contractor_cost == Decimal("240.00") and wo.first_visit_fix is False
    materials = client.post(reverse("interventions:workorder-cost", args=[wo.pk]), {**cost, "cost-kind": "material"})
    assert materials.status_code in (302, 400)
    wo.refresh_from_db()
    assert wo.material_cost == 0


def test_hold_resume_and_cancel_need_their_reason(town, web):
    wo = planned_work_order(town)
    client = web(town.manager)
    assert step(client, wo, "hold", **{"hold-reason": " "}).status_code == 400
    assert step(client, wo, "hold", **{"hold-reason": "Pièce en commande"}).status_code == 302
    wo.refresh_from_db()
    assert wo.state == "on_hold" and wo.last_reason == "Pièce en commande"
    assert step(client, wo, "resume").status_code == 302
    wo.refresh_from_db()
    assert wo.state == "planned"
    assert step(client, wo, "cancel", **{"cancel-reason": "Fait par le gardien"}).status_code == 302
    wo.refresh_from_db()
    assert wo.state == "cancelled"
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk]))
    assert page.context["actions"] == [] and page.context["time_form"] is None and not page.context["can_manage"]
    assert "Fait par le gardien" in page.content.decode()


# --- costs page ---------------------------------------------------------------------------------------------


def test_costs_page_answers_what_an_event_cost(town, web, make_member):
    july = CostCodeFactory(organization=town.org, code="14JUIL", name="Fête nationale")
    wo = planned_work_order(town, cost_code=july)
    other = planned_work_order(town)
    for target in (wo, other):
        services.record_time(
            by=town.manager, work_order=target, agent=town.agent, date=timezone.localdate(), hours=Decimal(2)
        )
    services.add_cost_line(
        by=town.manager, work_order=wo, kind="equipment", label="Nacelle", date=timezone.localdate(), unit_cost=150
    )
    client = web(make_member(town.org, Role.ELECTED))  # the elected official's question
    response = client.get(reverse("interventions:cost-summary"), {"group_by": "cost_code", "cost_code": july.pk})
    rows = response.context["rows"]
    assert [row["label"] for row in rows] == ["14JUIL — Fête nationale"]
    assert rows[0]["total"] == Decimal("221.00")  # 2 h × 35.50 € + 150 €
    assert "221,00\xa0€" in response.content.decode()
    everything = client.get(reverse("interventions:cost-summary"), {"group_by": "month"})
    assert everything.context["totals"]["total"] == Decimal("292.00")
    bad = client.get(reverse("interventions:cost-summary"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert bad.status_code == 200 and "date_to" in bad.context["form"].errors


# --- rules that hold everywhere -----------------------------------------------------------------------------


def snapshot():
    from regie.interventions.models import CostLine, TimeEntry, WorkOrderTask

    return (
        AuditEvent.objects.count(),
        list(InterventionRequest.objects.values_list("pk", "state", "updated_at")),
        list(WorkOrder.objects.values_list("pk", "state", "updated_at")),
        list(WorkOrderTask.objects.values_list("pk", "done")),
        TimeEntry.objects.count(),
        CostLine.objects.count(),
        list(Notification.objects.values_list("pk", "read_at")),
    )


def test_no_get_changes_data(town, web, django_capture_on_commit_callbacks):
    from tests.security.routes import all_routes

    with django_capture_on_commit_callbacks(execute=True):
        req = approved_request(town)
        wo = planned_work_order(town, request=req)
    attach_files(by=town.manager, organization=town.org, record=req, uploads=[SimpleUploadedFile("a.png", png_bytes())])
    values = {"pk": None, "task": wo.tasks.first().pk}
    routes = [r for r in all_routes() if (r.name or "").startswith(("interventions:", "notifications:"))]
    assert len(routes) >= 20
    before = snapshot()
    for user in (town.manager, town.agent_user, town.requester, town.head):
        client = web(user)
        for route in routes:
            pk = {InterventionRequest: req.pk, WorkOrder: wo.pk, Notification: Notification.objects.first().pk}.get(
                route.model, 1
            )
            url = route.url(**{**values, "pk": pk})
            response = client.get(url, {"step": "approve", "done": "1", "agent": town.agent.pk, "open": "1"})
            assert response.status_code < 500, url
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["request", "workorder"])
def test_detail_query_count_does_not_grow_with_history(town, web, kind, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    req = approved_request(town)
    wo = planned_work_order(town, request=req)
    url = reverse(f"interventions:{kind}-detail", args=[req.pk if kind == "request" else wo.pk])
    client = web(town.manager)

    def work(n):
        for _ in range(n):
            services.record_time(
                by=town.manager, work_order=wo, agent=town.agent, date=timezone.localdate(), hours=Decimal("0.5")
            )
            services.add_cost_line(
                by=town.manager, work_order=wo, kind="material", label="Joint", date=timezone.localdate(), unit_cost=2
            )
            for task in wo.tasks.all():
                services.set_task_done(task, by=town.manager, done=not task.done)

    work(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    work(8)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["timeline"]) > 30


def test_post_only_routes_refuse_get(town, web):
    req = file_request(town)
    client = web(town.manager)
    assert client.get(reverse("interventions:request-transition", args=[req.pk])).status_code == 405


# --- the agent picker of the work-order form ---------------------------------------------------------------


def agent_inputs(body):
    return body.count('name="agents"')


def test_work_order_form_shows_one_screen_of_agents_not_the_whole_town(town, web, django_assert_max_num_queries):
    AgentFactory.create_batch(120, organization=town.org)
    namesake = AgentFactory(organization=town.org, first_name="Paul", last_name="Dupont", employee_number="A900")
    AgentFactory(organization=town.org, first_name="Paul", last_name="Dupont", employee_number="B901", team=town.team)
    client = web(town.manager)
    page = client.get(reverse("interventions:workorder-create"))
    body = page.content.decode()
    assert page.status_code == 200 and agent_inputs(body) == 0  # no team yet: a search field, no 122 boxes
    assert 'name="agents_search"' in body and f'hx-get="{reverse("interventions:workorder-agent-picker")}"' in body
    wo = planned_work_order(town)
    with django_assert_max_num_queries(40):
        edit = client.get(reverse("interventions:workorder-update", args=[wo.pk]))
    body = edit.content.decode()
    # the assigned plumber as a chip, the team's other agent (a namesake, told apart by number) as a result
    assert agent_inputs(body) == 2 and f'value="{town.agent.pk}" checked' in body
    assert "B901" in body and "homonyme" in body and "libre sur ce créneau" in body
    # the other Paul Dupont is of no team: found by a search only (looked for among the agents' boxes)
    assert f'name="agents" value="{town.agent.pk}"' in body and f'name="agents" value="{namesake.pk}"' not in body


def test_picker_search_without_javascript_shows_results_and_saves_nothing(town, web):
    wanted = AgentFactory(organization=town.org, first_name="Lucie", last_name="Zébulon", employee_number="Z77")
    client = web(town.manager)
    post = work_order_post(town, team="", agents=[], agents_search="zébul", picker="agents")
    page = client.post(reverse("interventions:workorder-create"), post)
    body = page.content.decode()
    assert page.status_code == 200 and f'name="agents" value="{wanted.pk}"' in body
    assert 'value="zébul"' in body and 'class="form-errors"' not in body
    assert not WorkOrder.objects.exists()


def test_picker_endpoint_answers_the_results_as_one_types(town, web):
    start = (timezone.now() + datetime.timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    busy = AgentFactory(organization=town.org, first_name="Marc", last_name="Occupé", team=town.team)
    town.work_order(start=start, end=start + datetime.timedelta(hours=2), agents=[busy])
    local = start.astimezone(timezone.get_current_timezone())
    url = reverse("interventions:workorder-agent-picker")
    query = {
        "agents_search": "occ",
        "team": town.team.pk,
        "planned_start": local.strftime("%Y-%m-%dT%H:%M"),
        "planned_end": (local + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "required_skills": [town.plumbing.pk],
    }
    answer = web(town.manager).get(url, query, **HTMX)
    body = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in body
    assert f'value="{busy.pk}"' in body and "occupé sur ce créneau" in body and "manque : Plomberie" in body
    chosen = web(town.manager).get(url, {**query, "agents": [busy.pk]}).content.decode()
    assert f'value="{busy.pk}"' not in chosen  # already a chip
    garbage = web(town.manager).get(
        url, {"team": "x", "planned_start": "nope", "agents": ["1" * 30], "work_order": "a"}
    )
    assert garbage.status_code == 200
    assert web(town.agent_user).get(url).status_code == 403


def test_assigning_without_the_required_skill_asks_for_a_reason(town, web):
    gardener = AgentFactory(organization=town.org, first_name="Rose", last_name="Jardin", employee_number="J042")
    client = web(town.manager)
    url = reverse("interventions:workorder-create")
    post = work_order_post(town, agents=[gardener.pk], required_skills=[town.plumbing.pk])
    refused = client.post(url, post)
    body = refused.content.decode()
    assert refused.status_code == 400 and not WorkOrder.objects.exists()
    assert "Rose Jardin (J042)" in body and 'name="skill_override"' in body and 'name="skill_override_reason"' in body
    ticked_without_reason = client.post(url, {**post, "skill_override": "on"})
    assert (
        ticked_without_reason.status_code == 400
        and "skill_override_reason" in ticked_without_reason.context["form"].errors
    )
    htmx = client.post(url, post, **HTMX)
    assert htmx.status_code == 422 and 'name="skill_override_reason"' in htmx.content.decode()
    done = client.post(url, {**post, "skill_override": "on", "skill_override_reason": "Seule disponible ce jour"})
    assert done.status_code == 302
    wo = WorkOrder.objects.get()
    assert list(wo.agents.all()) == [gardener]
    event = AuditEvent.objects.get(object_id=wo.pk, content_type__model="workorder")
    assert event.reason == "Seule disponible ce jour" and event.changes["skill_override"]
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    assert "Seule disponible ce jour" in page and "Affecté sans une compétence requise" in page


def test_time_form_picks_the_agent_among_the_work_orders_or_by_search(town, web):
    wo = planned_work_order(town)
    helper = AgentFactory(organization=town.org, first_name="Nadia", last_name="Quenet", employee_number="Q12")
    AgentFactory.create_batch(30, organization=town.org)
    client = web(town.manager)
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    # the work order's agent chosen, no list of the whole town
    assert (
        page.count('name="time-agent"') == 1
        and f'type="radio" name="time-agent" value="{town.agent.pk}" checked' in page
    )
    url = reverse("interventions:workorder-time-agent-picker", args=[wo.pk])
    found = client.get(url, {"time-agent_search": "quen", "time-agent": town.agent.pk}, **HTMX).content.decode()
    assert f'type="radio" name="time-agent" value="{helper.pk}"' in found and f'value="{town.agent.pk}"' not in found
    listed = client.get(url).content.decode()
    assert f'value="{town.agent.pk}"' in listed and f'value="{helper.pk}"' not in listed  # its agents by default
    searched = client.post(
        reverse("interventions:workorder-time", args=[wo.pk]), {"time-agent_search": "quen", "picker": "time-agent"}
    )
    assert searched.status_code == 200 and f'value="{helper.pk}"' in searched.content.decode()
    assert not wo.time_entries.exists()
    today = timezone.localdate().isoformat()
    recorded = client.post(
        reverse("interventions:workorder-time", args=[wo.pk]),
        {"time-agent": helper.pk, "time-date": today, "time-hours": "1.5", "time-note": ""},
    )
    assert recorded.status_code == 302 and wo.time_entries.get().agent == helper
    # an agent records their own time: a list of one, no picker
    own = web(town.agent_user).get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    assert 'name="time-agent_search"' not in own
    assert web(town.agent_user).get(url).status_code == 200


def test_measured_checklist_lines_record_through_htmx(town, web, django_assert_max_num_queries):
    """A number task takes its value beside its unit, a pass / fail task two buttons; both tick the line."""
    wo, tasks = boiler_check(town)
    client = web(town.agent_user)
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    pressure, valve = tasks["Pression"], tasks["Soupape de sécurité"]
    assert f'id="task-value-{pressure.pk}"' in page and f'id="task-unit-{pressure.pk}">bar<' in page
    assert 'name="passed" value="fail"' in page and f'id="task-box-{tasks["Purger les radiateurs"].pk}"' in page
    url = reverse("interventions:workorder-task", args=[wo.pk, pressure.pk])
    with django_assert_max_num_queries(17):  # session, membership, locks, the line, audit
        response = client.post(url, {"done": "1", "value": "1.4"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith(
        f'<li class="task task-done task-measured" id="task-{pressure.pk}">'
    )
    assert "Mesuré\xa0: <strong>1,4 bar</strong>" in body and 'value="1.4"' in body and "Corriger" in body
    url = reverse("interventions:workorder-task", args=[wo.pk, valve.pk])
    body = client.post(url, {"done": "1", "passed": "fail"}, **HTMX).content.decode()
    assert "task-failed" in body and "Non conforme\xa0: le contrôle a échoué" in body  # in text, not colour alone
    valve.refresh_from_db()
    assert (valve.done, valve.passed) == (True, False)
    page = client.get(reverse("interventions:workorder-detail", args=[wo.pk])).content.decode()
    assert "1,4 bar" in page and "le contrôle a échoué" in page
    # The timeline says what was measured, in words.
    assert "Tâche effectuée\xa0: Pression" in page and "<li>Pression\xa0: 1,4 bar</li>" in page
    assert "<li>Soupape de sécurité\xa0: Non conforme</li>" in page
    untick = client.post(url, {}, **HTMX)  # "Mark as not done": the result stays
    valve.refresh_from_db()
    assert untick.status_code == 200 and (valve.done, valve.passed) == (False, False)


def test_a_measured_line_ticked_without_its_measurement_answers_the_line_with_the_reason(town, web):
    wo, tasks = boiler_check(town)
    pressure = tasks["Pression"]
    client = web(town.agent_user)
    url = reverse("interventions:workorder-task", args=[wo.pk, pressure.pk])
    response = client.post(url, {"done": "1", "value": ""}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422 and body.startswith(f'<li class="task task-measured" id="task-{pressure.pk}">')
    assert 'role="alert"' in body and "Saisissez la valeur mesurée (bar) avant de cocher cette tâche." in body
    response = client.post(url, {"done": "1", "value": "9999999"}, **HTMX)
    assert response.status_code == 422 and "inférieure ou égale à 999999" in response.content.decode()
    pressure.refresh_from_db()
    assert (pressure.done, pressure.value) == (False, None)
    plain = client.post(url, {"done": "1"})  # without JavaScript: back to the page, with the reason
    assert plain.status_code == 302 and plain["Location"] == reverse("interventions:workorder-detail", args=[wo.pk])
    assert [m.level_tag for m in client.get(plain["Location"]).context["messages"]] == ["error"]
