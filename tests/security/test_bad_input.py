"""Bad input never breaks anything: every API write operation of the schema and every HTML form gets malformed,
wrong-typed, oversized and dangling-reference payloads, and answers an error (never a 500), in the API's error
format, without writing anything."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from rest_framework import relations

from .helpers import object_urls
from .routes import all_routes, api_operations, resolve_ref

pytestmark = pytest.mark.django_db

WRITE_OPS = [op for op in api_operations() if op.method in ("post", "put", "patch")]

# One bad value of each kind: wrong types, out-of-range numbers, oversized text, NUL and unpaired surrogates.
BAD_VALUES = {
    "text": "not a number",
    "huge": 10**30,
    "negative": -1,
    "float": 1e308,
    "long": "x" * 10_000,
    "null": None,
    "object": {"nested": {"deeper": [1, 2]}},
    "list": [1, "two", None],
    "bool": True,
    "nul": "abc\x00def",
    "surrogate": "abc\ud800def",
    "unicode": "\u202e\u0301é🙂" * 10,
}
# For one field at a time (PATCH): the values that may pass validation and reach the services and the database.
SINGLE_FIELD_VALUES = ("huge", "long", "nul", "surrogate")
MALFORMED_BODIES = ['{"name": ', "[1, 2, 3]", "null", '{"a": NaN}', "{" * 5000, "[" * 10_000 + "]" * 10_000]


def _project_tables():
    tables = set()
    for config in apps.get_app_configs():
        if config.name.startswith("regie."):
            for model in config.get_models(include_auto_created=True):
                tables.add(model._meta.db_table)
    return sorted(tables | {"knox_authtoken", "core_user"})


PROJECT_TABLES = _project_tables()


def row_counts():
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{t}', COUNT(*) FROM {connection.ops.quote_name(t)}"  # noqa: S608 - model metadata
                for t in PROJECT_TABLES
            )
        )
        return dict(cursor.fetchall())


def assert_error_format(response, where):
    body = response.json()
    assert isinstance(body, dict), f"{where}: error body is not an object: {body!r}"
    assert isinstance(body.get("code"), str) and body["code"], f"{where}: no 'code': {body}"
    assert isinstance(body.get("message"), str) and body["message"], f"{where}: no 'message': {body}"
    if "fields" in body:
        assert isinstance(body["fields"], dict), f"{where}: 'fields' is not an object: {body}"


class Checker:
    """Sends a request, checks it is not a server error, and that an error response wrote nothing."""

    def __init__(self, client, api):
        self.client, self.api = client, api

    def send(self, method, url, **kwargs):
        before = row_counts()
        response = getattr(self.client, method)(url, **kwargs)
        where = f"{method.upper()} {url} {str(kwargs.get('data'))[:120]!r}"
        assert response.status_code < 500, f"{where} → {response.status_code}"
        if response.status_code >= 400:
            after = row_counts()
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            assert not changed, f"{where} → {response.status_code} but wrote rows: {changed}"
            if self.api:
                assert_error_format(response, where)
        return response


def _reads_body(op):
    """Creates and updates read their body; other actions (restore, logout…) may ignore it."""
    return op.route.actions.get(op.method) in ("create", "update", "partial_update")


def _url(op, world):
    if not op.path_params:
        return op.url()
    restore = op.path.rstrip("/").endswith("restore")
    return object_urls(op.route, lambda model: world.b_objects(model)[-1:] if restore else world.b_objects(model)[:1])[
        0
    ]


def _properties(op):
    schema = op.request_schema() or {}
    return {name: resolve_ref(prop) for name, prop in schema.get("properties", {}).items() if not prop.get("readOnly")}


def _related_fields(op):
    route = op.route
    view = route.api_class(action=route.actions.get(op.method), request=None, format_kwarg=None, kwargs={})
    if not hasattr(view, "get_serializer_class"):
        return {}
    try:
        serializer = view.get_serializer_class()(context={})
    except Exception:  # a serializer that needs its request: its fields are still in the schema
        return {}
    related = {}
    for name, field in serializer.fields.items():
        if not field.read_only and isinstance(field, relations.ManyRelatedField | relations.RelatedField):
            related[name] = isinstance(field, relations.ManyRelatedField)
    return related


def _related_models(op):
    """Writable related field name → the model it names (for ids of real records)."""
    route = op.route
    view = route.api_class(action=route.actions.get(op.method), request=None, format_kwarg=None, kwargs={})
    try:
        serializer = view.get_serializer_class()(context={})
    except Exception:
        return {}
    models = {}
    for name, field in serializer.fields.items():
        target = getattr(field, "child_relation", field)
        if not field.read_only and getattr(target, "queryset", None) is not None:
            models[name] = (target.queryset.model, isinstance(field, relations.ManyRelatedField))
    return models


@pytest.mark.parametrize("op", WRITE_OPS, ids=str)
def test_api_write_survives_bad_input(op, world, api):
    checker = Checker(api(world.admin_b), api=True)
    url = _url(op, world)
    for body in MALFORMED_BODIES:
        response = checker.send(op.method, url, data=body, content_type="application/json")
        if _reads_body(op):
            assert response.status_code == 400, f"{op} with body {body[:20]!r} → {response.status_code}"
    checker.send(op.method, url, data="name=x", content_type="text/plain")
    properties = _properties(op)
    if properties:
        for value in BAD_VALUES.values():
            checker.send(
                op.method, url, data=json.dumps(dict.fromkeys(properties, value)), content_type="application/json"
            )
    if op.method == "patch":
        for name in properties:
            for kind in SINGLE_FIELD_VALUES:
                checker.send(op.method, url, data=json.dumps({name: BAD_VALUES[kind]}), content_type="application/json")
    for name, many in _related_fields(op).items():
        for unknown in (999_999_999, "abc", 10**30):
            response = checker.send(
                op.method, url, data=json.dumps({name: [unknown] if many else unknown}), content_type="application/json"
            )
            assert response.status_code == 400 and name in response.json().get("fields", {}), (
                f"{op}: {name}={unknown!r} (no such record) → {response.status_code} {response.content[:200]!r}"
            )


@pytest.mark.parametrize(
    "op", [op for op in WRITE_OPS if _reads_body(op) and hasattr(op.route.api_class, "get_serializer_class")], ids=str
)
def test_api_refuses_fractional_ids(op, world, api):
    """A float naming a real record (its id + 0.5, or "id.5") is refused, never truncated to that record."""
    checker = Checker(api(world.admin_b), api=True)
    url = _url(op, world)
    for name, (model, many) in _related_models(op).items():
        record = world.b.get(model)
        if record is None:
            continue
        for value in (record.pk + 0.5, f"{record.pk}.5", float(record.pk)):
            body = json.dumps({name: [value] if many else value})
            response = checker.send(op.method, url, data=body, content_type="application/json")
            assert response.status_code == 400 and name in response.json().get("fields", {}), (
                f"{op}: {name}={value!r} → {response.status_code} {response.content[:200]!r}"
            )


@pytest.mark.parametrize("op", WRITE_OPS, ids=str)
def test_api_refuses_oversized_bodies(op, world, api):
    checker = Checker(api(world.admin_b), api=True)
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    body = json.dumps({"reason": "ok", "name": "ok", "padding": padding})
    response = checker.send(op.method, _url(op, world), data=body, content_type="application/json")
    if _reads_body(op) or response.status_code >= 400:
        assert response.status_code in (400, 413, 415), f"{op}: a body over the size limit → {response.status_code}"


# --- HTML forms --------------------------------------------------------------------------------------------


def _form_of(response):
    context = response.context
    if context is None:
        return None
    if "adminform" in context:
        return context["adminform"].form
    return context.get("form")


FORM_ROUTES = [
    r
    for r in all_routes()
    if not r.in_api_schema
    and r.model is not None
    and (
        hasattr(r.view_class, "form_class")
        or hasattr(r.view_class, "get_form")
        or (r.model_admin is not None and (r.name or "").endswith(("_add", "_change")))
    )
]


@pytest.mark.parametrize("route", FORM_ROUTES, ids=str)
def test_html_form_survives_bad_input(route, world, web):
    client = web(world.admin_b)
    url = object_urls(route, lambda model: world.b_objects(model)[:1])[0]
    form = _form_of(client.get(url))
    if form is None:
        return  # not a form B may use (403, 405): the isolation and matrix tests cover the refusal
    checker = Checker(client, api=False)
    names = list(form.fields)
    for value in ("x" * 10_000, "abc\x00def", str(10**30), "\u202e🙂é"):
        response = checker.send("post", url, data=dict.fromkeys(names, value))
        # 302: a form whose fields take any text (an archive's reason) may accept it
        assert response.status_code in (200, 302, 400), f"POST {url} garbage → {response.status_code}"
    response = checker.send("post", url, data={name: ["a", "b", "c"] for name in names})
    for name, field in form.fields.items():
        if getattr(field, "queryset", None) is not None:
            for unknown in ("999999999", str(10**30)):
                response = checker.send("post", url, data={name: unknown})
                assert name in _form_of(response).errors, f"POST {url} {name}={unknown} accepted"
    oversized = checker.send(
        "post",
        url,
        data="a=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        content_type="application/x-www-form-urlencoded",
    )
    assert oversized.status_code in (400, 413), f"POST {url} oversized → {oversized.status_code}"


# --- query strings -----------------------------------------------------------------------------------------

BAD_QUERY_VALUES = ("abc", str(10**30), "a\x00b", "x" * 3000)
LIST_OPS = [op for op in api_operations() if op.method == "get" and op.route.actions.get("get") == "list"]
LIST_PAGES = [r for r in all_routes() if not r.in_api_schema and getattr(r.view_class, "filterset_class", 0) != 0]


@pytest.mark.parametrize("op", LIST_OPS, ids=str)
def test_api_list_survives_bad_query_parameters(op, world, api):
    client = api(world.admin_b)
    names = [p["name"] for p in op.spec.get("parameters", []) if p["in"] == "query"]
    assert "page" in names, f"{op}: a list is paginated"
    for name in names:
        for value in BAD_QUERY_VALUES:
            response = client.get(op.url(), {name: value})
            assert response.status_code in (200, 400), f"GET {op.url()}?{name}={value[:20]!r} → {response.status_code}"
            if response.status_code == 400:
                assert_error_format(response, f"GET {op.url()}?{name}=…")


@pytest.mark.parametrize("route", LIST_PAGES, ids=str)
def test_html_list_survives_bad_query_parameters(route, world, web):
    client = web(world.admin_b)
    filterset = route.view_class.filterset_class
    fields = getattr(filterset, "base_filters", None) or getattr(
        getattr(filterset, "form_class", None), "base_fields", {}
    )
    page_only = getattr(filterset, "page_only_filters", {})  # the page's day pickers, not in the API
    names = ["q", "sort", "page", "archived", *fields, *page_only]
    for name in names:
        for value in BAD_QUERY_VALUES:
            response = client.get(route.url(), {name: value})
            assert response.status_code in (200, 400, 403), (
                f"GET {route.url()}?{name}={value[:20]!r} → {response.status_code}"
            )


# --- bounds of each field: sizes, collections, plausible dates ----------------------------------------------

API = "/api/v1"
LONG_DESCRIPTION = "x" * 5001
ABSURD_DATES = ("0001-01-01", "0598-05-04", "1900-01-01")


def _refused(checker, method, url, body, field):
    response = checker.send(method, url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400, f"{method.upper()} {url} {field}: {response.status_code} {response.content!r}"
    assert field in response.json().get("fields", {}), f"{url}: the error names {field}: {response.json()}"
    return response


def _reference(world):
    from regie.interventions.models import Category, Priority

    return {"category": world.b[Category].pk, "priority": world.b[Priority].pk}


def _open_work_order(world):
    from regie.interventions.models import WorkOrder
    from regie.interventions.workflow import WorkOrderState

    work_order = world.b[WorkOrder]
    WorkOrder.objects.filter(pk=work_order.pk).update(state=WorkOrderState.IN_PROGRESS)
    return work_order


def test_api_refuses_out_of_bounds_requests(world, api):
    from regie.interventions.models import InterventionRequest

    checker = Checker(api(world.admin_b), api=True)
    base = {"title": "Leak", "description": "Water", "location": "School", **_reference(world)}
    _refused(checker, "post", f"{API}/requests/", {**base, "description": LONG_DESCRIPTION}, "description")
    _refused(checker, "post", f"{API}/requests/", {**base, "title": "x" * 161}, "title")
    _refused(checker, "post", f"{API}/requests/", {**base, "estimated_amount": "1000000000"}, "estimated_amount")
    for day in ABSURD_DATES:
        _refused(checker, "post", f"{API}/requests/", {**base, "desired_date": day}, "desired_date")
    url = f"{API}/requests/{world.b[InterventionRequest].pk}/"
    _refused(checker, "patch", url, {"description": LONG_DESCRIPTION}, "description")
    _refused(checker, "patch", url, {"desired_date": "0598-05-04"}, "desired_date")


def test_api_refuses_out_of_bounds_work_orders(world, api):
    from regie.interventions.models import WorkOrder

    checker = Checker(api(world.admin_b), api=True)
    base = {"title": "Repair", **_reference(world)}
    url = f"{API}/work-orders/"
    _refused(checker, "post", url, {**base, "tasks": [f"task {n}" for n in range(10_000)]}, "tasks")
    _refused(checker, "post", url, {**base, "description": LONG_DESCRIPTION}, "description")
    _refused(checker, "post", url, {**base, "estimated_hours": "100000"}, "estimated_hours")
    for day in ABSURD_DATES:
        slot = {"planned_start": f"{day}T07:02:51Z", "planned_end": f"{day}T09:00:00Z"}
        _refused(checker, "post", url, {**base, **slot}, "planned_start")
        _refused(checker, "patch", f"{url}{world.b[WorkOrder].pk}/", slot, "planned_start")
        _refused(checker, "post", f"{url}{world.b[WorkOrder].pk}/reschedule/", slot, "planned_start")
    work_order = _open_work_order(world)
    body = {"transition": "complete", "report": "x" * 10_001, "first_visit_fix": True}
    _refused(checker, "post", f"{url}{work_order.pk}/transitions/", body, "report")


def test_api_refuses_time_and_costs_out_of_bounds(world, api):
    from datetime import timedelta

    from django.utils import timezone

    from regie.people.models import Agent

    checker = Checker(api(world.admin_b), api=True)
    work_order = _open_work_order(world)
    url = f"{API}/work-orders/{work_order.pk}"
    today = timezone.localdate()
    entry = {"agent": world.b[Agent].pk, "hours": "2"}
    for day in (*ABSURD_DATES, str(today + timedelta(days=1)), str(today - timedelta(days=366))):
        _refused(checker, "post", f"{url}/time-entries/", {**entry, "date": day}, "date")
    _refused(checker, "post", f"{url}/time-entries/", {**entry, "date": str(today), "hours": "25"}, "hours")
    line = {"kind": "material", "label": "Pipe", "date": str(today), "unit_cost": "10"}
    _refused(checker, "post", f"{url}/cost-lines/", {**line, "date": "0001-01-01"}, "date")
    _refused(checker, "post", f"{url}/cost-lines/", {**line, "quantity": "10000000"}, "quantity")
    _refused(checker, "post", f"{url}/cost-lines/", {**line, "quantity": "999999", "unit_cost": "9999999"}, "unit_cost")
    _refused(checker, "post", f"{url}/cost-lines/", {**line, "label": "x" * 201}, "label")
    ok = checker.send("post", f"{url}/time-entries/", data={**entry, "date": str(today)}, format="json")
    assert ok.status_code == 201, ok.content


def test_time_entry_horizon_is_the_organizations_setting(world, api):
    from datetime import timedelta

    from django.utils import timezone

    from regie.interventions.services.settings import update_workflow_settings
    from regie.people.models import Agent

    work_order = _open_work_order(world)
    update_workflow_settings(by=world.admin_b, organization=world.org_b, data={"time_entry_horizon_days": 30})
    client = api(world.admin_b)
    url = f"{API}/work-orders/{work_order.pk}/time-entries/"
    entry = {"agent": world.b[Agent].pk, "hours": "1"}
    old = client.post(url, {**entry, "date": str(timezone.localdate() - timedelta(days=31))}, format="json")
    assert old.status_code == 400 and "30" in old.json()["fields"]["date"][0]
    recent = client.post(url, {**entry, "date": str(timezone.localdate() - timedelta(days=29))}, format="json")
    assert recent.status_code == 201, recent.content


def test_schema_declares_the_bounds(world, api):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(public=True)["components"]["schemas"]
    assert schema["RequestCreateRequest"]["properties"]["description"]["maxLength"] == 5000
    assert schema["WorkOrderCreateRequest"]["properties"]["tasks"]["maxItems"] == 200
    assert schema["TimeEntryInputRequest"]["properties"]["hours"]["maximum"] == 24
    assert schema["CostLineInputRequest"]["properties"]["unit_cost"]["maximum"] == 99999999.99
    assert schema["PatchedWorkflowSettingsRequest"]["properties"]["time_entry_horizon_days"]["maximum"] == 1830


def test_html_forms_refuse_out_of_bounds_input(world, web):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from regie.people.models import Agent

    client = web(world.admin_b)
    checker = Checker(client, api=False)
    reference = _reference(world)

    def refused(url, data, field, form_name="form"):
        response = checker.send("post", url, data=data)
        form = response.context.get(form_name) if response.context else None
        assert response.status_code in (200, 400) and form is not None and field in form.errors, (
            f"POST {url} {field}: {response.status_code} {getattr(form, 'errors', None)}"
        )
        return response

    url = reverse("interventions:request-create")
    request = {"title": "Leak", "description": "Water", "location": "School", **reference}
    refused(url, {**request, "description": LONG_DESCRIPTION}, "description")
    refused(url, {**request, "desired_date": "0598-05-04"}, "desired_date")
    url = reverse("interventions:workorder-create")
    work_order = {"title": "Repair", "execution": "in_house", "kind": "corrective", **reference}
    refused(url, {**work_order, "tasks": "\n".join(f"task {n}" for n in range(201))}, "tasks")
    refused(
        url, {**work_order, "planned_start": "0598-05-04T07:02", "planned_end": "0598-05-04T09:00"}, "planned_start"
    )
    url = reverse("interventions:workorder-time", args=[_open_work_order(world).pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    for day in ("1900-01-01", str(tomorrow)):
        data = {"time-agent": world.b[Agent].pk, "time-date": day, "time-hours": "2"}
        response = refused(url, data, "date", form_name="time_form")
    assert "future" in response.content.decode() or "futur" in response.content.decode()
