"""The lists' filters are declared once (`interventions.filters`): the HTML list and the API list, given the same
filters, show the same records, and the page's form is that FilterSet's, shaped for the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.interventions import services
from regie.interventions.factories import CategoryFactory
from regie.interventions.filters import RequestFilter, WorkOrderFilter
from regie.people.factories import ContractorFactory

from .api_support import API, approved, file, slot, work_order

pytestmark = pytest.mark.django_db


def html_ids(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].rows}


def api_ids(client, url, params):
    response = client.get(url, {**params, "page_size": 100})
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def requests_of_town(town):
    electricity = CategoryFactory(organization=town.org, code="ELEC", name="Électricité")
    submitted = file(town, title="Fuite cantine", location="École, cantine")
    urgent = approved(town, title="Panne chaudière", category=electricity, priority=town.priorities[0])
    draft = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(title="Brouillon"), submit=False
    )[0]
    return {"submitted": submitted, "urgent": urgent, "draft": draft, "electricity": electricity}


REQUEST_COMBINATIONS = [
    {},
    {"group": "open"},
    {"group": "waiting_validation"},
    {"state": "approved"},
    {"priority": "urgent"},
    {"category": "electricity"},
    {"department": "school"},
    {"overdue": "on"},
    {"group": "open", "category": "electricity"},
    {"state": "submitted", "priority": "urgent"},
]


@pytest.mark.parametrize("combination", REQUEST_COMBINATIONS, ids=str)
def test_request_list_and_api_show_the_same_requests(town, client_for, api_for, requests_of_town, combination):
    values = {
        "urgent": town.priorities[0].pk,
        "electricity": requests_of_town["electricity"].pk,
        "school": town.school.pk,
    }
    params = {name: values.get(value, value) for name, value in combination.items()}
    html = html_ids(client_for(town.manager), reverse("interventions:request-list"), params)
    api = api_ids(api_for(town.manager), f"{API}/requests/", params)
    assert html == api
    if not combination:
        assert len(html) == 3
    # the free-text search: `q` on the page, `search` in the API
    assert html_ids(
        client_for(town.manager), reverse("interventions:request-list"), {**params, "q": "cantine"}
    ) == api_ids(api_for(town.manager), f"{API}/requests/", {**params, "search": "cantine"})


@pytest.fixture
def work_orders_of_town(town):
    company = ContractorFactory(organization=town.org, name="Chauffage Dupont")
    start, end = slot(days=1)
    soon = work_order(town, title="Fuite", agents=[town.agent], team=town.team, planned_start=start, planned_end=end)
    start, end = slot(days=10)
    later = work_order(town, title="Peinture", team=town.team, planned_start=start, planned_end=end)
    start, end = slot(days=-3)
    late = work_order(
        town, title="Gouttière", agents=[town.agent], team=town.team, planned_start=start, planned_end=end
    )
    start, end = slot(days=2)
    outside = work_order(
        town, title="Chaudière", execution="contractor", contractor=company, planned_start=start, planned_end=end
    )
    unplanned = work_order(town, title="Banc", priority=town.priorities[0])
    services.transition_work_order(later, "cancel", by=town.manager, reason="Doublon")
    return {"company": company, "soon": soon, "late": late, "outside": outside, "unplanned": unplanned}


def day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def day_start(days):
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min)) + datetime.timedelta(
        days=days
    )


WORK_ORDER_COMBINATIONS = [
    {},
    {"group": "open"},
    {"group": "scheduled"},
    {"group": "ended"},
    {"state": "to_plan"},
    {"priority": "urgent"},
    {"team": "team"},
    {"agent": "agent"},
    {"contractor": "company"},
    {"overdue": "on"},
    {"planned": (1, 2)},
    {"planned": (-5, 0), "agent": "agent"},
    {"group": "open", "team": "team"},
]


@pytest.mark.parametrize("combination", WORK_ORDER_COMBINATIONS, ids=str)
def test_work_order_list_and_api_show_the_same_work_orders(town, client_for, api_for, work_orders_of_town, combination):
    values = {
        "urgent": town.priorities[0].pk,
        "team": town.team.pk,
        "agent": town.agent.pk,
        "company": work_orders_of_town["company"].pk,
    }
    params = {name: values.get(value, value) for name, value in combination.items() if name != "planned"}
    page_params, api_params = dict(params), dict(params)
    if "planned" in combination:  # the page's day pickers, the API's instants
        first, last = combination["planned"]
        page_params.update(planned_from=day(first), planned_to=day(last))
        api_params.update(planned_after=day_start(first).isoformat(), planned_before=day_start(last + 1).isoformat())
    html = html_ids(client_for(town.manager), reverse("interventions:workorder-list"), page_params)
    api = api_ids(api_for(town.manager), f"{API}/work-orders/", api_params)
    assert html == api
    if not combination:
        assert len(html) == 5


def test_the_page_form_is_the_filter_set_shaped_for_the_page(town, client_for):
    """Same declaration: the page shows its subset, in its order, with the organization's active records."""
    assert set(RequestFilter.page_filters) < set(RequestFilter.base_filters)
    assert set(WorkOrderFilter.page_filters) - set(WorkOrderFilter.base_filters) == {"planned_from", "planned_to"}
    assert not {"planned_from", "planned_to"} & set(WorkOrderFilter.base_filters)  # not in the API schema

    form = client_for(town.manager).get(reverse("interventions:workorder-list")).context["filterset"].form
    assert list(form.fields) == list(WorkOrderFilter.page_filters)
    assert town.agent in form.fields["agent"].queryset
    town.agent.archived_at = timezone.now()
    town.agent.save(update_fields=["archived_at"])
    form = client_for(town.manager).get(reverse("interventions:workorder-list")).context["filterset"].form
    assert town.agent not in form.fields["agent"].queryset
    html = client_for(town.manager).get(reverse("interventions:workorder-list")).content.decode()
    assert 'name="overdue"' in html and 'type="checkbox"' in html and 'name="planned_from"' in html

    form = client_for(town.requester).get(reverse("interventions:request-list")).context["filterset"].form
    assert "department" not in form.fields
