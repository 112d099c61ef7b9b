"""The notification centre page: badge, filters (unread, kind, record type), groups by record, marking read,
and nobody else's notifications, whatever the address."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.interventions import services
from regie.notifications.context_processors import notifications as badge
from regie.notifications.models import Notification

from .helpers import note

pytestmark = pytest.mark.django_db
CENTRE = reverse("notifications:list")


@pytest.fixture
def web(client_for):
    return client_for


def file_request(town):
    obj, _created = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
    return obj


def test_centre_and_badge(town, web, django_capture_on_commit_callbacks, org_b):
    with django_capture_on_commit_callbacks(execute=True):
        req = file_request(town)
    mine = Notification.objects.get(recipient=town.head)
    assert (mine.kind, mine.record, mine.object_repr) == ("request_submitted", req, str(req))
    Notification.objects.create(organization=org_b, recipient=town.head, title="Ailleurs")  # another organization
    client = web(town.head)
    home = client.get("/").content.decode()
    assert 'class="count-badge">1<' in home and f'href="{CENTRE}"' in home
    page = client.get(CENTRE)
    assert [group.newest.pk for group in page.context["page"].rows] == [mine.pk]
    assert "Demande à valider" in page.content.decode(), "the kind's label, in the reader's language"
    read = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert read.status_code == 302 and read["Location"] == reverse("interventions:request-detail", args=[req.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "count-badge" not in client.get("/").content.decode()
    assert web(town.requester).post(reverse("notifications:read", args=[mine.pk])).status_code == 404
    note(town.head, town.org, title="Deux")
    note(town.head, town.org, title="Trois")
    assert client.post(reverse("notifications:read-all")).status_code == 302
    assert not Notification.objects.filter(organization=town.org, recipient=town.head, read_at__isnull=True).exists()
    assert Notification.objects.filter(organization=org_b, read_at__isnull=True).count() == 1
    assert client.get(reverse("notifications:read-all")).status_code == 405


def test_badge_costs_one_query(town, django_assert_num_queries):
    request = type("R", (), {"user": town.head, "organization": town.org})()
    count = badge(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert count() == 0 and count() == 0


def test_the_former_address_leads_to_the_centre(town, web):
    response = web(town.manager).get("/interventions/notifications/?kind=request_submitted")
    assert response.status_code == 302 and response["Location"] == f"{CENTRE}?kind=request_submitted"


def titles(response):
    page = response.context["page"]
    if response.context["grouped"]:
        return [n.title for group in page.rows for n in group.notifications]
    return [n.title for n in page.rows]


def test_filters_unread_kind_and_record_type(town, web):
    note(town.manager, town.org, "request_submitted", ("request", 1), title="a")
    note(town.manager, town.org, "request_submitted", ("request", 2), read=True, title="b")
    note(town.manager, town.org, "request_cancelled", ("request", 1), title="c")
    note(town.manager, town.org, "workorder_assigned", ("workorder", 1), title="d")
    note(town.manager, town.org, title="e")
    client = web(town.manager)
    flat = {"view": "list"}
    assert titles(client.get(CENTRE, flat)) == ["e", "d", "c", "b", "a"]
    assert titles(client.get(CENTRE, {**flat, "unread": "true"})) == ["e", "d", "c", "a"]
    assert titles(client.get(CENTRE, {**flat, "unread": "false"})) == ["b"]
    assert titles(client.get(CENTRE, {**flat, "kind": "request_submitted"})) == ["b", "a"]
    assert titles(client.get(CENTRE, {**flat, "record_type": "interventions.workorder"})) == ["d"]
    one = {"record_type": "interventions.interventionrequest", "record": 1}
    assert titles(client.get(CENTRE, one)) == ["c", "a"], "one record's notifications, one by one"
    bad = client.get(CENTRE, {**flat, "kind": "no_such_kind", "record": 3})
    assert bad.status_code == 200 and {"kind", "record"} <= set(bad.context["filter_form"].errors)
    assert titles(bad) == ["e", "d", "c", "b", "a"], "a bad filter shows everything, with its error"


def test_groups_by_record_newest_first(town, web):
    note(town.manager, town.org, "request_submitted", ("request", 1), title="r1-old")
    for n in range(7):
        note(town.manager, town.org, "request_cancelled", ("request", 2), title=f"r2-{n}", read=n < 2)
    note(town.manager, town.org, "request_reopened", ("request", 1), title="r1-new")
    note(town.manager, town.org, title="loose")
    page = web(town.manager).get(CENTRE)
    groups = page.context["page"].rows
    assert [(g.label, g.count, g.unread) for g in groups] == [
        ("Autres notifications", 1, 1),
        ("DI-2026-00001", 2, 2),
        ("DI-2026-00002", 7, 5),
    ]
    assert [n.title for n in groups[1].notifications] == ["r1-new", "r1-old"]
    assert [n.title for n in groups[2].notifications] == ["r2-6", "r2-5", "r2-4", "r2-3", "r2-2"], "five, newest"
    assert groups[2].more == 2
    html = page.content.decode()
    assert "7 notifications" in html and "Afficher les 6 notifications précédentes" in html
    assert "record_type=interventions.interventionrequest&amp;record=2" in html, "the link to all seven"


def test_a_group_is_marked_read_within_the_kind_filtered(town, web):
    note(town.manager, town.org, "request_submitted", ("request", 1))
    note(town.manager, town.org, "request_cancelled", ("request", 1))
    other = note(town.manager, town.org, "request_submitted", ("request", 2))
    data = {"kind": "request_submitted", "record_type": "interventions.interventionrequest", "record": 1}
    data["back"] = "kind=request_submitted&unread=true&next=https://evil.example/"
    response = web(town.manager).post(reverse("notifications:read-all"), data)
    assert response.status_code == 302 and response["Location"] == f"{CENTRE}?kind=request_submitted&unread=true"
    unread = Notification.objects.filter(recipient=town.manager, read_at__isnull=True)
    assert sorted(unread.values_list("kind", "object_id")) == [("request_cancelled", 1), ("request_submitted", 2)]
    assert other.pk in unread.values_list("pk", flat=True)


def test_grouped_centre_queries_do_not_grow(town, web, django_assert_num_queries):
    client = web(town.manager)
    for i in range(31):  # one more group than a page
        note(town.manager, town.org, "request_cancelled", ("request", 100 + i))
    filters = {"unread": "true", "kind": "request_cancelled"}
    client.get(CENTRE, filters)  # content types cached, session warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(CENTRE, filters).status_code == 200
    rows = [
        note(town.manager, town.org, "request_cancelled", ("request" if i % 2 else "workorder", i % 40))
        for i in range(243)
    ]
    assert len(rows) == 243
    with django_assert_num_queries(len(few)):
        response = client.get(CENTRE, filters)
    assert len(response.context["page"].rows) == 30 and response.context["page"].has_next


def test_nobody_elses_notifications(town, web, org_b, make_member):
    stranger_b = make_member(org_b, town.manager.memberships.first().role, user=town.manager)
    assert stranger_b == town.manager  # the manager is also a member of B
    mine = note(town.manager, town.org, "request_submitted", ("request", 1), title="mine-in-a")
    in_b = note(town.manager, org_b, "request_submitted", ("request", 1), title="mine-in-b")
    theirs = note(town.head, town.org, "request_submitted", ("request", 1), title="the-heads")
    client = web(town.manager)
    html = client.get(CENTRE, {"view": "list"}).content.decode()
    assert "mine-in-a" in html and "mine-in-b" not in html and "the-heads" not in html
    one = {"record_type": "interventions.interventionrequest", "record": 1}
    assert titles(client.get(CENTRE, one)) == ["mine-in-a"]
    for pk in (in_b.pk, theirs.pk):
        assert client.post(reverse("notifications:read", args=[pk])).status_code == 404
    client.post(reverse("notifications:read-all"), one)
    assert Notification.objects.filter(read_at__isnull=True).count() == 2, "B's and the head's stay unread"
    mine.refresh_from_db()
    assert mine.read_at is not None
