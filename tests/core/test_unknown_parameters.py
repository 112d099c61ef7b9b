"""A list never answers "everything" to a filter it does not have (`core.filters`): every API list refuses an
unknown query parameter with a 400 in the error format, every page list says it ignored it."""

import pytest
from django.urls import reverse

from regie.core.permissions import Role
from regie.core.views import RecordListView
from regie.interventions.factories import CostCodeFactory
from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db


def _api_lists():
    routes = [r for r in all_routes() if r.is_api and not r.kwarg_names and r.name]
    return sorted(r.name for r in routes if getattr(r.callback, "actions", {}).get("get") == "list")


def _page_lists():
    routes = [r for r in all_routes() if not r.is_api and not r.kwarg_names and r.name]
    views = {r.name: getattr(r.callback, "view_class", None) for r in routes}
    return sorted(name for name, view in views.items() if isinstance(view, type) and issubclass(view, RecordListView))


def test_the_walk_finds_the_lists():
    assert {"api:workorder-list", "api:request-list", "api:department-list"} <= set(_api_lists())
    assert {"interventions:workorder-list", "interventions:request-list"} <= set(_page_lists())


@pytest.mark.parametrize("name", _api_lists())
def test_every_api_list_refuses_an_unknown_parameter(name, org_a, make_member, api_for):
    client = api_for(make_member(org_a, Role.ADMIN), org_a)
    url = reverse(name)
    known = client.get(url, {"page_size": 5})
    assert known.status_code == 200, known.content
    response = client.get(url, {"no_such_filter": "19", "page_size": 5}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == ["no_such_filter"]
    assert "no such filter" in body["fields"]["no_such_filter"][0]


@pytest.mark.parametrize("name", _page_lists())
def test_every_page_list_says_what_it_ignored(name, org_a, make_member, client_for):
    client = client_for(make_member(org_a, Role.ADMIN))
    response = client.get(reverse(name), {"no_such_filter": "19", "sort": "-created_at"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-ignored-parameters" in page and "no_such_filter" in page
    assert "data-ignored-parameters" not in client.get(reverse(name)).content.decode()


def test_the_costs_report_refuses_an_unknown_parameter(org_a, make_member, api_for):
    client = api_for(make_member(org_a, Role.MANAGER), org_a)
    for path in ("/api/v1/costs/summary/", "/api/v1/costs/budget/"):
        response = client.get(path, {"costcode": "19"})
        assert response.status_code == 400 and list(response.json()["fields"]) == ["costcode"], path


def test_the_work_order_page_honours_the_api_filters_it_does_not_show(org_a, make_member, client_for):
    from tests.interventions.api_support import work_order
    from tests.interventions.conftest import Town

    town = Town(org_a, make_member)
    july = CostCodeFactory(organization=org_a, code="14JUIL", name="Fête nationale")
    work_order(town, title="Scène du 14 juillet", cost_code=july)
    work_order(town, title="Robinet de l'école")
    page = client_for(town.manager).get(reverse("interventions:workorder-list"), {"cost_code": july.pk})
    html = page.content.decode()
    assert "Scène du 14 juillet" in html and "Robinet de l&#x27;école" not in html and "Robinet" not in html
    assert 'name="cost_code"' in html  # shown, so that it can be seen and changed
    assert "data-ignored-parameters" not in html


def test_the_schema_documents_the_rule():
    from tests.security.routes import api_schema

    operation = api_schema()["paths"]["/api/v1/work-orders/"]["get"]
    assert "does not read" in operation["responses"]["400"]["description"]


def test_the_costs_page_says_what_it_ignored(org_a, make_member, client_for):
    client = client_for(make_member(org_a, Role.MANAGER))
    page = client.get(reverse("interventions:cost-summary"), {"costcode": "19", "group_by": "team"}).content.decode()
    assert "data-ignored-parameters" in page and "costcode" in page
    assert "data-ignored-parameters" not in client.get(reverse("interventions:cost-summary")).content.decode()
