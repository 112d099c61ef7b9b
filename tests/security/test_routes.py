"""Deny by default, and one mechanism: every route either requires a signed-in member and goes through the
tenant mixins, or is listed in `public_routes.py` with its reason."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from regie.core.api import TenantAPIMixin
from regie.core.api_defaults import MatrixPermission
from regie.core.permissions import MATRIX
from regie.core.views import TenantViewMixin

from .public_routes import ACCOUNT_ROUTES, LOGIN_ROUTES, PUBLIC_ROUTES
from .routes import all_routes, api_operations, api_routes

pytestmark = pytest.mark.django_db

PROTECTED = [r for r in all_routes() if r.name not in PUBLIC_ROUTES]
PUBLIC = [r for r in all_routes() if r.name in PUBLIC_ROUTES]


def _login_paths():
    return {reverse(name) for name in LOGIN_ROUTES}


def assert_sent_to_login(route, response):
    if route.is_api:
        assert response.status_code == 401, f"{route}: anonymous API request answered {response.status_code}"
        body = response.json()
        assert body["code"] == "not_authenticated", body
        return
    assert response.status_code == 302, f"{route}: anonymous request answered {response.status_code}, not a redirect"
    target = urlsplit(response["Location"])
    assert target.path in _login_paths(), f"{route}: redirects anonymous users to {response['Location']}"


@pytest.mark.parametrize("route", PROTECTED, ids=str)
def test_protected_route_refuses_anonymous(route, web):
    client = web()
    for method in ("get", "post", "put", "patch", "delete"):
        response = getattr(client, method)(route.url())
        assert_sent_to_login(route, response)


@pytest.mark.parametrize("route", PUBLIC, ids=str)
def test_public_route_is_really_public(route, web):
    client = web()
    response = client.get(route.url())
    if response.status_code == 405:  # POST-only public endpoints (language switch, token login)
        response = client.post(route.url(), {})
    assert response.status_code not in (401, 403), f"{route} is listed as public but answers {response.status_code}"
    if response.status_code in (301, 302):
        assert urlsplit(response["Location"]).path not in _login_paths(), f"{route} sends anonymous users to login"
    assert response.status_code < 500


def test_public_and_account_lists_name_existing_routes():
    names = {r.name for r in all_routes()}
    stale = (set(PUBLIC_ROUTES) | set(ACCOUNT_ROUTES) | set(LOGIN_ROUTES)) - names
    assert not stale, f"public_routes.py names routes that no longer exist: {sorted(stale)}"
    assert set(LOGIN_ROUTES) <= set(PUBLIC_ROUTES)
    assert not set(PUBLIC_ROUTES) & set(ACCOUNT_ROUTES)


# --- one mechanism ----------------------------------------------------------------------------------------


def _exempt_reason(route):
    if route.name in PUBLIC_ROUTES:
        return PUBLIC_ROUTES[route.name]
    if route.name in ACCOUNT_ROUTES:
        return ACCOUNT_ROUTES[route.name]
    site = route.admin_site
    if site is not None:
        return getattr(site, "tenant_exempt_reason", "")
    cls = route.api_class or route.view_class
    return getattr(cls, "tenant_exempt_reason", "")


@pytest.mark.parametrize("route", all_routes(), ids=str)
def test_route_goes_through_the_tenant_mechanism(route):
    """An HTML view inherits TenantViewMixin, an API view TenantAPIMixin, or it says why not."""
    if route.admin_site is not None:
        assert _exempt_reason(route), (
            f"{route}: the admin site {type(route.admin_site).__name__} must state its `tenant_exempt_reason`"
        )
        return
    mixin = TenantAPIMixin if route.is_api else TenantViewMixin
    cls = route.api_class or route.view_class
    if cls is not None and issubclass(cls, mixin):
        if not getattr(cls, "tenant_exempt_reason", ""):
            _assert_declares_matrix_action(route, cls)
        return
    assert _exempt_reason(route), (
        f"{route} ({cls or route.callback!r}) does not go through {mixin.__name__}: inherit it, or give the view "
        "a `tenant_exempt_reason` (or list a public route in tests/security/public_routes.py)"
    )


def _assert_declares_matrix_action(route, cls):
    if issubclass(cls, TenantAPIMixin):
        assert MatrixPermission in cls.permission_classes, f"{route}: API view without MatrixPermission"
        verbs = {"view", "manage"} | {a.split(".", 1)[1] for a in cls.permission_actions.values()}
        assert f"{cls.permission_resource}.view" in MATRIX, f"{route}: permission_resource not in the matrix"
        assert all(a in MATRIX for a in cls.permission_actions.values()), route
        assert verbs
    else:
        action = cls.permission_action
        assert action in MATRIX, f"{route}: permission_action {action!r} is not an action of the matrix"


def test_api_routes_and_schema_agree():
    """Every API route is documented in the OpenAPI schema and every documented operation exists."""
    documented = {op.route.key for op in api_operations()}
    routes = {r.key for r in api_routes()}
    assert routes - documented == set(), f"API routes missing from the schema: {sorted(routes - documented)}"
    for op in api_operations():
        route = op.route
        if route.actions:
            assert op.method in route.actions, f"{op}: documented but not routed"
