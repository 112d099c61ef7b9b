"""A GET never changes data: every route, requested by the administrator of a populated organization with
real record ids (and every public route, anonymously), leaves every table as it was."""

import pytest

from .helpers import content, diff, object_urls, snapshot
from .public_routes import PUBLIC_ROUTES
from .routes import all_routes, api_operations

pytestmark = pytest.mark.django_db

PAGES = [r for r in all_routes() if not r.in_api_schema]
API_GETS = [op for op in api_operations() if op.method == "get"]


def _urls(route, world):
    """A's records, active and archived (with a child record): the owner's real ids."""
    return object_urls(route, world.a_objects, children_of=lambda model: world.a_objects(model)[:1])


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_get_page_changes_nothing(route, world, web):
    client = web(None if route.name in PUBLIC_ROUTES else world.admin_a)
    urls = _urls(route, world)
    before = snapshot()
    if not route.object_kwarg:
        urls = [*urls, urls[0] + "?page=2&sort=-name&q=x&archived=1"]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        content(response)  # a streaming body runs its generator now
    client.head(urls[0])
    changed = diff(before, snapshot())
    assert not changed, f"GET {urls} changed tables: {sorted(changed)}"


@pytest.mark.parametrize("op", API_GETS, ids=str)
def test_get_api_changes_nothing(op, world, api):
    client = api(world.admin_a)
    urls = _urls(op.route, world)
    before = snapshot()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
    client.options(urls[0])
    client.head(urls[0])
    changed = diff(before, snapshot())
    assert not changed, f"GET {urls} changed tables: {sorted(changed)}"


def test_snapshot_sees_a_change(world):
    """Control: the snapshot does notice a write."""
    from regie.people.models import Department

    before = snapshot()
    Department.objects.filter(pk=world.a[Department].pk).update(phone="01 02 03 04 05")
    assert "people_department" in diff(before, snapshot())
