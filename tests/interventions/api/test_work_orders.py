"""The work orders API (`interventions/api/work_orders.py`): filters, planning, life cycle, checklist,
contractors' view."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.factories import CategoryFactory, CostCodeFactory
from regie.interventions.models import WorkOrder
from regie.people.factories import AgentFactory, ContractorFactory, SkillFactory, TeamFactory

from ..api_support import API, approved, bulk_work_orders, file, slot, work_order
from ..checklist_support import boiler_check

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def company(town):
    return ContractorFactory(organization=town.org, name="Chauffage Dupont")


def test_work_order_filters(town, api_for, company):
    manager = api_for(town.manager)
    electricity = CategoryFactory(organization=town.org, code="ELEC", name="Électricité")
    event = CostCodeFactory(organization=town.org, code="14JUIL")
    green = TeamFactory(organization=town.org, code="EV", name="Espaces verts")
    past_start, past_end = slot(days=-3)
    late = work_order(
        town,
        title="Fuite gymnase",
        agents=[town.agent],
        team=town.team,
        department=town.works,
        cost_code=event,
        planned_start=past_start,
        planned_end=past_end,
    )
    start, end = slot(days=7)
    boiler = work_order(
        town,
        title="Chaudière mairie",
        execution="contractor",
        contractor=company,
        category=electricity,
        priority=town.priorities[0],
        planned_start=start,
        planned_end=end,
    )
    source = approved(town)
    from_request = work_order(town, request=source, team=green)
    finished = work_order(town, title="Ancien")
    WorkOrder.objects.filter(pk=finished.pk).update(state="closed")

    url = f"{API}/work-orders/"
    assert _ids(manager.get(url, {"state": "to_plan"})) == [from_request.pk]
    assert set(_ids(manager.get(url, {"group": "scheduled"}))) == {late.pk, boiler.pk}
    assert _ids(manager.get(url, {"group": "finished"})) == [finished.pk]
    assert _ids(manager.get(url, {"priority": town.priorities[0].pk})) == [boiler.pk]
    assert _ids(manager.get(url, {"department": town.works.pk})) == [late.pk]
    assert _ids(manager.get(url, {"team": green.pk})) == [from_request.pk]
    assert _ids(manager.get(url, {"agent": town.agent.pk})) == [late.pk]
    assert _ids(manager.get(url, {"contractor": company.pk})) == [boiler.pk]
    assert _ids(manager.get(url, {"category": electricity.pk})) == [boiler.pk]
    assert _ids(manager.get(url, {"request": source.pk})) == [from_request.pk]
    assert _ids(manager.get(url, {"cost_code": event.pk})) == [late.pk]
    assert _ids(manager.get(url, {"planned_after": timezone.now().isoformat()})) == [boiler.pk]
    assert _ids(manager.get(url, {"planned_before": timezone.now().isoformat()})) == [late.pk]
    assert _ids(manager.get(url, {"overdue": "true"})) == [late.pk]
    assert _ids(manager.get(url, {"search": "chaudière"})) == [boiler.pk]
    assert _ids(manager.get(url, {"search": late.number})) == [late.pk]
    assert _ids(manager.get(url, {"ordering": "planned_start", "group": "scheduled"})) == [late.pk, boiler.pk]
    assert _ids(manager.get(url, {"ordering": "priority__rank"}))[0] == boiler.pk
    assert _ids(manager.get(url, {"ordering": "-number"})) == [finished.pk, from_request.pk, boiler.pk, late.pk]
    body = manager.get(url, {"overdue": "true"}).json()["results"][0]
    assert body["is_overdue"] is True and body["agents"][0]["id"] == town.agent.pk
    assert manager.get(url, {"state": "lost"}).status_code == 400
    assert manager.get(url, {"agent": 999999}).status_code == 400


def test_contractors_see_and_act_on_their_company_work_orders_only(town, api_for, make_member, company):
    rival_company = ContractorFactory(organization=town.org)
    theirs = work_order(town, title="Chaudière école", execution="contractor", contractor=company)
    other = work_order(town, title="Toiture", execution="contractor", contractor=rival_company)
    in_house = work_order(town, agents=[town.agent])
    boss = api_for(make_member(town.org, Role.CONTRACTOR, contractor=company))

    assert _ids(boss.get(f"{API}/work-orders/")) == [theirs.pk]
    for hidden in (other, in_house):
        assert boss.get(f"{API}/work-orders/{hidden.pk}/").status_code == 404
        response = boss.post(f"{API}/work-orders/{hidden.pk}/transitions/", {"transition": "accept"}, format="json")
        assert response.status_code == 404
    detail = boss.get(f"{API}/work-orders/{theirs.pk}/").json()
    assert [t["name"] for t in detail["allowed_transitions"]] == ["accept", "start", "decline"] and detail[
        "costs"
    ] is None

    for step in ("accept", "start"):
        response = boss.post(f"{API}/work-orders/{theirs.pk}/transitions/", {"transition": step}, format="json")
        assert response.status_code == 200, response.json()
    line = {"label": "Facture F-118", "date": timezone.localdate().isoformat(), "unit_cost": "4200.00"}
    response = boss.post(f"{API}/work-orders/{theirs.pk}/cost-lines/", {**line, "kind": "contractor"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] is None  # no cost.view for contractors
    response = boss.post(f"{API}/work-orders/{theirs.pk}/cost-lines/", {**line, "kind": "material"}, format="json")
    assert response.status_code == 403
    response = boss.post(f"{API}/work-orders/{theirs.pk}/time-entries/", {"date": "2026-01-05", "hours": "1"})
    assert response.status_code == 403  # time.record: not a contractor's
    assert boss.post(f"{API}/work-orders/", {"title": "x"}, format="json").status_code == 403
    assert boss.get(f"{API}/requests/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.contractor_cost == Decimal("4200.00")


def test_create_update_and_bad_input(town, api_for, org_b):
    manager = api_for(town.manager)
    start, end = slot()
    payload = {
        "title": "Élagage",
        "category": town.category.pk,
        "priority": town.priorities[3].pk,
        "kind": "internal",
    }
    response = manager.post(f"{API}/work-orders/", payload, format="json")
    assert response.status_code == 201 and response.json()["state"] == "to_plan"
    pk = response.json()["id"]

    bad = [
        (
            {
                **payload,
                "planned_start": start.isoformat(),
                "planned_end": (start - datetime.timedelta(hours=1)).isoformat(),
            },
            "planned_end",
        ),
        ({**payload, "planned_start": start.isoformat()}, "planned_end"),
        ({**payload, "agents": [AgentFactory(organization=org_b).pk]}, "agents"),
        ({**payload, "execution": "contractor"}, "contractor"),
        ({**payload, "kind": "magic"}, "kind"),
        ({**payload, "estimated_hours": "-2"}, "estimated_hours"),
        ({"category": town.category.pk, "priority": town.priorities[0].pk}, "title"),
    ]
    for body, field in bad:
        response = manager.post(f"{API}/work-orders/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400 and field in response.json()["fields"], (body, response.json())
    assert WorkOrder.objects.count() == 1

    draft_request = file(town)
    response = manager.post(f"{API}/work-orders/", {"request": draft_request.pk}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "request_not_approved"

    url = f"{API}/work-orders/{pk}/"
    response = manager.patch(
        url,
        {
            "team": town.team.pk,
            "agents": [town.agent.pk],
            "planned_start": start.isoformat(),
            "planned_end": end.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "planned"
    stale = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    assert manager.patch(url, {"title": "x", "version": stale}, format="json").status_code == 409
    assert manager.patch(url, {"agents": []}, format="json").json()["agents"] == []
    assert api_for(town.agent_user).patch(url, {"title": "x"}, format="json").status_code == 403
    assert manager.delete(url).status_code == 405


def test_life_cycle_errors(town, api_for):
    wo = work_order(town, agents=[town.agent])
    agent = api_for(town.agent_user)
    url = f"{API}/work-orders/{wo.pk}/transitions/"
    response = agent.post(url, {"transition": "complete", "report": "x", "first_visit_fix": True}, format="json")
    assert response.status_code == 409 and response.json()["allowed_transitions"] == ["start"]
    assert agent.post(url, {"transition": "start", "expected_state": "planned"}, format="json").status_code == 409
    assert agent.post(url, {"transition": "fly"}, format="json").status_code == 400
    assert agent.post(url, {"transition": "start"}, format="json").status_code == 200
    response = agent.post(url, {"transition": "complete", "first_visit_fix": False}, format="json")
    assert response.status_code == 400 and "report" in response.json()["fields"]
    response = agent.post(url, {"transition": "hold"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = agent.post(url, {"transition": "hold", "reason": "Pièce commandée"}, format="json")
    assert response.status_code == 200 and response.json()["last_reason"] == "Pièce commandée"
    assert agent.post(url, {"transition": "resume"}, format="json").status_code == 200
    response = agent.post(url, {"transition": "complete", "report": "Fait", "first_visit_fix": False}, format="json")
    assert response.status_code == 200 and response.json()["first_visit_fix"] is False
    response = agent.post(url, {"transition": "close"}, format="json")
    assert response.status_code == 403  # closing is the managers' (or the contractor's)

    stranger = AgentFactory(organization=town.org, user=_user(town, Role.AGENT))
    response = api_for(stranger.user).post(url, {"transition": "hold", "reason": "x"}, format="json")
    assert response.status_code == 403  # not given to them


def _user(town, role):
    from regie.core.factories import MembershipFactory

    return MembershipFactory(organization=town.org, role=role).user


def test_reschedule_tasks_and_suggested_agents(town, api_for):
    free = AgentFactory(organization=town.org, last_name="Aubert", skills=[town.plumbing])
    AgentFactory(organization=town.org, last_name="Sans-compétence")
    start, end = slot(days=2)
    busy = work_order(town, agents=[town.agent], planned_start=start, planned_end=end)
    wo = services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={"title": "Robinet", "category": town.category, "priority": town.priorities[2]},
        m2m={"required_skills": [town.plumbing]},
        tasks=["Couper l'eau"],
    )
    manager = api_for(town.manager)
    url = f"{API}/work-orders/{wo.pk}/"

    response = manager.post(
        f"{url}reschedule/", {"planned_start": start.isoformat(), "planned_end": end.isoformat()}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "planned"
    suggestions = manager.get(f"{url}suggested-agents/")
    assert suggestions.status_code == 200
    assert [a["id"] for a in suggestions.json()] == [free.pk]  # the plumber is busy on `busy` at that time
    assert busy.pk
    response = manager.post(
        f"{url}reschedule/", {"planned_start": end.isoformat(), "planned_end": start.isoformat()}, format="json"
    )
    assert response.status_code == 400 and "planned_end" in response.json()["fields"]
    response = manager.post(f"{url}reschedule/", {"planned_start": None, "planned_end": None}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "to_plan"
    assert api_for(town.agent_user).post(f"{url}reschedule/", {}, format="json").status_code == 403
    assert api_for(town.agent_user).get(f"{url}suggested-agents/").status_code == 403

    task = wo.tasks.get()
    response = manager.post(f"{url}tasks/{task.pk}/", {"done": True}, format="json")
    assert response.status_code == 200 and response.json()["done"] is True and response.json()["done_at"]
    assert manager.post(f"{url}tasks/{task.pk}/", {}, format="json").status_code == 400
    other_task = busy.tasks.create(label="Autre")
    assert manager.post(f"{url}tasks/{other_task.pk}/", {"done": True}, format="json").status_code == 404
    response = api_for(town.agent_user).post(f"{url}tasks/{task.pk}/", {"done": False}, format="json")
    assert response.status_code == 403  # not given to them


def test_another_organizations_work_order_is_a_404(town, api_for, org_b, make_member):
    from tests.interventions.conftest import Town

    other = Town(org_b, make_member)
    foreign = work_order(other, agents=[other.agent])
    client = api_for(town.admin)
    for method, path in (
        ("get", ""),
        ("patch", ""),
        ("post", "transitions/"),
        ("post", "reschedule/"),
        ("get", "suggested-agents/"),
        ("get", "time-entries/"),
        ("post", "time-entries/"),
        ("get", "cost-lines/"),
    ):
        response = getattr(client, method)(f"{API}/work-orders/{foreign.pk}/{path}", {}, format="json")
        assert response.status_code == 404, (method, path, response.status_code)


def test_requesters_may_not_read_work_orders(town, api_for):
    wo = work_order(town)
    client = api_for(town.requester)
    assert client.get(f"{API}/work-orders/").status_code == 403
    assert client.get(f"{API}/work-orders/{wo.pk}/").status_code == 403


def test_work_order_list_query_count_does_not_grow(town, api_for, company, django_assert_max_num_queries):
    client = api_for(town.manager)
    bulk_work_orders(town, 5)
    url = f"{API}/work-orders/?page_size=50"
    client.get(url)  # the process's first read fills its caches (content types): alone, this test counted them
    # 6: what is shared with the organization (teams, contractors) is read once per request (`for_org`)
    with django_assert_max_num_queries(6):
        assert len(client.get(url).json()["results"]) == 5
    bulk_work_orders(town, 20)
    bulk_work_orders(town, 5, contractor=company)
    with django_assert_max_num_queries(6):
        assert len(client.get(url).json()["results"]) == 30
    with django_assert_max_num_queries(7):
        assert len(client.get(url, {"agent": town.agent.pk}).json()["results"]) == 25


def test_assigning_without_a_required_skill_needs_skill_override_reason(town, api_for):
    gardener = AgentFactory(organization=town.org, first_name="Rose", last_name="Jardin", employee_number="J042")
    manager = api_for(town.manager)
    payload = {
        "title": "Fuite",
        "category": town.category.pk,
        "priority": town.priorities[2].pk,
        "agents": [gardener.pk],
        "required_skills": [town.plumbing.pk],
    }
    refused = manager.post(f"{API}/work-orders/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400, refused.json()
    assert refused.json()["code"] == "skill_missing"  # what a client asks a reason for, not a plain `invalid`
    assert "Rose Jardin (J042) lacks the required skill “Plomberie”" in refused.json()["fields"]["agents"][0]
    assert not WorkOrder.objects.exists()
    too_long = manager.post(f"{API}/work-orders/", {**payload, "skill_override_reason": "x" * 2001}, format="json")
    assert too_long.status_code == 400 and "skill_override_reason" in too_long.json()["fields"]
    assert too_long.json()["code"] == "invalid"
    untitled = manager.post(f"{API}/work-orders/", {**payload, "title": ""}, format="json")
    assert untitled.status_code == 400 and untitled.json()["code"] == "invalid"
    created = manager.post(
        f"{API}/work-orders/", {**payload, "skill_override_reason": "Seule disponible"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert [a["id"] for a in created.json()["agents"]] == [
        gardener.pk
    ] and "skill_override_reason" not in created.json()
    wo = WorkOrder.objects.get()
    assert audit_reasons(wo) == ["Seule disponible"]

    url = f"{API}/work-orders/{wo.pk}/"
    masonry = SkillFactory(organization=town.org, name="Maçonnerie")
    skills = [town.plumbing.pk, masonry.pk]
    refused = manager.patch(url, {"required_skills": skills}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "skill_missing"
    patched = manager.patch(url, {"required_skills": skills, "skill_override_reason": "Joint simple"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert audit_reasons(wo) == ["Seule disponible", "Joint simple"]
    # a qualified agent needs no reason
    assert (
        manager.patch(
            url, {"agents": [gardener.pk, town.agent.pk], "required_skills": [town.plumbing.pk]}, format="json"
        ).status_code
        == 200
    )


def audit_reasons(wo):
    events = AuditEvent.objects.filter(content_type__model="workorder", object_id=wo.pk).exclude(reason="")
    return list(events.order_by("pk").values_list("reason", flat=True))


def test_checklist_measurements_through_the_api(town, api_for):
    """A measured task takes its `value` or `passed` with the tick; without it, or out of bounds: a 400 on it."""
    wo, tasks = boiler_check(town)
    agent = api_for(town.agent_user)
    url = f"{API}/work-orders/{wo.pk}/tasks/"
    pressure, valve = tasks["Pression"], tasks["Soupape de sécurité"]
    detail = agent.get(f"{API}/work-orders/{wo.pk}/").json()
    line = next(t for t in detail["tasks"] if t["id"] == pressure.pk)
    assert (line["measurement"], line["unit"], line["value"], line["passed"]) == ("number", "bar", None, None)

    refused = agent.post(f"{url}{pressure.pk}/", {"done": True}, format="json")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["value"]
    assert "Saisissez la valeur mesurée (bar)" in refused.json()["fields"]["value"][0]
    for value in ("1000000", "1.2345", "abc"):
        response = agent.post(f"{url}{pressure.pk}/", {"done": True, "value": value}, format="json")
        assert response.status_code == 400 and list(response.json()["fields"]) == ["value"], value
    wrong = agent.post(f"{url}{valve.pk}/", {"done": True, "value": "2"}, format="json")
    assert wrong.status_code == 400 and list(wrong.json()["fields"]) == ["value"]

    response = agent.post(f"{url}{pressure.pk}/", {"done": True, "value": "1.4"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["done"], body["value"], body["measurement"], body["unit"]) == (True, "1.400", "number", "bar")
    assert body["measured_at"] is not None
    response = agent.post(f"{url}{valve.pk}/", {"done": True, "passed": False}, format="json")
    assert response.status_code == 200 and (response.json()["done"], response.json()["passed"]) == (True, False)
    event = AuditEvent.objects.filter(object_id=wo.pk, content_type__model="workorder").order_by("pk").last()
    assert event.changes["measurement:Soupape de sécurité"] == [None, {"passed": False}]
    assert event.actor == town.agent_user


def test_the_task_schema_declares_the_measurement_bounds():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["paths"]["/api/v1/work-orders/{id}/tasks/{task_id}/"]["post"]["requestBody"]["content"]
    ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert fields["value"]["minimum"] == -999999.999 and fields["value"]["maximum"] == 999999.999
    assert fields["value"].get("nullable") and fields["passed"].get("nullable")
    assert schema["components"]["schemas"][ref]["required"] == ["done"]
    responses = schema["paths"]["/api/v1/work-orders/{id}/tasks/{task_id}/"]["post"]["responses"]
    assert "400" in responses
