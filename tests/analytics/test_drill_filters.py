"""The lists' filters a dashboard's figure links to: a yes/no question splits the records it applies to into its
yes and its no (and leaves the others in neither), "no" selects (unlike a flag's), a moment "closed" means closed in
the period *and* still closed; the page and the API read them alike, and the page shows them as « Tous / Oui / Non »."""

import pytest
from django.urls import reverse

from regie.interventions.models import InterventionRequest
from tests.interventions.api_support import API

pytestmark = pytest.mark.django_db


def html_ids(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].rows}


def api_ids(client, url, params):
    response = client.get(url, {**params, "page_size": 100})
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def both(town, client_for, api_for, kind, params):
    page, api = {
        "requests": (reverse("interventions:request-list"), f"{API}/requests/"),
        "work_orders": (reverse("interventions:workorder-list"), f"{API}/work-orders/"),
    }[kind]
    html = html_ids(client_for(town.manager), page, params)
    assert html == api_ids(api_for(town.manager), api, params)
    return html


def pks(records, *indexes):
    return {records[i].pk for i in indexes}


@pytest.mark.parametrize(
    ("question", "yes", "no"),
    [
        ("on_time", (0, 2, 6), (1,)),  # closed by its due date or after it; no due date: in neither
        ("same_day", (0,), (1, 2, 3, 6)),  # the one submitted at 23:00 and closed at 01:00 is not same-day
        ("rated", (0, 1, 2, 6), (3, 4, 5, 7)),
        ("responded", (0, 1, 2, 3, 4, 5, 6, 7), ()),
    ],
)
def test_a_yes_no_question_on_requests_splits_those_it_applies_to(
    history, town, client_for, api_for, question, yes, no
):
    requests = history.requests
    assert both(town, client_for, api_for, "requests", {question: "true"}) == pks(requests, *yes)
    assert both(town, client_for, api_for, "requests", {question: "false"}) == pks(requests, *no)
    assert len(both(town, client_for, api_for, "requests", {})) == len(requests)  # no answer: no cut


@pytest.mark.parametrize(
    ("question", "yes", "no"),
    [
        ("first_visit_fix", (0, 2), (1,)),  # unanswered reports in neither
        ("on_time", (0, 2), (1, 3)),  # completed by its planned end; not completed: in neither
    ],
)
def test_a_yes_no_question_on_work_orders_splits_those_it_applies_to(
    history, town, client_for, api_for, question, yes, no
):
    orders = history.work_orders
    assert both(town, client_for, api_for, "work_orders", {question: "true"}) == pks(orders, *yes)
    assert both(town, client_for, api_for, "work_orders", {question: "false"}) == pks(orders, *no)


def test_closed_in_a_period_means_still_closed(history, town, client_for, api_for):
    month = history.month
    params = {"closed_after": month.start.isoformat(), "closed_before": month.end.isoformat()}
    assert both(town, client_for, api_for, "requests", params) == pks(history.requests, 0, 1, 2, 3)
    InterventionRequest.objects.filter(pk=history.requests[0].pk).update(state="approved")  # reopened
    assert both(town, client_for, api_for, "requests", params) == pks(history.requests, 1, 2, 3)
    assert both(town, client_for, api_for, "requests", {**params, "channel": "web"}) == pks(history.requests, 2)


def test_a_bad_answer_is_refused_in_the_users_language(history, town, api_for, client_for):
    response = api_for(town.manager).get(f"{API}/requests/", {"on_time": "peut-être"})
    assert response.status_code == 400
    assert "on_time" in response.json()["fields"]
    page = client_for(town.manager).get(reverse("interventions:request-list"), {"on_time": "peut-être"})
    assert page.status_code == 200


def test_the_page_shows_a_yes_no_question_as_a_select(history, town, client_for):
    html = client_for(town.manager).get(reverse("interventions:request-list"), {"on_time": "false"}).content.decode()
    start = html.index('name="on_time"')
    select = html[html.rindex("<select", 0, start) : html.index("</select>", start)]
    assert '<option value="false" selected>' in select
    assert 'type="checkbox"' not in select
