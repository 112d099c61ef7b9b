"""A contractor's part of a work order: declining it, the quote (devis) before the work, the PDF invoice."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from regie.attachments.models import Attachment
from regie.core.exceptions import Conflict, Forbidden, TransitionNotAllowed
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.models import CostLine, WorkOrder
from regie.people.factories import ContractorFactory
from tests.attachments import images

from .api_support import API, slot, work_order

pytestmark = pytest.mark.django_db


def pdf(name="devis.pdf"):
    return SimpleUploadedFile(name, images.pdf(), content_type="application/pdf")


def photo(name="devis.png"):
    return SimpleUploadedFile(name, images.png(), content_type="image/png")


@pytest.fixture
def company(town, make_member):
    town.company = ContractorFactory(organization=town.org, name="Dupont SARL")
    town.boss = make_member(town.org, Role.CONTRACTOR, contractor=town.company)
    return town.company


def given(town, *, quote=False, **data):
    start, end = slot()
    return work_order(
        town,
        execution="contractor",
        contractor=town.company,
        quote_required=quote,
        planned_start=start,
        planned_end=end,
        **data,
    )


def transitions(obj):
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(WorkOrder), object_id=obj.pk, action="transition"
        ).order_by("pk")
    )


# --- decline ------------------------------------------------------------------------------------------------


def test_declining_needs_a_reason_and_gives_the_work_back_to_plan(town, company, django_capture_on_commit_callbacks):
    obj = given(town)
    with pytest.raises(ValidationError) as missing:
        services.transition_work_order(obj, "decline", by=town.boss, reason="  ")
    assert "reason" in missing.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_work_order(obj, "decline", by=town.boss, reason="Pas d'équipe disponible cette semaine")
    obj.refresh_from_db()
    assert (obj.state, obj.contractor_id, obj.execution) == ("to_plan", None, "in_house")
    assert obj.last_reason == "Pas d'équipe disponible cette semaine"
    (event,) = transitions(obj)
    assert event.actor == town.boss and event.reason == obj.last_reason
    assert event.changes["state"] == ["planned", "to_plan"] and event.changes["contractor"] == ["Dupont SARL", None]
    for manager in (town.manager, town.manager2, town.admin):  # technical services are told, with the reason
        notice = manager.notifications.get(kind="workorder_declined")
        assert obj.number in notice.title and "Pas d'équipe" in notice.body
    assert not town.boss.notifications.filter(kind="workorder_declined").exists()
    # it is no longer theirs: neither to see nor to act on
    with pytest.raises(Forbidden):
        services.transition_work_order(obj, "accept", by=town.boss)
    # the technical services give it to someone else
    services.update_work_order(obj, by=town.manager, data={"execution": "contractor", "contractor": company}, m2m={})


def test_only_the_contractor_declines_and_not_once_started(town, company):
    obj = given(town)
    with pytest.raises(Forbidden):
        services.transition_work_order(obj, "decline", by=town.manager, reason="Motif")
    services.transition_work_order(obj, "start", by=town.boss)
    with pytest.raises(TransitionNotAllowed):
        services.transition_work_order(obj, "decline", by=town.boss, reason="Trop tard")


def test_declining_through_the_api_and_the_page(town, company, api_for, client_for):
    obj = given(town)
    api = api_for(town.boss)
    url = f"{API}/work-orders/{obj.pk}/transitions/"
    assert api.post(url, {"transition": "decline"}, format="json").status_code == 400
    answer = api.post(url, {"transition": "decline", "reason": "Hors de notre zone"}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "to_plan" and answer.json()["contractor"] is None
    assert api.get(f"{API}/work-orders/{obj.pk}/").status_code == 404  # no longer theirs

    other = given(town)
    page = client_for(town.boss).post(
        reverse("interventions:workorder-transition", args=[other.pk]),
        {"step": "decline", "decline-reason": "Matériel indisponible", "expected_state": "planned"},
    )
    assert page.status_code == 302 and page["Location"] == reverse("interventions:workorder-list")
    other.refresh_from_db()
    assert other.state == "to_plan" and other.last_reason == "Matériel indisponible"


# --- the quote ----------------------------------------------------------------------------------------------


def test_a_work_order_that_asks_for_a_quote_starts_once_it_is_approved(
    town, company, django_capture_on_commit_callbacks
):
    obj = given(town, quote=True)
    services.transition_work_order(obj, "accept", by=town.boss)
    with pytest.raises(TransitionNotAllowed, match=r"doit être approuvé|quote must be approved"):
        services.transition_work_order(obj, "start", by=town.boss)
    with pytest.raises(TransitionNotAllowed):  # nothing to decide on yet
        services.transition_work_order(obj, "approve_quote", by=town.manager)
    with pytest.raises(ValidationError) as missing:
        services.transition_work_order(obj, "submit_quote", by=town.boss, quote_amount=Decimal("1800.00"))
    assert "quote_document" in missing.value.message_dict
    with pytest.raises(ValidationError) as not_pdf:
        services.transition_work_order(
            obj, "submit_quote", by=town.boss, quote_amount=Decimal("1800.00"), quote_document=photo()
        )
    assert "quote_document" in not_pdf.value.message_dict

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_work_order(
            obj, "submit_quote", by=town.boss, quote_amount=Decimal("1800.00"), quote_document=pdf()
        )
    obj.refresh_from_db()
    assert (obj.state, obj.quote_status, obj.quote_amount) == ("accepted", "submitted", Decimal("1800.00"))
    document = obj.quote_document
    assert document.mime == "application/pdf" and document.record == obj and document.uploaded_by == town.boss
    assert town.manager.notifications.filter(kind="workorder_quote_submitted").exists()
    with pytest.raises(TransitionNotAllowed, match=r"doit être approuvé|quote must be approved"):
        services.transition_work_order(obj, "start", by=town.boss)
    with pytest.raises(Forbidden):  # the contractor does not approve their own quote
        services.transition_work_order(obj, "approve_quote", by=town.boss)

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_work_order(obj, "reject_quote", by=town.manager, reason="Trop cher: revoir la main d'œuvre")
    obj.refresh_from_db()
    assert obj.quote_status == "rejected" and obj.state == "accepted"
    assert "Trop cher" in town.boss.notifications.get(kind="workorder_quote_rejected").body
    with pytest.raises(TransitionNotAllowed):
        services.transition_work_order(obj, "start", by=town.boss)

    services.transition_work_order(obj, "submit_quote", by=town.boss, quote_amount=Decimal(1500), quote_document=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_work_order(obj, "approve_quote", by=town.manager2)
    assert town.boss.notifications.filter(kind="workorder_quote_approved").exists()
    services.transition_work_order(obj, "start", by=town.boss)
    obj.refresh_from_db()
    assert (obj.state, obj.quote_status, obj.quote_amount) == ("in_progress", "approved", Decimal("1500.00"))
    audited = [(e.actor, e.changes.get("quote"), e.reason) for e in transitions(obj)]
    assert audited == [
        (town.boss, None, ""),
        (town.boss, [None, "submitted"], ""),
        (town.manager, ["submitted", "rejected"], "Trop cher: revoir la main d'œuvre"),
        (town.boss, ["rejected", "submitted"], ""),
        (town.manager2, ["submitted", "approved"], ""),
        (town.boss, None, ""),
    ]
    assert Attachment.objects.filter(object_id=obj.pk, mime="application/pdf").count() == 2  # both quotes kept


def test_without_a_quote_asked_for_there_is_none_to_submit(town, company):
    obj = given(town)
    with pytest.raises(TransitionNotAllowed, match=r"ne demande pas de devis|asks for no quote"):
        services.transition_work_order(
            obj, "submit_quote", by=town.boss, quote_amount=Decimal(10), quote_document=pdf()
        )
    services.transition_work_order(obj, "start", by=town.boss)  # and nothing holds the start


def test_the_quote_through_the_api(town, company, api_for):
    obj = given(town, quote=True)
    boss, manager = api_for(town.boss), api_for(town.manager)
    url = f"{API}/work-orders/{obj.pk}/"
    assert boss.get(url).json()["quote"] == {"required": True, "status": "", "amount": None, "document": None}
    assert "submit_quote" in [t["name"] for t in boss.get(url).json()["allowed_transitions"]]
    assert "start" not in [t["name"] for t in boss.get(url).json()["allowed_transitions"]]
    refused = boss.post(f"{url}transitions/", {"transition": "start"}, format="json")
    assert refused.status_code == 409 and "submit_quote" in refused.json()["allowed_transitions"]
    not_pdf = boss.post(
        f"{url}transitions/",
        {"transition": "submit_quote", "quote_amount": "980.50", "quote_document": photo()},
        format="multipart",
    )
    assert not_pdf.status_code == 400 and "quote_document" in not_pdf.json()["fields"]
    sent = boss.post(
        f"{url}transitions/",
        {"transition": "submit_quote", "quote_amount": "980.50", "quote_document": pdf()},
        format="multipart",
    )
    assert sent.status_code == 200, sent.json()
    quote = sent.json()["quote"]
    assert quote["status"] == "submitted" and quote["amount"] == "980.50"
    downloaded = boss.get(f"{API}/attachments/{quote['document']}/download/")
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/pdf"
    assert manager.post(f"{url}transitions/", {"transition": "reject_quote"}, format="json").status_code == 400
    approved = manager.post(f"{url}transitions/", {"transition": "approve_quote"}, format="json")
    assert approved.status_code == 200 and approved.json()["quote"]["status"] == "approved"
    assert boss.post(f"{url}transitions/", {"transition": "start"}, format="json").json()["state"] == "in_progress"


def test_the_quoted_amount_is_money(town, company, api_for, make_member):
    obj = given(town, quote=True)
    services.transition_work_order(obj, "submit_quote", by=town.boss, quote_amount=Decimal(700), quote_document=pdf())
    for user, shown in ((town.boss, True), (town.manager, True), (town.agent_user, False)):
        assert (api_for(user).get(f"{API}/work-orders/{obj.pk}/").json()["quote"]["amount"] is not None) is shown


def test_the_schema_documents_the_contractor_steps(api_for, town):
    schema = api_for(town.manager).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/work-orders/{id}/transitions/"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(operation["requestBody"]["content"])
    for word in ("decline", "submit_quote", "approve_quote", "reject_quote"):
        assert word in operation["description"]
    body = schema["components"]["schemas"]["WorkOrderTransitionRequest"]["properties"]
    assert {"quote_amount", "quote_document"} <= set(body)
    steps = schema["components"]["schemas"][body["transition"]["$ref"].rsplit("/", 1)[-1]]["enum"]
    assert {"decline", "submit_quote", "approve_quote", "reject_quote"} <= set(steps)
    assert "quote" in schema["components"]["schemas"]["WorkOrderDetail"]["properties"]


def test_the_quote_step_on_the_page(town, company, client_for):
    obj = given(town, quote=True)
    client = client_for(town.boss)
    page = client.get(reverse("interventions:workorder-detail", args=[obj.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="submit_quote-quote_document"' in page
    step = reverse("interventions:workorder-transition", args=[obj.pk])
    refused = client.post(
        step, {"step": "submit_quote", "submit_quote-quote_amount": "120", "expected_state": "planned"}
    )
    forms = {transition.name: form for transition, form in refused.context["actions"]}
    assert refused.status_code == 400 and "quote_document" in forms["submit_quote"].errors
    sent = client.post(
        step,
        {
            "step": "submit_quote",
            "submit_quote-quote_amount": "120",
            "submit_quote-quote_document": pdf(),
            "expected_state": "planned",
        },
    )
    assert sent.status_code == 302
    obj.refresh_from_db()
    assert obj.quote_status == "submitted" and obj.quote_document.original_name == "devis.pdf"
    manager_page = client_for(town.manager).get(reverse("interventions:workorder-detail", args=[obj.pk]))
    page = manager_page.content.decode()
    assert 'data-quote-status="submitted"' in page and "devis.pdf" in page
    assert [step.text for step in manager_page.context["timeline"] if step.kind == "quote"] == [
        "Devis transmis, à approuver"
    ]


# --- the invoice --------------------------------------------------------------------------------------------


@pytest.fixture
def invoice_line(town, company):
    obj = given(town)
    services.transition_work_order(obj, "start", by=town.boss)
    return services.add_cost_line(
        by=town.boss,
        work_order=obj,
        kind="contractor",
        label="Facture F-2026-118",
        date=timezone.localdate(),
        unit_cost=Decimal("1240.00"),
    )


def upload(api, line, files):
    return api.post(
        f"{API}/attachments/",
        {"record_type": "interventions.costline", "record_id": line.pk, "files": files},
        format="multipart",
    )


def test_the_contractor_attaches_a_pdf_invoice_to_their_line(town, company, invoice_line, api_for, make_member):
    boss = api_for(town.boss)
    refused = upload(boss, invoice_line, [photo("facture.png")])
    assert refused.status_code == 400 and "PDF" in str(refused.json())
    sent = upload(boss, invoice_line, [pdf("facture.pdf")])
    assert sent.status_code == 201, sent.json()
    (invoice,) = sent.json()
    assert invoice["record_type"] == "interventions.costline" and invoice["content_type"] == "application/pdf"
    # who sees it: the contractor and whom the work order's money is shown to, no one else
    listed = {"record_type": "interventions.costline", "record_id": invoice_line.pk}
    rival = make_member(town.org, Role.CONTRACTOR, contractor=ContractorFactory(organization=town.org))
    for user, seen in ((town.boss, 1), (town.manager, 1), (town.agent_user, 0), (rival, 0), (town.requester, 0)):
        assert api_for(user).get(f"{API}/attachments/", listed).json()["count"] == seen, user
    assert upload(api_for(rival), invoice_line, [pdf()]).status_code == 404
    audit = AuditEvent.objects.filter(object_id=invoice_line.pk, content_type__model="costline").get()
    assert audit.changes == {"attachments": [None, ["facture.pdf"]]}


def test_only_a_contractor_invoice_line_takes_an_invoice(town, company, invoice_line, api_for):
    material = services.add_cost_line(
        by=town.manager,
        work_order=invoice_line.work_order,
        kind="material",
        label="Joints",
        date=timezone.localdate(),
        unit_cost=Decimal(12),
    )
    assert upload(api_for(town.manager), material, [pdf()]).status_code == 404  # not a record that takes files
    from regie.interventions.services.quotes import may_add_invoice

    with pytest.raises(Conflict):
        may_add_invoice(material, town.manager, town.manager.memberships.get())


def test_the_invoice_on_the_work_order_page(town, company, invoice_line, client_for):
    client = client_for(town.boss)
    url = reverse("interventions:workorder-detail", args=[invoice_line.work_order_id])
    page = client.get(url).content.decode()
    assert "data-invoice-form" in page and "Facture F-2026-118" in page
    action = reverse("attachments:upload", args=[ContentType.objects.get_for_model(CostLine).pk, invoice_line.pk])
    client.post(action, {"files": photo("facture.png")})
    assert not Attachment.objects.filter(object_id=invoice_line.pk, content_type__model="costline").exists()
    client.post(action, {"files": pdf("facture.pdf")})
    assert "facture.pdf" in client.get(url).content.decode()
    assert "data-invoice-form" not in client_for(town.agent_user).get(url).content.decode()
