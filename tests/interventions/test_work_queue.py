"""The home page's "waiting for you": per role, counted in the database, each line linking to exactly what it counts."""

import datetime

import pytest
from django.utils import timezone

from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.models import InterventionRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(town, org_b, make_member):
    """Requests at every step, work orders to plan and late ones; and another organization's, never counted."""

    def file(**overrides):
        obj, _created = services.create_request(
            by=town.requester, organization=town.org, data=town.request_data(**overrides)
        )
        return obj

    submitted = [file(title=f"Fuite {n}") for n in range(3)]
    validated = services.transition_request(file(), "validate", by=town.head)
    approved = services.transition_request(
        services.transition_request(file(), "validate", by=town.head), "approve", by=town.manager
    )
    InterventionRequest.objects.filter(pk=submitted[0].pk).update(
        resolution_due_at=timezone.now() - datetime.timedelta(days=1)
    )
    start = timezone.now() - datetime.timedelta(days=2)
    late = services.create_work_order(
        by=town.manager,
        organization=town.org,
        request=approved,
        data={"team": town.team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=3)},
        m2m={"agents": [town.agent]},
    )
    to_plan = services.create_work_order(
        by=town.manager,
        organization=town.org,
        data={"title": "Purger", "category": town.category, "priority": town.priorities[2]},
    )
    done = file(title="Robinet")
    InterventionRequest.objects.filter(pk=done.pk).update(state="done")
    other = make_member(org_b, Role.MANAGER)
    return {"validated": validated, "late": late, "to_plan": to_plan, "other": other}


def queue_of(client):
    response = client.get("/")
    assert response.status_code == 200
    return {line.key: line for line in response.context["queue"]}


@pytest.mark.parametrize("who", ["manager", "head", "requester", "agent_user"])
def test_every_line_links_to_the_list_of_what_it_counts(town, busy, client_for, who):
    client = client_for(getattr(town, who))
    queue = queue_of(client)
    assert queue, f"{who} has a work queue"
    for line in queue.values():
        page = client.get(line.url).context["page"]
        assert page.count == line.count, (who, line.key, line.url)


def test_the_manager_sees_what_waits_for_the_technical_services(town, busy, client_for):
    queue = queue_of(client_for(town.manager))
    counts = {key: line.count for key, line in queue.items()}
    assert counts == {
        "requests_to_approve": 4,  # 3 submitted + 1 validated by the department
        "work_orders_to_plan": 1,
        "overdue_requests": 1,
        "overdue_work_orders": 1,
    }


def test_roles_see_their_own_lines(town, busy, client_for):
    head = {k: v.count for k, v in queue_of(client_for(town.head)).items()}
    assert head["requests_to_validate"] == 3
    requester = {k: v.count for k, v in queue_of(client_for(town.requester)).items()}
    assert requester["requests_done"] == 1
    agent = {k: v.count for k, v in queue_of(client_for(town.agent_user)).items()}
    assert agent == {"my_work_orders": 1}
    assert queue_of(client_for(busy["other"]))["requests_to_approve"].count == 0, "another organization's"


def test_read_only_roles_have_no_queue(town, busy, make_member, client_for):
    elected = make_member(town.org, Role.ELECTED)
    assert queue_of(client_for(elected)) == {}


def test_the_home_page_reads_a_bounded_number_of_queries(town, busy, client_for, django_assert_max_num_queries):
    client = client_for(town.manager)
    client.get("/")
    with django_assert_max_num_queries(16):
        client.get("/")


def test_the_api_gives_the_same_queue_with_api_links(town, busy, api_for):
    client = api_for(town.manager)
    response = client.get("/api/v1/work-queue/")
    assert response.status_code == 200
    lines = {line["key"]: line for line in response.json()}
    assert lines["requests_to_approve"]["count"] == 4 and lines["requests_to_approve"]["more"] is False
    for line in lines.values():
        listed = client.get(line["api_url"])
        assert listed.status_code == 200 and listed.json()["count"] == line["count"], line["key"]
        assert line["url"].startswith("/interventions/")
    assert api_for(busy["other"]).get("/api/v1/work-queue/").json()[0]["count"] == 0
