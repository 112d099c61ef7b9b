"""`notify`: a declared kind, a record, after commit only; the kinds come from the apps' configs."""

import pytest
from django.db import transaction

from regie.notifications import kinds
from regie.notifications.models import Notification
from regie.notifications.services import mark_all_read, notify
from regie.people.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_a_notification_links_to_its_record(town, django_capture_on_commit_callbacks):
    record = DepartmentFactory(organization=town.org, code="VOI", name="Voirie")
    with django_capture_on_commit_callbacks(execute=True):
        notify([town.head, town.head, None], organization=town.org, kind="message", title="Bonjour", record=record)
    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.record, row.object_repr) == (town.head, "message", record, str(record))


def test_an_undeclared_kind_is_a_programming_error(town):
    with pytest.raises(ValueError, match="undeclared notification kind"):
        notify([town.head], organization=town.org, kind="typo_kind", title="?")


def test_a_rolled_back_change_notifies_nobody(town, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify([town.head], organization=town.org, kind="message", title="Jamais")
        raise RuntimeError
    assert not Notification.objects.exists()


def test_kinds_are_declared_by_the_apps():
    registry = kinds.registry()
    assert registry["message"].label and registry["request_submitted"].record == "interventions.InterventionRequest"
    assert list(dict(kinds.record_type_choices())) == [
        "interventions.interventionrequest",
        "interventions.workorder",
        "maintenance.inspectionobligation",  # the inspections' alerts
        "portal.report",  # a resident's report to triage
    ]
    assert kinds.get("gone_kind").label == "gone_kind", "a row outlives the code that wrote it"


def test_mark_all_read_stays_in_the_users_organization(town, org_b):
    Notification.objects.create(organization=town.org, recipient=town.head, title="a")
    Notification.objects.create(organization=org_b, recipient=town.head, title="b")
    Notification.objects.create(organization=town.org, recipient=town.manager, title="c")
    assert mark_all_read(by=town.head, organization=town.org) == 1
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
