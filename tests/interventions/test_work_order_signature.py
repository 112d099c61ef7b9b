"""A work order that asks for a signature is completed only with one (page and API), which its page then shows."""

import base64

import pytest
from django.urls import reverse

from regie.attachments.models import Attachment
from regie.interventions import services
from tests.attachments.signatures import data_url, png

from .test_views import planned_work_order, step, web  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

REPORT = {"complete-report": "Serrure changée", "complete-first_visit_fix": "yes"}


@pytest.fixture
def started(town):
    wo = planned_work_order(town, agents=[town.agent], signature_required=True)
    return services.transition_work_order(wo, "start", by=town.agent_user)


def test_the_work_order_form_sets_signature_required(town, web):  # noqa: F811
    wo = planned_work_order(town)
    page = web(town.manager).get(reverse("interventions:workorder-update", args=[wo.pk]))
    assert "signature_required" in page.context["form"].fields


def test_the_complete_form_asks_for_the_signature_only_when_required(town, web, started):  # noqa: F811
    page = web(town.agent_user).get(reverse("interventions:workorder-detail", args=[started.pk]))
    form = {t.name: f for t, f in page.context["actions"]}["complete"]
    assert {"signature", "signer_name"} <= set(form.fields)
    body = page.content.decode()
    assert "data-signature" in body and "signature_pad.umd.min.js" in body and "data-signature-required" in body
    other = services.transition_work_order(planned_work_order(town, agents=[town.agent]), "start", by=town.agent_user)
    page = web(town.agent_user).get(reverse("interventions:workorder-detail", args=[other.pk]))
    assert "signature" not in {t.name: f for t, f in page.context["actions"]}["complete"].fields


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "signature"),
        ({"complete-signature": data_url(png(ink=False)), "complete-signer_name": "Mme Dupont"}, "signature"),
        ({"complete-signature": "data:image/png;base64,%%%", "complete-signer_name": "Mme Dupont"}, "signature"),
        ({"complete-signature": data_url()}, "signer_name"),
    ],
)
def test_completing_without_a_valid_signature_is_refused(town, web, started, extra, field):  # noqa: F811
    response = step(web(town.agent_user), started, "complete", **REPORT, **extra)
    assert response.status_code == 400
    form = {t.name: f for t, f in response.context["actions"]}["complete"]
    assert field in form.errors
    started.refresh_from_db()
    assert started.state == "in_progress" and started.signature_id is None
    assert not Attachment.objects.filter(object_id=started.pk, original_name__startswith="signature").exists()


def test_completing_with_a_signature_keeps_it_and_shows_it(town, web, started):  # noqa: F811
    client = web(town.agent_user)
    extra = {"complete-signature": data_url(), "complete-signer_name": "  Mme   Dupont "}
    assert step(client, started, "complete", **REPORT, **extra).status_code == 302
    started.refresh_from_db()
    assert started.state == "done" and started.signed_by_name == "Mme Dupont" and started.signed_at
    attachment = started.signature
    assert (
        attachment.mime == "image/png"
        and attachment.object_id == started.pk
        and attachment.uploaded_by == town.agent_user
    )
    page = client.get(reverse("interventions:workorder-detail", args=[started.pk])).content.decode()
    assert reverse("attachments:file", args=[attachment.pk]) in page and "Mme Dupont" in page
    assert client.get(reverse("attachments:file", args=[attachment.pk])).status_code == 200
    assert web(town.manager).get(reverse("attachments:file", args=[attachment.pk])).status_code == 200


def test_a_work_order_without_the_requirement_completes_as_before(town, web):  # noqa: F811
    wo = services.transition_work_order(planned_work_order(town, agents=[town.agent]), "start", by=town.agent_user)
    assert step(web(town.agent_user), wo, "complete", **REPORT).status_code == 302
    wo.refresh_from_db()
    assert wo.state == "done" and wo.signature_id is None


# --- API ----------------------------------------------------------------------------------------------------


def transitions_url(wo):
    return reverse("api:workorder-transitions", args=[wo.pk])


BODY = {"transition": "complete", "report": "Serrure changée", "first_visit_fix": True}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "signature"),
        ({"signature": "pas du base64 !", "signer_name": "Mme Dupont"}, "signature"),
        ({"signature": base64.b64encode(b"GIF89a....").decode(), "signer_name": "Mme Dupont"}, "signature"),
        ({"signature": data_url(png(ink=False)), "signer_name": "Mme Dupont"}, "signature"),
        ({"signature": data_url(png(width=5000, height=10)), "signer_name": "Mme Dupont"}, "signature"),
        ({"signature": data_url(), "signer_name": ""}, "signer_name"),
    ],
)
def test_the_api_refuses_a_missing_or_bad_signature(town, api_for, started, extra, field):
    response = api_for(town.agent_user, town.org).post(transitions_url(started), {**BODY, **extra}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"], response.json()
    started.refresh_from_db()
    assert started.state == "in_progress"


def test_the_api_completes_with_a_base64_signature(town, api_for, started):
    client = api_for(town.agent_user, town.org)
    body = {**BODY, "signature": base64.b64encode(png()).decode(), "signer_name": "Mme Dupont"}
    response = client.post(transitions_url(started), body, format="json")
    assert response.status_code == 200, response.content
    signed = response.json()["signature"]
    assert signed["required"] is True and signed["signed_by_name"] == "Mme Dupont" and signed["signed_at"]
    assert signed["image"] == started.__class__.objects.get(pk=started.pk).signature_id


def test_the_schema_documents_the_signature():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/work-orders/{id}/transitions/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert "base64" in fields["signature"]["description"] and fields["signature"]["maxLength"]
    assert fields["signer_name"]["maxLength"] == 200
