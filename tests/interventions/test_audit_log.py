"""The audit log page: times in the organization's time zone (as on the timelines), a link to each record, its
old → new values; only filters that select something."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from regie.core.models import AuditEvent
from regie.interventions import services
from regie.interventions.models import InterventionRequest

pytestmark = pytest.mark.django_db
SHOWN = re.compile(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>')


@pytest.fixture
def approved(town):
    obj, _created = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
    obj = services.transition_request(obj, "validate", by=town.head)
    obj = services.transition_request(obj, "approve", by=town.manager)
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(InterventionRequest),
        object_id=obj.pk,
        changes__state=["validated", "approved"],
    )
    # 18:23 UTC is 19:23 in Paris in winter
    AuditEvent.objects.filter(pk=event.pk).update(at=datetime.datetime(2026, 12, 1, 18, 23, tzinfo=datetime.UTC))
    return obj


def test_the_log_and_the_timeline_show_the_same_time(town, approved, client_for):
    client = client_for(town.manager)
    timeline = client.get(f"/interventions/requests/{approved.pk}/").content.decode()
    log = client.get("/audit/?action=transition").content.decode()
    stamp = "2026-12-01T19:23:00+01:00"
    on_timeline = dict(SHOWN.findall(timeline))
    in_log = dict(SHOWN.findall(log))
    assert on_timeline[stamp] == in_log[stamp] and "19:23" in in_log[stamp]


def test_each_row_links_to_its_record_with_its_old_and_new_values(town, approved, client_for):
    page = client_for(town.manager).get("/audit/?action=transition").content.decode()
    assert f'href="/interventions/requests/{approved.pk}/"' in page
    assert "Validée par le service → Approuvée" in page or "Validated by the department → Approved" in page


def test_the_log_offers_only_filters_that_select_something(town, approved, client_for):
    page = client_for(town.manager).get("/audit/").content.decode()
    assert 'value="login"' not in page and 'name="archived"' not in page
    assert client_for(town.manager).get("/audit/?action=login").context["page"].count > 0  # an unknown action: ignored
