"""A replaced meter: the first reading of the new one may be below the last of the old one, when flagged as a
replacement, on the meter's page and through the API; without the flag it is refused with a clear message."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.assets import services
from regie.assets.models import MeterReading
from regie.core.permissions import Role
from tests.cases import member

from .test_reference_pages import make_meter

pytestmark = pytest.mark.django_db

API = "/api/v1/meter-readings/"


def _meter_read_yesterday(organization, agent, value=500):
    meter = make_meter(organization)
    services.record_reading(meter, by=agent, read_at=timezone.now() - datetime.timedelta(days=1), value=value)
    return meter


def _now_field():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def test_the_form_offers_the_replacement_with_its_help(org_a, client_for):
    agent = member(org_a, Role.AGENT)
    meter = make_meter(org_a)
    page = client_for(agent).get(reverse("assetref:meter-detail", args=[meter.pk])).content.decode()
    assert 'name="replacement"' in page
    assert "Nouveau compteur : l’index repart de cette valeur" in page or (
        "Nouveau compteur : l&#x27;index repart de cette valeur" in page
    )


def test_a_lower_reading_without_the_flag_is_refused_on_the_page(org_a, client_for):
    agent = member(org_a, Role.AGENT)
    meter = _meter_read_yesterday(org_a, agent)
    url = reverse("assetref:meter-reading", args=[meter.pk])
    response = client_for(agent).post(url, {"read_at": _now_field(), "value": "12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Inférieur au relevé précédent" in page
    assert "Si le compteur a été remplacé" in page
    assert MeterReading.objects.filter(meter=meter).count() == 1


def test_a_lower_reading_flagged_as_a_replacement_is_recorded_and_listed_as_such(org_a, client_for):
    agent = member(org_a, Role.AGENT)
    meter = _meter_read_yesterday(org_a, agent)
    web = client_for(agent)
    url = reverse("assetref:meter-reading", args=[meter.pk])
    assert web.post(url, {"read_at": _now_field(), "value": "12", "replacement": "on"}).status_code == 302
    latest = MeterReading.objects.filter(meter=meter).order_by("-read_at").first()
    assert (latest.value, latest.replacement, latest.read_by) == (Decimal("12"), True, agent)
    page = web.get(reverse("assetref:meter-detail", args=[meter.pk])).content.decode()
    assert page.count("data-replacement") == 1
    assert f'data-reading="{latest.pk}"' in page.split("data-replacement")[0].rsplit("<tr", 1)[1]
    assert "Nouveau compteur" in page


def test_the_api_refuses_a_lower_reading_without_the_flag_and_takes_it_with(org_a, api_for):
    agent = member(org_a, Role.AGENT)
    meter = _meter_read_yesterday(org_a, agent)
    api = api_for(agent, org_a)
    now = timezone.now().isoformat()
    refused = api.post(API, {"meter": meter.pk, "read_at": now, "value": "12"}, format="json")
    assert refused.status_code == 400
    assert "Inférieur au relevé précédent" in str(refused.json()["fields"]["value"])
    assert MeterReading.objects.filter(meter=meter).count() == 1
    taken = api.post(API, {"meter": meter.pk, "read_at": now, "value": "12", "replacement": True}, format="json")
    assert taken.status_code == 201, taken.content
    assert taken.json()["replacement"] is True
    rows = api.get(API, {"meter": meter.pk}).json()["results"]
    assert [(row["value"], row["replacement"]) for row in rows] == [("12.000", True), ("500.000", False)]


def test_the_schema_documents_the_replacement(org_a, api_for):
    api = api_for(member(org_a, Role.ADMIN), org_a)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert "replacement" in components["MeterReading"]["properties"]
    assert "replacement" in components["MeterReadingInputRequest"]["properties"]
