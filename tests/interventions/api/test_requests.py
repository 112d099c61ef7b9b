"""The requests API (`interventions/api/requests.py`): the whole journey of a request, then the requests
endpoints one by one. The other modules of `interventions/api/` have their test module alongside this one.
"""

import datetime
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.http import http_date

from regie.attachments.models import Attachment
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.factories import CategoryFactory, CostCodeFactory, standard_priorities
from regie.interventions.models import InterventionRequest
from regie.people.factories import DepartmentFactory

from ..api_support import API, approved, bulk_requests, file, slot, work_order

pytestmark = pytest.mark.django_db


def _names(transitions):
    return [t["name"] for t in transitions]


def test_the_whole_journey_through_the_api(town, api_for):
    requester, head, manager, agent = (api_for(u) for u in (town.requester, town.head, town.manager, town.agent_user))

    # A referent of the school department files a request.
    response = requester.post(
        f"{API}/requests/",
        {
            "title": "Fuite sous l'évier",
            "description": "Fuite d'eau dans la cuisine de l'école Jules-Ferry",
            "category": town.category.pk,
            "location": "École Jules-Ferry, cuisine",
            "priority": town.priorities[2].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["state"] == "submitted" and body["channel"] == "api" and body["number"].startswith("DI-")
    assert body["department"]["id"] == town.school.pk and body["requester"]["id"] == town.requester.pk
    assert _names(body["allowed_transitions"]) == ["cancel"] and body["costs"] is None
    assert "Last-Modified" in response

    # The head of the department validates it; the technical services approve it.
    response = head.post(f"{API}/requests/{pk}/transitions/", {"transition": "validate"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "validated"
    response = manager.post(
        f"{API}/requests/{pk}/transitions/", {"transition": "approve", "expected_state": "validated"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "approved"

    # ... and plan it: a work order for the plumber, with dates and a checklist.
    start, end = slot()
    response = manager.post(
        f"{API}/work-orders/",
        {
            "request": pk,
            "team": town.team.pk,
            "agents": [town.agent.pk],
            "required_skills": [town.plumbing.pk],
            "planned_start": start.isoformat(),
            "planned_end": end.isoformat(),
            "estimated_hours": "3",
            "tasks": ["Couper l'eau", "Changer le joint"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    wo = response.json()
    assert wo["state"] == "planned" and wo["request"]["id"] == pk and wo["title"] == "Fuite sous l'évier"
    assert [a["id"] for a in wo["agents"]] == [town.agent.pk] and wo["category"]["id"] == town.category.pk
    assert [t["label"] for t in wo["tasks"]] == ["Couper l'eau", "Changer le joint"]
    assert requester.get(f"{API}/requests/{pk}/").json()["state"] == "planned"

    # The agent starts, records their time (their own agent record by default), ticks the checklist.
    response = agent.post(f"{API}/work-orders/{wo['id']}/transitions/", {"transition": "start"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "in_progress"
    response = agent.post(
        f"{API}/work-orders/{wo['id']}/time-entries/",
        {"date": timezone.localdate().isoformat(), "hours": "2.5", "note": "Joint changé"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["agent"]["id"] == town.agent.pk and response.json()["cost"] is None  # no cost.view
    for task in wo["tasks"]:
        response = agent.post(f"{API}/work-orders/{wo['id']}/tasks/{task['id']}/", {"done": True}, format="json")
        assert response.status_code == 200 and response.json()["done"] is True
    response = manager.post(
        f"{API}/work-orders/{wo['id']}/cost-lines/",
        {
            "kind": "material",
            "label": "Joint + siphon",
            "date": timezone.localdate().isoformat(),
            "quantity": "2",
            "unit_cost": "12.40",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["amount"] == "24.80"

    # The work order is completed with a report and closed; the request follows.
    response = agent.post(
        f"{API}/work-orders/{wo['id']}/transitions/",
        {"transition": "complete", "report": "Joint changé", "first_visit_fix": True},
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "done"
    response = manager.post(f"{API}/work-orders/{wo['id']}/transitions/", {"transition": "close"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "closed"
    body = requester.get(f"{API}/requests/{pk}/").json()
    assert body["state"] == "done" and {"close", "reopen"} <= set(_names(body["allowed_transitions"]))

    # The requester acknowledges and rates the work.
    response = requester.post(
        f"{API}/requests/{pk}/transitions/",
        {"transition": "close", "rating": 5, "comment": "Merci !"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "closed" and response.json()["satisfaction"] == 5

    # The timeline tells who did what, in order, on the request and its work order.
    events = manager.get(f"{API}/requests/{pk}/timeline/?page_size=200").json()["results"]
    chronological = list(reversed(events))
    steps = [
        (e["actor"], e["changes"]["state"][1])
        for e in chronological
        if e["action"] == "transition" and e["record_type"] == "interventions.interventionrequest"
    ]
    assert steps == [
        (town.requester.pk, "submitted"),
        (town.head.pk, "validated"),
        (town.manager.pk, "approved"),
        (town.manager.pk, "planned"),
        (town.agent_user.pk, "in_progress"),
        (town.agent_user.pk, "done"),  # the request follows its work order, completed by the agent
        (town.requester.pk, "closed"),
    ]
    wo_steps = [
        e["changes"]["state"][1]
        for e in chronological
        if e["action"] == "transition" and e["record_type"] == "interventions.workorder"
    ]
    assert wo_steps == ["in_progress", "done", "closed"]
    time_event = next(e for e in events if "time" in e["changes"])
    assert time_event["changes"]["time"][1]["cost"] == "88.75" and time_event["channel"] == "api"
    assert {e["channel"] for e in events} <= {"api", "system"}

    # The costs: 2.5 h × 35.50 € + 2 × 12.40 €, for the roles that may see costs only.
    costs = head.get(f"{API}/requests/{pk}/").json()["costs"]
    assert costs == {
        "labour": "88.75",
        "material": "24.80",
        "contractor": "0.00",
        "equipment": "0.00",
        "total": "113.55",
        "hours": "2.50",
    }
    assert manager.get(f"{API}/work-orders/{wo['id']}/").json()["costs"]["total"] == "113.55"
    assert requester.get(f"{API}/requests/{pk}/").json()["costs"] is None
    requester_events = requester.get(f"{API}/requests/{pk}/timeline/?page_size=200").json()["results"]
    time_event = next(e for e in requester_events if "time" in e["changes"])
    assert "cost" not in time_event["changes"]["time"][1] and time_event["changes"]["time"][1]["hours"] == "2.50"


# --- list, filters, ordering -------------------------------------------------------------------------------


def _ids(response):
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_request_filters(town, api_for):
    manager = api_for(town.manager)
    other_category = CategoryFactory(organization=town.org, code="ELEC", name="Électricité")
    event = CostCodeFactory(organization=town.org, code="14JUIL")
    mine = file(town)
    draft, _created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(title="Brouillon"), submit=False
    )
    urgent = file(
        town,
        by=town.manager,
        department=town.works,
        category=other_category,
        priority=town.priorities[0],
        cost_code=event,
        location="Place du marché",
    )
    done = approved(town)
    InterventionRequest.objects.filter(pk=done.pk).update(state="closed")
    old = timezone.now() - datetime.timedelta(days=30)
    InterventionRequest.objects.filter(pk=urgent.pk).update(created_at=old, resolution_due_at=old)

    url = f"{API}/requests/"
    assert _ids(manager.get(url, {"state": "draft"})) == [draft.pk]
    assert set(_ids(manager.get(url, {"group": "waiting_validation"}))) == {mine.pk, urgent.pk}
    assert _ids(manager.get(url, {"group": "ended"})) == [done.pk]
    assert _ids(manager.get(url, {"priority": town.priorities[0].pk})) == [urgent.pk]
    assert _ids(manager.get(url, {"department": town.works.pk})) == [urgent.pk]
    assert _ids(manager.get(url, {"category": other_category.pk})) == [urgent.pk]
    assert _ids(manager.get(url, {"requester": town.manager.pk})) == [urgent.pk]
    assert _ids(manager.get(url, {"cost_code": event.pk})) == [urgent.pk]
    assert _ids(manager.get(url, {"overdue": "true"})) == [urgent.pk]
    assert len(_ids(manager.get(url, {"overdue": "false"}))) == 4
    week_ago = (timezone.now() - datetime.timedelta(days=7)).isoformat()
    assert _ids(manager.get(url, {"created_before": week_ago})) == [urgent.pk]
    assert urgent.pk not in _ids(manager.get(url, {"created_after": week_ago}))
    assert _ids(manager.get(url, {"search": "marché"})) == [urgent.pk]
    assert _ids(manager.get(url, {"search": mine.number})) == [mine.pk]
    by_number = _ids(manager.get(url, {"ordering": "number"}))
    assert by_number == sorted(by_number, key=lambda pk: InterventionRequest.objects.get(pk=pk).number)
    assert _ids(manager.get(url, {"ordering": "priority__rank"}))[0] == urgent.pk
    assert _ids(manager.get(url))[-1] == urgent.pk  # newest first by default


@pytest.mark.parametrize(
    "query",
    [
        {"state": "imaginary"},
        {"group": "everything"},
        {"created_after": "yesterday"},
        {"priority": "abc"},
        {"overdue": "perhaps"},
    ],
)
def test_bad_filter_values_are_a_400(town, api_for, query):
    response = api_for(town.manager).get(f"{API}/requests/", query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and set(query) <= set(response.json()["fields"])


def test_filter_by_another_organizations_record_is_a_400(town, api_for, org_b):
    foreign = standard_priorities(org_b)[0]
    response = api_for(town.manager).get(f"{API}/requests/", {"priority": foreign.pk})
    assert response.status_code == 400 and "priority" in response.json()["fields"]


def test_requesters_see_their_departments_requests_only(town, api_for, make_member):
    library = DepartmentFactory(organization=town.org, code="BIB", name="Bibliothèque")
    librarian = make_member(town.org, Role.REQUESTER, department=library)
    theirs = file(town, by=librarian)
    ours = file(town)
    colleague = make_member(town.org, Role.REQUESTER, department=town.school)
    client = api_for(colleague)
    assert _ids(client.get(f"{API}/requests/")) == [ours.pk]
    assert client.get(f"{API}/requests/{theirs.pk}/").status_code == 404
    response = client.post(f"{API}/requests/{theirs.pk}/transitions/", {"transition": "cancel", "reason": "x"})
    assert response.status_code == 404
    assert set(_ids(api_for(town.manager).get(f"{API}/requests/"))) == {theirs.pk, ours.pk}


# --- create, idempotency, update ---------------------------------------------------------------------------


def _payload(town, **overrides):
    data = {
        "title": "Radiateur froid",
        "description": "Classe de CM2",
        "category": town.category.pk,
        "location": "École Jules-Ferry, CM2",
    }
    data.update(overrides)
    return data


def test_idempotency_key_makes_a_retry_safe(town, api_for, make_member):
    client = api_for(town.requester)
    first = client.post(f"{API}/requests/", _payload(town), format="json", HTTP_IDEMPOTENCY_KEY="f1d2-77")
    again = client.post(f"{API}/requests/", _payload(town), format="json", HTTP_IDEMPOTENCY_KEY="f1d2-77")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and again.json()["number"] == first.json()["number"]
    assert InterventionRequest.objects.count() == 1
    assert first.json()["priority"]["code"] == "P3"  # the organization's default priority

    # Another user's key is not a way to read their request.
    colleague = api_for(make_member(town.org, Role.REQUESTER, department=town.works))
    stolen = colleague.post(f"{API}/requests/", _payload(town), format="json", HTTP_IDEMPOTENCY_KEY="f1d2-77")
    assert stolen.status_code == 409 and stolen.json()["code"] == "idempotency_key_reused"
    assert "number" not in stolen.json()

    too_long = client.post(f"{API}/requests/", _payload(town), format="json", HTTP_IDEMPOTENCY_KEY="k" * 129)
    assert too_long.status_code == 400 and "Idempotency-Key" in too_long.json()["fields"]
    without = client.post(f"{API}/requests/", _payload(town), format="json")
    assert without.status_code == 201 and InterventionRequest.objects.count() == 2


def test_create_a_draft_and_bad_input(town, api_for, org_b):
    client = api_for(town.requester)
    response = client.post(f"{API}/requests/", _payload(town, submit=False), format="json")
    assert response.status_code == 201 and response.json()["state"] == "draft"
    assert _names(response.json()["allowed_transitions"]) == ["submit", "cancel"]

    response = client.post(f"{API}/requests/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert {"title", "description", "category", "location"} <= set(response.json()["fields"])
    foreign = CategoryFactory(organization=org_b)
    response = client.post(
        f"{API}/requests/", _payload(town, category=foreign.pk), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "does not exist" in str(response.json()["fields"]["category"])
    response = client.post(f"{API}/requests/", _payload(town, department=town.works.pk), format="json")
    assert response.status_code == 400 and "department" in response.json()["fields"]  # not their department
    response = client.post(f"{API}/requests/", _payload(town, latitude="95", longitude="2"), format="json")
    assert response.status_code == 400 and "latitude" in response.json()["fields"]
    assert InterventionRequest.objects.count() == 1


def test_update_with_versions(town, api_for):
    obj = file(town)
    client = api_for(town.requester)
    url = f"{API}/requests/{obj.pk}/"
    response = client.patch(url, {"title": "Fuite importante"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "Fuite importante"
    seen = response.json()["updated_at"]

    stale = obj.updated_at - datetime.timedelta(minutes=5)
    response = client.patch(url, {"title": "x"}, format="json", HTTP_IF_UNMODIFIED_SINCE=http_date(stale.timestamp()))
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    response = client.patch(url, {"title": "x", "version": stale.isoformat()}, format="json")
    assert response.status_code == 409
    response = client.patch(url, {"title": "Fuite sous l'évier, cuisine", "version": seen}, format="json")
    assert response.status_code == 200
    response = client.patch(url, {"title": "y"}, format="json", HTTP_IF_UNMODIFIED_SINCE="not a date")
    assert response.status_code == 400
    last_modified = client.get(url)["Last-Modified"]
    response = client.patch(url, {"location": "Cuisine"}, format="json", HTTP_IF_UNMODIFIED_SINCE=last_modified)
    assert response.status_code == 200 and response.json()["location"] == "Cuisine"

    services.transition_request(obj, "validate", by=town.head)
    response = client.patch(url, {"title": "Trop tard"}, format="json")
    assert response.status_code == 403  # validated: only technical services may change it now
    assert api_for(town.manager).patch(url, {"priority": town.priorities[1].pk}, format="json").status_code == 200


def test_no_delete_and_no_put(town, api_for):
    obj = file(town)
    client = api_for(town.admin)
    assert client.delete(f"{API}/requests/{obj.pk}/").status_code == 405
    assert client.put(f"{API}/requests/{obj.pk}/", _payload(town), format="json").status_code == 405
    assert InterventionRequest.objects.filter(pk=obj.pk).exists()


# --- workflow ----------------------------------------------------------------------------------------------


def test_illegal_transition_is_a_409_listing_the_allowed_ones(town, api_for):
    obj = file(town)
    url = f"{API}/requests/{obj.pk}/transitions/"
    response = api_for(town.manager).post(url, {"transition": "approve"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_not_allowed" and body["message"]
    assert "approve" not in body["allowed_transitions"] and "reject" not in body["allowed_transitions"]

    response = api_for(town.head).post(url, {"transition": "validate", "expected_state": "draft"}, format="json")
    assert response.status_code == 409 and "validate" in response.json()["allowed_transitions"]
    response = api_for(town.requester).post(url, {"transition": "close", "rating": 5}, format="json")
    assert response.status_code == 409 and response.json()["allowed_transitions"] == ["cancel"]
    obj.refresh_from_db()
    assert obj.state == "submitted"


def test_transition_input_errors_are_400s(town, api_for):
    obj = file(town)
    url = f"{API}/requests/{obj.pk}/transitions/"
    head = api_for(town.head)
    for body, field in (
        ({"transition": "teleport"}, "transition"),
        ({"transition": "validate", "expected_state": "limbo"}, "expected_state"),
        ({"transition": "reject", "reason": "  "}, "reason"),
        ({}, "transition"),
    ):
        response = head.post(url, body, format="json")
        assert response.status_code == 400 and field in response.json()["fields"], (body, response.json())
    response = api_for(town.requester).post(url, {"transition": "close", "rating": 9}, format="json")
    assert response.status_code == 400 and "rating" in response.json()["fields"]


def test_roles_that_may_not_are_refused(town, api_for, make_member):
    obj = file(town)
    elected = api_for(make_member(town.org, Role.ELECTED))
    assert elected.get(f"{API}/requests/{obj.pk}/").status_code == 200
    assert elected.post(f"{API}/requests/", _payload(town), format="json").status_code == 403
    assert elected.patch(f"{API}/requests/{obj.pk}/", {"title": "x"}, format="json").status_code == 403
    response = api_for(town.requester).post(
        f"{API}/requests/{obj.pk}/transitions/", {"transition": "validate"}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    contractor = api_for(make_member(town.org, Role.CONTRACTOR, contractor=_company(town)))
    assert contractor.get(f"{API}/requests/").status_code == 403


def _company(town):
    from regie.people.factories import ContractorFactory

    return ContractorFactory(organization=town.org)


def test_another_organizations_request_is_a_404(town, api_for, org_b, make_member):
    from tests.interventions.conftest import Town

    other = Town(org_b, make_member)
    foreign = file(other)
    client = api_for(town.admin)
    assert client.get(f"{API}/requests/{foreign.pk}/").status_code == 404
    assert client.get(f"{API}/requests/{foreign.pk}/timeline/").status_code == 404
    response = client.patch(f"{API}/requests/{foreign.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.post(f"{API}/requests/{foreign.pk}/transitions/", {"transition": "approve"}, format="json")
    assert response.status_code == 404
    assert foreign.pk not in _ids(client.get(f"{API}/requests/"))
    # Acting for organization B without being a member of it is refused outright.
    assert api_for(town.admin, org_b).get(f"{API}/requests/").status_code == 403


# --- attachments, duplicates, timeline paging --------------------------------------------------------------


def tiny_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_attachments_are_checked_by_content_and_size(town, api_for):
    obj = file(town)
    client = api_for(town.requester)
    url = f"{API}/requests/{obj.pk}/attachments/"
    response = client.post(url, {"files": [SimpleUploadedFile("fuite.png", tiny_png(), "image/png")]})
    assert response.status_code == 201, response.json()
    assert response.json()[0]["content_type"] == "image/png" and response.json()[0]["original_name"] == "fuite.png"

    program = SimpleUploadedFile("photo.png", b"MZ\x90\x00\x03" + b"\x00" * 200, "image/png")
    response = client.post(url, {"files": [program]})
    assert response.status_code == 400 and "files" in response.json()["fields"]
    huge = SimpleUploadedFile("grande.png", tiny_png() + b"\x00" * (10 * 1024 * 1024), "image/png")
    response = client.post(url, {"files": [huge]})
    assert response.status_code == 400 and "10" in str(response.json()["fields"]["files"])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"files": "x"}, format="json").status_code == 415  # multipart only

    assert Attachment.objects.count() == 1
    detail = client.get(f"{API}/requests/{obj.pk}/").json()
    assert [a["original_name"] for a in detail["attachments"]] == ["fuite.png"]
    elected = api_for(_member(town, Role.ELECTED))
    png = SimpleUploadedFile("x.png", tiny_png(), "image/png")
    assert elected.post(url, {"files": [png]}).status_code == 403


def _member(town, role, **fields):
    from regie.core.factories import MembershipFactory

    return MembershipFactory(organization=town.org, role=role, **fields).user


def test_duplicates_before_filing(town, api_for):
    same = file(town, location="École Jules-Ferry — cuisine")
    file(town, location="Mairie, accueil")
    client = api_for(town.requester)
    response = client.get(
        f"{API}/requests/duplicates/", {"location": "ecole jules ferry, CUISINE", "category": town.category.pk}
    )
    assert response.status_code == 200 and [r["id"] for r in response.json()] == [same.pk]
    response = client.get(
        f"{API}/requests/duplicates/",
        {"location": "École Jules-Ferry cuisine", "category": town.category.pk, "exclude": same.pk},
    )
    assert response.json() == []
    response = client.get(f"{API}/requests/duplicates/", {"location": "x"})
    assert response.status_code == 400 and "category" in response.json()["fields"]


def test_timeline_is_paginated(town, api_for):
    obj = approved(town)
    body = api_for(town.manager).get(f"{API}/requests/{obj.pk}/timeline/?page_size=2").json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"]  # create, submit, validate, approve
    assert body["results"][0]["changes"]["state"] == ["validated", "approved"]


# --- query counts ------------------------------------------------------------------------------------------


def test_request_list_query_count_does_not_grow(town, api_for, django_assert_max_num_queries):
    client = api_for(town.manager)
    bulk_requests(town, 5)
    url = f"{API}/requests/?page_size=50&group=open"
    with django_assert_max_num_queries(4):
        assert len(client.get(url).json()["results"]) == 5
    bulk_requests(town, 25, department=town.works)
    with django_assert_max_num_queries(4):
        assert len(client.get(url).json()["results"]) == 30


def test_request_detail_query_count_does_not_grow_with_work_orders(town, api_for, django_assert_max_num_queries):
    obj = approved(town)
    client = api_for(town.manager)
    work_order(town, request=obj, agents=[town.agent])
    with django_assert_max_num_queries(14) as few:
        client.get(f"{API}/requests/{obj.pk}/")
    for _ in range(5):
        work_order(town, request=obj, agents=[town.agent])
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(f"{API}/requests/{obj.pk}/").json()["work_orders"]) == 6


def test_estimated_amounts_and_budget_lines(town, api_for):
    from regie.interventions.factories import BudgetLineFactory

    line = BudgetLineFactory(organization=town.org, department=town.school)
    response = api_for(town.requester).post(
        f"{API}/requests/",
        _payload(town, budget_line=line.pk, estimated_amount="1200.50", desired_date="2030-07-01"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["budget_line"]["code"] == line.code and body["estimated_amount"] == "1200.50"
    response = api_for(town.requester).post(f"{API}/requests/", _payload(town, estimated_amount="-3"), format="json")
    assert response.status_code == 400 and "estimated_amount" in response.json()["fields"]
    assert Decimal(body["estimated_amount"]) == Decimal("1200.50")
