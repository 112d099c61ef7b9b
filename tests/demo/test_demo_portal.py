"""The portal's demo: catalogues mapped to the interventions categories, the body's services for its communes,
reports in every state, one Open311 key per organization that works and that `make demo` prints."""

import pytest
from django.core.cache import cache

from regie.core.models import Organization
from regie.demo import generator
from regie.portal.demo import demo_key
from regie.portal.models import ApplicationKey, PortalSettings, Report, ServiceCategory, Triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    cache.clear()
    return generator.build(seed=11)


def test_catalogues_keys_and_reports(demo, client):
    agglo = Organization.objects.get(slug="ca-val-de-regie")
    town = Organization.objects.get(slug="villeneuve-sur-regie")
    assert PortalSettings.objects.filter(organization=town, enabled=True).exists()
    own = set(ServiceCategory.objects.filter(organization=town).values_list("code", flat=True))
    assert {"VOI", "PROP"} <= own
    body = ServiceCategory.objects.filter(organization=agglo, serves_members=True)
    assert body.exists() and not own & set(body.values_list("code", flat=True))
    for service in ServiceCategory.objects.filter(organization__in=[agglo, town]):
        assert service.request_category.organization_id == service.organization_id
    assert ServiceCategory.objects.filter(organization=town, questions__isnull=False).exists()
    reports = Report.objects.filter(received_by=town)
    assert reports.count() >= 10
    assert set(Report.objects.values_list("triage", flat=True)) >= {Triage.NEW, Triage.CONVERTED}
    for report in Report.objects.filter(triage=Triage.CONVERTED)[:20]:
        assert report.request.organization_id == report.organization_id
    assert ApplicationKey.objects.count() == Organization.objects.filter(slug__in=generator.demo_slugs()).count()

    codes = [s["service_code"] for s in client.get("/open311/v2/services.json?jurisdiction_id=45901").json()]
    assert set(codes) >= own
    listed = client.get("/open311/v2/requests.json", {"jurisdiction_id": town.slug, "status": "open,closed"})
    assert listed.status_code == 200
    data = {"api_key": demo_key(town.slug), "jurisdiction_id": town.slug, "service_code": "VOI",
            "address_string": "Place du marché", "description": "Nid-de-poule"}  # fmt: skip
    posted = client.post("/open311/v2/requests.json", data)
    assert posted.status_code == 200, posted.content
    number = posted.json()[0]["service_request_id"]
    assert not Report.objects.filter(organization=town, number=number).exclude(description="Nid-de-poule").exists()


def test_make_demo_prints_the_keys_and_the_base_url(demo):
    from regie.demo import report

    lines = "\n".join(report.notes())
    assert "/open311/v2/" in lines and demo_key("villeneuve-sur-regie") in lines
