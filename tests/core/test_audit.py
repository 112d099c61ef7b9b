"""The audit trail's building blocks: snapshots, diffs, JSON-safe values, channels, scoped timelines."""

import datetime
import threading
from decimal import Decimal

import pytest

from regie.core import audit, context
from regie.core.models import AuditEvent
from regie.people.factories import AgentFactory, DepartmentFactory, SkillFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_snapshot_is_json_safe_and_skips_bookkeeping(org_a):
    team = TeamFactory(organization=org_a)
    agent = AgentFactory(organization=org_a, team=team, weekly_hours=Decimal("35.5"))
    snap = audit.snapshot(agent)
    assert snap["team"] == team.pk and snap["weekly_hours"] == "35.5"
    assert not {"id", "created_at", "updated_at", "archived_at", "organization"} & set(snap)
    assert audit.snapshot(agent, ["team_id", "first_name"]) == {"team": team.pk, "first_name": agent.first_name}


def test_plain_values():
    moment = datetime.datetime(2026, 3, 1, 8, 30, tzinfo=datetime.UTC)
    assert audit._plain(moment) == "2026-03-01T08:30:00+00:00"
    assert audit._plain(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert audit._plain(Decimal("1.50")) == "1.50"
    assert audit._plain((Decimal(1), 2)) == ["1", 2]
    assert audit._plain(None) is None


def test_diff_keeps_only_changes():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}
    assert audit.diff({}, {"a": 1}) == {"a": [None, 1]}
    assert audit.diff({"a": 1}, {"a": 1}) == {}


def test_record_uses_the_current_channel_and_drops_anonymous_actors(org_a, admin_a):
    from django.contrib.auth.models import AnonymousUser

    department = DepartmentFactory(organization=org_a)
    before = context.current_channel()
    with context.channel("import"):
        event = audit.record(department, action="update", by=AnonymousUser(), changes={"name": ["a", "b"]})
    assert event.channel == "import" and event.actor is None and event.organization == org_a
    assert context.current_channel() == before
    assert audit.record(department, action="update", by=admin_a, channel="mobile").channel == "mobile"


def test_channel_does_not_leak_between_threads():
    seen = {}

    def worker():  # a new thread starts from the default context
        seen["thread"] = context.current_channel()

    with context.channel("api"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert context.current_channel() == "api"
    assert seen["thread"] == "system"


def test_timeline_is_scoped_to_the_organization(org_a, org_b, admin_a):
    department = DepartmentFactory(organization=org_a)
    audit.record(department, action="create", by=admin_a)
    audit.record(department, action="update", by=admin_a)
    # An event of another organization about a record with the same id must not show.
    AuditEvent.objects.create(
        organization=org_b,
        content_type=AuditEvent.objects.first().content_type,
        object_id=department.pk,
        object_repr="other",
        action="update",
        channel="web",
    )
    # Nor an event of another model with the same id.
    skill = SkillFactory(organization=org_a)
    AuditEvent.objects.create(
        organization=org_a,
        content_type=audit.ContentType.objects.get_for_model(type(skill)),
        object_id=department.pk,
        object_repr="skill",
        action="update",
        channel="web",
    )
    assert [e.action for e in audit.timeline(department, org_a)] == ["update", "create"]
    assert list(audit.timeline(department, org_b).values_list("object_repr", flat=True)) == ["other"]
