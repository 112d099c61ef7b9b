"""`/api/v1/indicators/`: the same figures as the pages, for the same scope, and the same refusals."""

import pytest

from regie.core.permissions import Role

pytestmark = pytest.mark.django_db
API = "/api/v1/indicators"


def test_the_api_gives_the_pages_figures(history, api_for):
    api = api_for(history.town.manager)
    answer = api.get(f"{API}/dashboard/", history.month.query())
    assert answer.status_code == 200, answer.content
    figures = {f["key"]: f for f in answer.json()["figures"]}
    assert figures["requests_received"]["value"] == "6"
    assert figures["cost_total"]["value"] == "1145.75"
    assert figures["time_to_resolution"]["value"].startswith("P") or ":" in figures["time_to_resolution"]["value"]
    one = api.get(f"{API}/figure/", {"indicator": "requests_received", **history.month.query()}).json()
    assert one["figure"]["value"] == "6" and one["figure"]["previous"] == "2"
    assert api.get(one["figure"]["records_url"]).json()["count"] == 6
    definitions = api.get(f"{API}/definitions/").json()
    assert {d["key"] for d in definitions} >= {"requests_received", "time_to_resolution", "cost_total"}


def test_the_api_refuses_what_the_page_refuses(history, api_for, bad_scopes):
    api = api_for(history.town.manager)
    for query in bad_scopes:
        answer = api.get(f"{API}/dashboard/", query)
        assert answer.status_code == 400, (query, answer.content)
        assert answer.json()["fields"], query
    assert api.get(f"{API}/figure/", {"indicator": "nothing_like_it"}).status_code == 404
    assert api.get(f"{API}/figure/").status_code == 400
    assert api.get(f"{API}/definitions/", {"colour": "blue"}).status_code == 400
    head = api_for(history.town.head)
    assert head.get(f"{API}/dashboard/", {"department": history.town.works.pk}).status_code == 400


def test_money_is_the_roles_that_see_it(history, api_for):
    team = api_for(history.town.agent_user)
    assert team.get(f"{API}/figure/", {"indicator": "cost_total"}).status_code == 404
    keys = {f["key"] for f in team.get(f"{API}/dashboard/").json()["figures"]}
    assert "cost_total" not in keys and "work_orders_created" in keys


def test_a_role_without_dashboard_is_refused(history, api_for, make_member):
    storekeeper = make_member(history.town.org, Role.STOREKEEPER)
    assert api_for(storekeeper).get(f"{API}/dashboard/").status_code == 403
