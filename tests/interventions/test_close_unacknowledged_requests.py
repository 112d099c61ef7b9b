"""The nightly `close_unacknowledged_requests`: work done and not acknowledged within the organization's delay is
closed by the system, without a rating, once."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from regie.core.models import AuditEvent
from regie.interventions import services
from regie.interventions.models import InterventionRequest, WorkflowSettings
from regie.interventions.services.requests import close_unacknowledged

pytestmark = pytest.mark.django_db


def done_request(town, days_ago, organization=None, by=None):
    obj, _created = services.create_request(
        by=by or town.requester, organization=organization or town.org, data=town.request_data()
    )
    done_at = timezone.now() - datetime.timedelta(days=days_ago)
    InterventionRequest.objects.filter(pk=obj.pk).update(state="done", done_at=done_at, approved_at=done_at)
    obj.refresh_from_db()
    return obj


def events(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(InterventionRequest), object_id=obj.pk, action="transition"
    )


def run():
    out = io.StringIO()
    call_command("close_unacknowledged_requests", stdout=out)
    return out.getvalue()


def test_work_not_acknowledged_in_time_is_closed_by_the_system_once(town, client_for):
    late, recent = done_request(town, 16), done_request(town, 14)
    before = events(late).count()
    assert "1 unacknowledged request(s) closed" in run()
    late.refresh_from_db()
    recent.refresh_from_db()
    assert late.state == "closed" and late.closed_at is not None and late.satisfaction is None
    assert recent.state == "done"
    event = events(late).latest("at")
    assert event.actor is None and event.channel == "system" and event.changes["state"] == ["done", "closed"]
    assert "15" in event.reason
    # idempotent: a second night changes nothing more
    assert "0 unacknowledged request(s) closed" in run()
    assert events(late).count() == before + 1
    page = client_for(town.requester).get(f"/interventions/requests/{late.pk}/").content.decode()
    assert "Clôturée automatiquement" in page or "Closed automatically" in page


def test_the_delay_is_the_organization_setting(town):
    WorkflowSettings.objects.update_or_create(organization=town.org, defaults={"acknowledgement_days": 30})
    kept = done_request(town, 16)
    closed = done_request(town, 31)
    run()
    kept.refresh_from_db()
    closed.refresh_from_db()
    assert (kept.state, closed.state) == ("done", "closed")


def test_acknowledged_or_reopened_meanwhile_is_left_alone(town):
    obj = done_request(town, 20)
    services.transition_request(obj, "close", by=town.requester, rating=5, comment="Parfait")
    assert close_unacknowledged(obj.pk) is False
    obj.refresh_from_db()
    assert obj.state == "closed" and obj.satisfaction == 5
