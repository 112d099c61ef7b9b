"""The time entries and cost lines of a work order in the API (`interventions/api/time_and_costs.py`)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.interventions import services
from regie.interventions.models import TimeEntry
from regie.people.factories import AgentFactory

from ..api_support import API, work_order

pytestmark = pytest.mark.django_db


def test_time_entries_and_cost_lines(town, api_for):
    wo = work_order(town, agents=[town.agent])
    services.transition_work_order(wo, "start", by=town.agent_user)
    manager, agent = api_for(town.manager), api_for(town.agent_user)
    url = f"{API}/work-orders/{wo.pk}/time-entries/"
    today = timezone.localdate().isoformat()

    for hours, field in (("-1", "hours"), ("0", "hours"), ("25", "hours"), ("abc", "hours")):
        response = manager.post(url, {"agent": town.agent.pk, "date": today, "hours": hours}, format="json")
        assert response.status_code == 400 and field in response.json()["fields"], hours
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = manager.post(url, {"agent": town.agent.pk, "date": future, "hours": "1"}, format="json")
    assert response.status_code == 400 and "date" in response.json()["fields"]
    colleague = AgentFactory(organization=town.org, hourly_rate="30.00")
    response = agent.post(url, {"agent": colleague.pk, "date": today, "hours": "1"}, format="json")
    assert response.status_code == 403  # agents record their own time
    response = api_for(town.manager).post(url, {"date": today, "hours": "1"}, format="json")
    assert response.status_code == 400 and "agent" in response.json()["fields"]  # a manager has no agent record

    first = manager.post(url, {"agent": town.agent.pk, "date": today, "hours": "2"}, format="json").json()
    manager.post(url, {"agent": colleague.pk, "date": today, "hours": "1.5"}, format="json")
    assert first["hourly_rate"] == "35.50" and first["cost"] == "71.00"
    entries = manager.get(url).json()
    assert entries["count"] == 2 and {e["cost"] for e in entries["results"]} == {"71.00", "45.00"}
    assert {e["cost"] for e in agent.get(url).json()["results"]} == {None}

    response = manager.post(f"{url}{first['id']}/cancel/", {"reason": "Erreur de saisie"}, format="json")
    assert response.status_code == 200
    assert manager.post(f"{url}{first['id']}/cancel/", {}, format="json").status_code == 404  # already out
    assert agent.post(f"{url}{first['id']}/cancel/", {}, format="json").status_code == 403
    assert manager.get(url).json()["count"] == 1

    lines_url = f"{API}/work-orders/{wo.pk}/cost-lines/"
    line = {"kind": "equipment", "label": "Nacelle", "date": today, "quantity": "3", "unit": "h", "unit_cost": "55"}
    created = manager.post(lines_url, line, format="json").json()
    assert created["amount"] == "165.00"
    assert manager.post(lines_url, {**line, "unit_cost": "-5"}, format="json").status_code == 400
    assert manager.post(lines_url, {**line, "quantity": "0"}, format="json").status_code == 400
    assert manager.post(lines_url, {**line, "kind": "snacks"}, format="json").status_code == 400
    assert manager.get(lines_url).json()["count"] == 1
    assert manager.post(f"{lines_url}{created['id']}/cancel/", {}, format="json").status_code == 200

    costs = manager.get(f"{API}/work-orders/{wo.pk}/").json()["costs"]
    assert costs == {
        "labour": "45.00",
        "material": "0.00",
        "contractor": "0.00",
        "equipment": "0.00",
        "total": "45.00",
        "hours": "1.50",
    }
    assert TimeEntry.objects.filter(archived_at__isnull=False).count() == 1


def test_time_entries_query_count_does_not_grow(town, api_for, django_assert_max_num_queries):
    wo = work_order(town, agents=[town.agent])
    agents = [AgentFactory(organization=town.org, hourly_rate="30") for _ in range(30)]
    today = timezone.localdate()
    for agent in agents[:5]:
        services.record_time(by=town.manager, work_order=wo, agent=agent, date=today, hours=Decimal(1))
    client = api_for(town.manager)
    url = f"{API}/work-orders/{wo.pk}/time-entries/"
    with django_assert_max_num_queries(6) as few:
        assert client.get(url).json()["count"] == 5
    for agent in agents[5:]:
        services.record_time(by=town.manager, work_order=wo, agent=agent, date=today, hours=Decimal(1))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).json()["count"] == 30
