"""The home page's "waiting for you": per role, counted in the database, each line linking to exactly what it counts."""

import datetime

import pytest
from django.utils import timezone

from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.models import InterventionRequest, WorkflowSettings, WorkOrder
from regie.people.factories import ContractorFactory

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
    # filed by the technical services themselves (no department): straight to their approval
    services.create_request(by=town.manager, organization=town.org, data=town.request_data(title="Vanne"))
    # approved with no work order (and one whose only work order was cancelled): to plan
    for title in ("Gouttière", "Grille"):
        approved_only = services.transition_request(
            services.transition_request(file(title=title), "validate", by=town.head), "approve", by=town.manager
        )
    cancelled = services.create_work_order(by=town.manager, organization=town.org, data={}, request=approved_only)
    services.transition_work_order(cancelled, "cancel", by=town.manager, reason="Doublon")
    # above the threshold, first approved by the manager: waits for another approver, not for them
    InterventionRequest.objects.filter(pk=file(title="Toiture").pk).update(
        state="awaiting_second_approval", first_approved_by=town.manager
    )
    other = make_member(org_b, Role.MANAGER)
    quotes(town, make_member)
    return {"validated": validated, "late": late, "to_plan": to_plan, "other": other}


def quotes(town, make_member):
    """Contractors' work orders asking for a quote: two to send (none yet, the last one rejected), one to approve,
    one approved; one asking for none; another company's quote to send, never the first company's."""
    company, rival = ContractorFactory(organization=town.org), ContractorFactory(organization=town.org)
    town.contractor = make_member(town.org, Role.CONTRACTOR, contractor=company)
    for title, contractor, quote, status in [
        ("Toiture du gymnase", company, True, ""),
        ("Chaudière", company, True, "rejected"),
        ("Clôture", company, True, "submitted"),
        ("Peinture", company, True, "approved"),
        ("Élagage", company, False, ""),
        ("Vitrerie", rival, True, ""),
    ]:
        obj = services.create_work_order(
            by=town.manager,
            organization=town.org,
            data={
                "title": title,
                "category": town.category,
                "priority": town.priorities[2],
                "execution": "contractor",
                "contractor": contractor,
                "quote_required": quote,
            },
        )
        WorkOrder.objects.filter(pk=obj.pk).update(quote_status=status)


def queue_of(client):
    response = client.get("/")
    assert response.status_code == 200
    return {line.key: line for line in response.context["queue"]}


@pytest.mark.parametrize("department_validation", [True, False], ids=["department-step", "no-department-step"])
@pytest.mark.parametrize("who", ["manager", "manager2", "admin", "head", "requester", "agent_user", "contractor"])
def test_every_line_links_to_the_list_of_what_it_counts(town, busy, client_for, who, department_validation):
    WorkflowSettings.objects.update_or_create(
        organization=town.org, defaults={"department_validation": department_validation}
    )
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
        # 1 validated by the department + 1 filed without one; not the 3 submitted still with the department head,
        # nor the one the manager approved first (it waits for a second, different approver)
        "requests_to_approve": 2,
        "requests_to_plan": 2,  # approved, no work order under way (one has a cancelled one)
        "work_orders_to_plan": 7,  # and the 6 given to contractors, not yet planned
        "quotes_to_approve": 1,
        "overdue_requests": 1,
        "overdue_work_orders": 1,
    }
    assert queue_of(client_for(town.manager2))["requests_to_approve"].count == 3  # the second approval is theirs


def test_without_the_department_step_the_technical_services_approve_what_is_submitted(town, busy, client_for):
    WorkflowSettings.objects.update_or_create(organization=town.org, defaults={"department_validation": False})
    assert queue_of(client_for(town.manager))["requests_to_approve"].count == 5  # 4 submitted + 1 validated
    assert "requests_to_validate" not in queue_of(client_for(town.head))


def test_roles_see_their_own_lines(town, busy, client_for):
    head = {k: v.count for k, v in queue_of(client_for(town.head)).items()}
    assert head["requests_to_validate"] == 3  # submitted by their department (not the manager's own)
    requester = {k: v.count for k, v in queue_of(client_for(town.requester)).items()}
    assert requester["requests_done"] == 1
    agent = {k: v.count for k, v in queue_of(client_for(town.agent_user)).items()}
    assert agent == {"my_work_orders": 1}
    contractor = {k: v.count for k, v in queue_of(client_for(town.contractor)).items()}
    # their 5 work orders; 2 quotes to send (none yet, one rejected), not the other company's
    assert contractor == {"contractor_open": 5, "quotes_to_send": 2}
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
    assert lines["requests_to_approve"]["count"] == 2 and lines["requests_to_approve"]["more"] is False
    for line in lines.values():
        listed = client.get(line["api_url"])
        assert listed.status_code == 200 and listed.json()["count"] == line["count"], line["key"]
        assert line["url"].startswith("/interventions/")
    assert api_for(busy["other"]).get("/api/v1/work-queue/").json()[0]["count"] == 0
