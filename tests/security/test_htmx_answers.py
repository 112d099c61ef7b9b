"""htmx answers, walked over every page that accepts a POST, each posted with `HX-Request` by organization A's
administrator (every right) with real record ids: empty, with the page's own form as it is filled in (an
edit form: valid), and, for workflow steps, with every step of the workflow.

htmx ignores the HX headers of a 3xx: the browser follows the redirect and htmx swaps the whole next page into
the element that posted (a checklist line once got the work order's whole page). So the project's views never
answer htmx with a 3xx: success is a 200 with `HX-Redirect`, a refusal the fragment alone (422, which
base.html's htmx-config swaps), never a whole page. Django's own views (sign-in, password) are held to the
weaker rule the issue states: no 3xx carries an HX header.
"""

import pytest
from django.test import Client

from regie.core.views import HTMX_ERROR_STATUS

from .helpers import object_urls
from .routes import all_routes

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _accepts_post(route):
    cls = route.view_class
    if cls is not None:
        return "post" in cls.http_method_names and hasattr(cls, "post")
    return route.callback.__module__.startswith("regie.")  # function views: the language switch


def _is_project_view(route):
    return (route.view_class or route.callback).__module__.startswith("regie.")


POSTING = [r for r in all_routes() if not r.in_api_schema and r.admin_site is None and _accepts_post(r)]


def test_the_walk_finds_the_htmx_posts():
    """Control: the checklist line (the one form templates post with hx-post) and the shared bases are walked."""
    names = {r.name for r in POSTING}
    assert {"interventions:workorder-task", "interventions:workorder-transition", "people:skill-create"} <= names
    assert {"people:skill-archive", "core:switch-organization", "set-language"} <= names


def _payloads(route, client, url):
    """Empty; the page's own form as the page fills it in (valid for an edit form); every workflow step."""
    payloads = [{}]
    if hasattr(route.view_class, "get"):
        page = client.get(url)
        form = page.context.get("form") if page.status_code == 200 and page.context else None
        if form is not None:
            payloads.append(_filled(form))
    for name in getattr(route.view_class, "transitions", {}):
        payloads.append({"step": name})
    return payloads


def _filled(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


@pytest.mark.parametrize("route", POSTING, ids=str)
def test_no_htmx_post_gets_a_redirect_nor_a_whole_page(route, world, web):
    if route.name == "logout":  # ends the session: its own, not the module's shared one
        client = Client()
        client.force_login(world.admin_a)
    else:
        client = web(world.admin_a)
    urls = object_urls(route, world.a_objects, children_of=lambda model: world.a_objects(model)[:1])
    for url in urls:
        for data in _payloads(route, client, url):
            response = client.post(url, data, **HTMX)
            what = f"HTMX POST {url} {data}"
            hx = sorted(name for name in response.headers if name.lower().startswith("hx-"))
            assert response.status_code < 500, what
            if 300 <= response.status_code < 400:
                assert not hx, f"{what} → {response.status_code} with {hx}: htmx ignores them and follows"
                assert not _is_project_view(route), f"{what} → {response.status_code}: answer 200 + HX-Redirect"
            if not _is_project_view(route):
                continue
            body = response.content.decode("utf-8", "replace")
            swapped = response.status_code == HTMX_ERROR_STATUS or (
                response.status_code == 200 and "HX-Redirect" not in response and "HX-Location" not in response
            )
            if swapped:
                assert "<html" not in body.lower(), f"{what} → {response.status_code}: a whole page, to be swapped"
            if response.status_code == HTMX_ERROR_STATUS:
                assert body.strip(), f"{what} → an empty refusal: the fragment should say why"
