"""Tenant isolation, walked over every route: an administrator of organization B (the most permissive role)
requests every page and every API operation with organization A's record ids, and must get nothing of A.

Organization A's records carry the marker `SECRET-A-` (see conftest.py). The control tests at the end prove
the walk can fail: A's own administrator does see those markers on the same routes.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from rest_framework import relations

from regie.core import tenancy

from .conftest import leaks
from .helpers import content, diff, is_refused, object_urls, snapshot
from .routes import all_routes, api_operations

pytestmark = pytest.mark.django_db

HTML = [r for r in all_routes() if not r.in_api_schema]
HTML_OBJECT = [r for r in HTML if r.object_kwarg or "content_type_id" in r.kwarg_names]
HTML_LISTS = [r for r in HTML if not r.object_kwarg and r.model is not None and r.view_class is not None]
ADMIN_CHANGELISTS = [r for r in HTML if r.model_admin is not None and (r.name or "").endswith("_changelist")]
WITH_FORM = [
    r
    for r in HTML
    if r.model is not None
    and (
        hasattr(r.view_class, "form_class")
        or hasattr(r.view_class, "get_form")
        or (r.model_admin is not None and (r.name or "").endswith(("_add", "_change")))
    )
]

OPS = api_operations()
API_GET = [op for op in OPS if op.method == "get"]
API_WRITE_ON_OBJECT = [op for op in OPS if op.is_write and op.path_params]
API_WITH_BODY = [op for op in OPS if op.method in ("post", "put", "patch") and op.request_schema()]


def op_urls(op, objects_of, children_of=None):
    """URLs of an API operation for the given records (through its route: same path, same record ids)."""
    return object_urls(op.route, objects_of, children_of)


def foreign_urls(route, world, *, archived_too=False):
    """URLs of `route` that name organization A's records: A's record, or B's record with A's child record.

    Isolation does not depend on a record's state: A's active record is enough, except where `archived_too`.
    """
    if route.object_kwarg is None and "content_type_id" not in route.kwarg_names:
        return []
    if archived_too:
        a_objects, b_objects = world.a_objects, world.b_objects
    else:
        a_objects, b_objects = (lambda model: world.a_objects(model)[:1]), (lambda model: world.b_objects(model)[:1])
    urls = object_urls(route, a_objects)
    if route.child_kwargs:
        urls += object_urls(route, b_objects, children_of=a_objects)
    return urls


def test_every_url_argument_is_known():
    """A URL argument is a record id, a child record id (`CHILD_KWARGS`, with its model) or a known parameter."""
    unknown = {str(route): route.unknown_kwargs for route in all_routes() if route.unknown_kwargs}
    assert not unknown, f"tell tests/security/routes.py what these URL arguments name: {unknown}"


def test_every_route_with_a_record_id_names_its_model():
    for route in all_routes():
        if route.object_kwarg and "content_type_id" not in route.kwarg_names:  # that one walks every model
            assert route.model is not None, f"{route} takes a record id but names no model"
    for op in OPS:
        if op.path_params:
            assert op.route.model is not None, f"{op} takes a record id but names no model"


# --- HTML ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", HTML, ids=str)
def test_html_get_shows_nothing_of_another_organization(route, world, web):
    client = web(world.admin_b)
    takes_object = route in HTML_OBJECT
    if takes_object:
        urls = foreign_urls(route, world)
    else:  # lists: archived records too
        urls = [route.url()] if route.admin_site else [route.url(), route.url() + "?archived=1"]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500
        if takes_object:
            assert is_refused(route, response) or response.status_code == 405, (
                f"GET {url} (organization A's record) as B's administrator → {response.status_code}"
            )
        else:  # a page, a redirect (signed-in users leave the login page), parameters missing, refused, POST-only
            assert response.status_code in (200, 302, 400, 403, 404, 405), f"GET {url} → {response.status_code}"
        assert not leaks(content(response)), f"GET {url} as B's administrator shows organization A's data"


def _form_of(response):
    context = response.context
    if context is None:
        return None
    if "adminform" in context:
        return context["adminform"].form
    return context.get("form")


def _archives(route):
    from regie.core.views import RecordArchiveView

    return route.view_class is not None and issubclass(route.view_class, RecordArchiveView)


@pytest.mark.parametrize("route", HTML_OBJECT, ids=str)
def test_html_post_to_another_organizations_record_is_refused(route, world, web):
    """Whatever the payload: a refusal happens before validation (a 400 would mean A's record was reached)."""
    client = web(world.admin_b)
    payload = {"name": "HACKED", "title": "HACKED", "code": "HACKED", "reason": "HACKED", "role": "admin"}
    variants = [{}, {"restore": "1"}] if _archives(route) else [{}]
    before = snapshot()
    for url in foreign_urls(route, world, archived_too=bool(_archives(route))):
        for extra in variants:
            response = client.post(url, {**payload, **extra})
            assert is_refused(route, response) or response.status_code == 405, (
                f"POST {url} (organization A's record) as B's administrator → {response.status_code}"
            )
            assert not leaks(content(response))
    assert diff(before, snapshot()) == {}, f"POST to {route} as B changed organization A's data"


@pytest.mark.parametrize("route", ADMIN_CHANGELISTS, ids=str)
def test_admin_actions_ignore_another_organizations_records(route, world, web):
    client = web(world.admin_b)
    ids = [obj.pk for obj in world.a_objects(route.model)]
    before = snapshot()
    for action in [*(route.model_admin.actions or ()), "delete_selected"]:
        response = client.post(route.url(), {"action": action, ACTION_CHECKBOX_NAME: ids, "index": 0, "post": "yes"})
        assert response.status_code in (200, 302, 403), f"{route} action {action} → {response.status_code}"
        assert not leaks(content(response))
    assert diff(before, snapshot()) == {}, f"admin actions of {route} as B changed organization A's data"


def test_web_organization_switcher_refuses_a_foreign_organization(world, web):
    client = web(world.admin_b)
    response = client.post("/organization/switch/", {"organization": world.org_a.pk})
    assert response.status_code == 302
    assert client.session.get(tenancy.SESSION_KEY) != world.org_a.pk
    home = client.get("/")
    assert home.status_code == 200
    assert not leaks(home.content)
    # A session value that names a foreign organization (forged or stale) is ignored too.
    session = client.session
    session[tenancy.SESSION_KEY] = world.org_a.pk
    session.save()
    for route in HTML_LISTS:
        response = client.get(route.url())
        assert not leaks(content(response)), f"{route} follows a session organization the user is not a member of"


def test_web_organization_switcher_accepts_own_organization(world, web, make_member):
    """Control: the switcher does switch between the user's own organizations."""
    from regie.core.permissions import Role

    make_member(world.org_c, Role.ADMIN, user=world.admin_b)
    client = web(world.admin_b)
    client.post("/organization/switch/", {"organization": world.org_c.pk})
    assert client.session.get(tenancy.SESSION_KEY) == world.org_c.pk


# --- forms: choices and submitted references ---------------------------------------------------------------


def _related_form_fields(form):
    return {
        name: field.queryset.model
        for name, field in form.fields.items()
        if getattr(field, "queryset", None) is not None
    }


@pytest.mark.parametrize("route", WITH_FORM, ids=str)
def test_html_form_refuses_references_to_another_organizations_records(route, world, web):
    """Every choice field of every form (of every page that shows one), given an id of A's record, answers a
    form error for that field."""
    client = web(world.admin_b)
    own = world.b.get(route.model)
    if route.object_kwarg and own is None:
        pytest.fail(f"no {route.model.__name__} of B in the security test world")
    url = route.url(**{route.object_kwarg: own.pk}) if route.object_kwarg else route.url()
    response = client.get(url)
    form = _form_of(response)
    if form is None:
        return
    before = snapshot()
    for name, model in _related_form_fields(form).items():
        for obj in world.a_objects(model):
            response = client.post(url, {name: obj.pk})
            assert response.status_code in (200, 400), (
                f"POST {url} {name}=A's {model.__name__} → {response.status_code}"
            )
            errors = _form_of(response).errors
            assert name in errors, f"{route}: {name} accepts organization A's {model.__name__} #{obj.pk}"
    assert diff(before, snapshot()) == {}


# --- API ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", API_GET, ids=str)
def test_api_get_shows_nothing_of_another_organization(op, world, api):
    client = api(world.admin_b)
    if op.path_params:
        for url in foreign_urls(op.route, world, archived_too=True):
            response = client.get(url)
            assert response.status_code in (403, 404), f"GET {url} (A's record) as B → {response.status_code}"
            assert not leaks(response.content)
    else:
        response = client.get(op.url(), {"archived": "all", "page_size": 200})
        assert response.status_code in (200, 400, 403), f"GET {op.url()} as B → {response.status_code}"
        assert not leaks(response.content), f"GET {op.url()} as B's administrator shows organization A's data"


@pytest.mark.parametrize("op", API_GET, ids=str)
def test_api_x_organization_header_cannot_reach_another_organization(op, world, api):
    """X-Organization names an organization the user is not a member of: refused, never A's (or B's) data."""
    headers = (world.org_a.pk, world.org_a.slug) if not op.path_params else (world.org_a.pk,)
    for header in headers:
        client = api(world.admin_b, organization=header)
        for url in op_urls(op, lambda model: world.a_objects(model)[:1] + world.b_objects(model)[:1]):
            response = client.get(url)
            assert not leaks(response.content), f"GET {url} with X-Organization: {header} shows A's data"
            if response.status_code == 200:
                assert getattr(op.route.api_class, "tenant_exempt_reason", ""), (
                    f"GET {url} with X-Organization of a foreign organization answered 200"
                )
            else:
                assert response.status_code in (403, 404), f"GET {url} → {response.status_code}"


def _schema_payload(op):
    """A plausible body for an operation, from its request schema (strings, enums, decimals)."""
    schema = op.request_schema() or {}
    payload = {}
    for name, prop in schema.get("properties", {}).items():
        from .routes import resolve_ref

        prop = resolve_ref(prop.get("allOf", [prop])[0]) if "allOf" in prop else resolve_ref(prop)
        if prop.get("readOnly"):
            continue
        if "enum" in prop:
            payload[name] = next(v for v in prop["enum"] if v)
        elif prop.get("type") == "string" and prop.get("format") == "decimal":
            payload[name] = "1.0"
        elif prop.get("type") == "string" and prop.get("format") == "email":
            payload[name] = "hacked@example.org"
        elif prop.get("type") == "string" and not prop.get("format"):
            payload[name] = "HACKED"[: prop.get("maxLength", 6)]
    return payload


@pytest.mark.parametrize("op", API_WRITE_ON_OBJECT, ids=str)
def test_api_write_to_another_organizations_record_is_refused(op, world, api):
    client = api(world.admin_b)
    payload = _schema_payload(op)
    before = snapshot()
    for url in foreign_urls(op.route, world, archived_too=op.path.endswith("/restore/")):
        response = getattr(client, op.method)(url, payload, format="json")
        assert response.status_code in (403, 404), (
            f"{op.method.upper()} {url} (A's record) as B → {response.status_code}"
        )
        assert not leaks(response.content)
    assert diff(before, snapshot()) == {}, f"{op} as B changed organization A's data"


def _related_serializer_fields(op):
    """{field name: (related model, many)} of the request serializer of an operation."""
    route = op.route
    cls = route.api_class
    view = cls(action=route.actions.get(op.method), request=None, format_kwarg=None, kwargs={})
    if not hasattr(view, "get_serializer_class"):
        return {}
    serializer = view.get_serializer_class()(context={})
    fields = {}
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        many = isinstance(field, relations.ManyRelatedField)
        target = field.child_relation if many else field
        if isinstance(target, relations.RelatedField) and target.queryset is not None:
            fields[name] = (target.queryset.model, many)
    return fields


@pytest.mark.parametrize("op", API_WITH_BODY, ids=str)
def test_api_refuses_references_to_another_organizations_records(op, world, api):
    """Every relation field of every API input, given an id of A's record, answers 400 for that field."""
    client = api(world.admin_b)
    related = _related_serializer_fields(op)
    if op.path_params:
        own = world.b.get(op.route.model)
        assert own is not None, f"no {op.route.model.__name__} of B in the security test world"
        url = op.url(**{op.path_params[0]: own.pk})
    else:
        url = op.url()
    before = snapshot()
    for name, (model, many) in related.items():
        for obj in world.a_objects(model):
            response = getattr(client, op.method)(url, {name: [obj.pk] if many else obj.pk}, format="json")
            assert response.status_code == 400, f"{op} {name}=A's {model.__name__} #{obj.pk} → {response.status_code}"
            assert name in response.json().get("fields", {}), f"{op}: {name} accepts A's {model.__name__}"
    assert diff(before, snapshot()) == {}


def test_admin_autocomplete_is_scoped(world, web):
    from django.urls import reverse

    from regie.core.admin import admin_site

    client = web(world.admin_b)
    for model in admin_site._registry:
        for field in model._meta.get_fields():
            if not (field.is_relation and (field.many_to_one or field.many_to_many)) or field.auto_created:
                continue
            response = client.get(
                reverse("admin:autocomplete"),
                {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field.name},
            )
            assert response.status_code < 500
            assert not leaks(response.content), f"admin autocomplete of {model.__name__}.{field.name} shows A's data"


# --- controls: the walk can fail -------------------------------------------------------------------------


@pytest.mark.parametrize("route", [r for r in HTML_OBJECT if r.view_class and not r.admin_site], ids=str)
def test_control_owner_sees_its_records(route, world, web):
    """A's administrator gets A's records on the same URLs (so the ids and markers above are meaningful)."""
    client = web(world.admin_a)
    shown = 0
    for url in object_urls(route, lambda model: world.a_objects(model)[:1]):
        response = client.get(url)
        assert response.status_code in (200, 302, 404, 405), f"GET {url} as A's administrator → {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert leaks(content(response)), f"{url} shows no marker of A's record: the isolation walk proves nothing"
            shown += 1
    if route.view_class.__name__.endswith("DetailView"):
        assert shown, f"{route}: A's administrator cannot see A's record"


def _has_text(model):
    from django.db import models

    return any(
        isinstance(f, models.CharField | models.TextField) and not f.choices for f in model._meta.concrete_fields
    )


API_CONTROL = [
    op
    for op in API_GET
    if op.route.actions.get("get") in ("list", "retrieve") and op.route.model is not None and _has_text(op.route.model)
]


@pytest.mark.parametrize("op", API_CONTROL, ids=str)
def test_control_owner_sees_its_records_in_the_api(op, world, api):
    client = api(world.admin_a)
    archived = "?archived=all" if getattr(op.route.api_class, "archived_param", None) else ""  # lists that archive
    urls = op_urls(op, lambda model: world.a_objects(model)[:1]) if op.path_params else [op.url() + archived]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} as A's administrator → {response.status_code}"
        assert leaks(response.content), f"{url} shows no marker of A's data: the isolation walk proves nothing"
