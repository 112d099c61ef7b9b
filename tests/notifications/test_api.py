"""`/api/v1/notifications/`: the caller's own, in the current organization; the page's filters; read, read-all."""

import datetime

import pytest
from django.utils import timezone

from regie.interventions import services
from regie.notifications.models import Notification

from .helpers import note

pytestmark = pytest.mark.django_db
API = "/api/v1/notifications"


def test_notifications_belong_to_their_recipient(town, api_for, org_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        obj, _created = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
        services.transition_request(obj, "validate", by=town.head)  # the managers are told
        services.transition_request(obj, "approve", by=town.manager)  # the requester is told
    head, requester = api_for(town.head), api_for(town.requester)
    mine = requester.get(f"{API}/").json()
    assert mine["count"] == 1 and obj.number in mine["results"][0]["title"]
    assert {k: mine["results"][0][k] for k in ("kind", "record_type", "record", "record_label")} == {
        "kind": "request_approved",
        "record_type": "interventions.interventionrequest",
        "record": obj.pk,
        "record_label": str(obj),
    }
    head_notification = Notification.objects.get(recipient=town.head)
    assert requester.get(f"{API}/{head_notification.pk}/").status_code == 404
    assert requester.post(f"{API}/{head_notification.pk}/read/").status_code == 404

    older = Notification.objects.create(organization=town.org, recipient=town.head, title="Ancienne")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    read = Notification.objects.create(organization=town.org, recipient=town.head, title="Lue", read_at=timezone.now())
    Notification.objects.create(organization=org_b, recipient=town.head, title="Autre collectivité")
    ids = [n["id"] for n in head.get(f"{API}/").json()["results"]]
    assert ids == [head_notification.pk, older.pk, read.pk]  # unread first, newest first
    assert [n["id"] for n in head.get(f"{API}/?unread=false").json()["results"]] == [read.pk]
    assert head.get(f"{API}/?unread=maybe").status_code == 400

    response = head.post(f"{API}/{older.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    assert head.get(f"{API}/?unread=true").json()["count"] == 1
    assert head.post(f"{API}/read-all/").json() == {"marked": 1}
    assert head.get(f"{API}/?unread=true").json()["count"] == 0
    assert Notification.objects.get(organization=org_b, recipient=town.head).read_at is None
    assert api_for(town.manager).get(f"{API}/").json()["count"] == 1


def test_the_pages_filters(town, api_for, org_b):
    note(town.manager, town.org, "request_submitted", ("request", 1))
    note(town.manager, town.org, "request_cancelled", ("request", 1))
    note(town.manager, town.org, "workorder_assigned", ("workorder", 1))
    note(town.manager, org_b, "request_submitted", ("request", 1))  # the manager's, in another organization
    note(town.head, town.org, "request_submitted", ("request", 1))  # someone else's
    client = api_for(town.manager, town.org)

    def kinds(**params):
        return sorted(n["kind"] for n in client.get(f"{API}/", params).json()["results"])

    assert kinds() == ["request_cancelled", "request_submitted", "workorder_assigned"]
    assert kinds(kind="request_submitted") == ["request_submitted"]
    assert kinds(record_type="interventions.workorder") == ["workorder_assigned"]
    assert kinds(record_type="interventions.interventionrequest", record=1) == [
        "request_cancelled",
        "request_submitted",
    ]
    for bad in (
        {"kind": "nope"},
        {"record_type": "core.user"},
        {"record": 1},
        {"record": 10**30},
        {"record_type": "interventions.workorder", "record": 1.5},
    ):
        response = client.get(f"{API}/", bad)
        assert response.status_code == 400 and response.json()["fields"], bad
    assert client.post(f"{API}/read-all/?kind=request_submitted").json() == {"marked": 1}
    assert client.post(f"{API}/read-all/?kind=nope").status_code == 400
    assert kinds(unread="true") == ["request_cancelled", "workorder_assigned"]
    assert Notification.objects.filter(read_at__isnull=True, kind="request_submitted").count() == 2, "B's, the head's"


def test_list_query_count_does_not_grow(town, api_for, django_assert_max_num_queries):
    client = api_for(town.requester)
    for i in range(5):
        note(town.requester, town.org, "request_approved", ("request", i + 1))
    with django_assert_max_num_queries(3):
        assert client.get(f"{API}/").json()["count"] == 5
    for i in range(25):
        note(town.requester, town.org, "workorder_assigned", ("workorder", i + 1))
    with django_assert_max_num_queries(3):
        assert client.get(f"{API}/").json()["count"] == 30


def test_the_schema_documents_the_routes_and_filters():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert set(paths[f"{API}/"]) == {"get"} and set(paths[f"{API}/{{id}}/"]) == {"get"}
    assert set(paths[f"{API}/{{id}}/read/"]) == {"post"} and set(paths[f"{API}/read-all/"]) == {"post"}
    listed = {p["name"] for p in paths[f"{API}/"]["get"]["parameters"]}
    assert {"unread", "kind", "record_type", "record", "X-Organization"} <= listed
    assert {"kind", "record_type", "record"} <= {p["name"] for p in paths[f"{API}/read-all/"]["post"]["parameters"]}
