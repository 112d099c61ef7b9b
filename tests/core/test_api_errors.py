"""Hostile and absurd input: bounded JSON bodies, errors in the schema's shape, strict ids, date-times in UTC,
JSON 404s, and a database outage answered 503 (not 500) with one warning in the log."""

import datetime
import json
import logging
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError, connection
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from regie.core.api import flatten_errors
from regie.core.api_defaults import MAX_JSON_DEPTH, JSONRenderer, json_depth
from regie.core.permissions import Role
from regie.people.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
DEEP = "[" * 10_000 + "]" * 10_000  # 20 KB: Python's json module recurses once per level


# --- bounded bodies ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [DEEP, '{"a":' * 5_000 + "1" + "}" * 5_000, "[" * 10_000])
def test_deep_json_is_a_400_on_the_anonymous_token_endpoint(body, settings):
    settings.DEBUG = False
    response = APIClient().post(f"{API}/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_deep_json_is_a_400_on_a_write_endpoint(org_a, make_member, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(make_member(org_a, Role.ADMIN))
    response = client.post(f"{API}/departments/", data=DEEP, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    body = response.json()
    assert body["code"] == "parse_error"
    assert str(MAX_JSON_DEPTH) in body["message"]


def test_nesting_within_the_bound_is_parsed(org_a, make_member):
    client = APIClient()
    client.force_authenticate(make_member(org_a, Role.ADMIN))
    nested = {"code": "D1", "name": "Voirie", "x": json.loads("[" * (MAX_JSON_DEPTH - 2) + "]" * (MAX_JSON_DEPTH - 2))}
    response = client.post(f"{API}/departments/", data=json.dumps(nested), content_type="application/json")
    assert response.status_code == 201, response.content


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth('{"a": "[[[[[[[[[[[[", "b": [["\\"]]]]"]]}') == 3
    assert json_depth('"' + "[" * 100) > MAX_JSON_DEPTH  # unterminated: counted, never underestimated
    assert json_depth(DEEP) == MAX_JSON_DEPTH + 1  # stops counting past the bound


def test_body_over_the_size_limit_is_a_400(org_a, make_member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = APIClient()
    client.force_authenticate(make_member(org_a, Role.ADMIN))
    body = json.dumps({"code": "D1", "name": "x" * 2000})
    response = client.post(f"{API}/departments/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_messages_are_translated():
    response = APIClient().post(
        f"{API}/auth/token/", data=DEEP, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "imbriqué" in response.json()["message"]


# --- error bodies match the schema ---------------------------------------------------------------------------


def test_nested_errors_are_flattened_to_paths():
    detail = {
        "tasks": [{}, {"title": ["Obligatoire."], "non_field_errors": ["Incohérent."]}],
        "tags": {2: ["Inconnu."]},
        "name": ["Trop long."],
        "non_field_errors": ["Non."],
    }
    assert flatten_errors(detail) == {
        "tasks[1].title": ["Obligatoire."],
        "tasks[1]": ["Incohérent."],
        "tags[2]": ["Inconnu."],
        "name": ["Trop long."],
        "non_field_errors": ["Non."],
    }


def test_a_list_field_error_is_named_by_its_index(org_a, make_member):
    from tests.interventions.conftest import Town

    town = Town(org_a, make_member)
    client = APIClient()
    client.force_authenticate(town.manager)
    data = {"title": "Élagage", "category": town.category.pk, "tasks": ["Baliser", "x" * 201]}
    response = client.post(f"{API}/work-orders/", data, format="json")
    assert response.status_code == 400, response.content
    fields = response.json()["fields"]
    assert list(fields) == ["tasks[1]"]
    assert all(isinstance(message, str) for message in fields["tasks[1]"])


def test_patch_me_is_partial(org_a, make_member):
    user = make_member(org_a, Role.AGENT)
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(f"{API}/me/", {}, format="json")
    assert response.status_code == 200, response.content
    response = client.patch(f"{API}/me/", {"email_notifications": "off"}, format="json")
    assert response.status_code == 200
    assert response.json()["email_notifications"] == "off"


@pytest.mark.parametrize("kind", ["float", "float string", "whole float", "bool", "list"])
def test_a_record_id_must_be_a_whole_number(kind, org_a, make_member):
    """A float naming an existing record (its id + 0.5) is refused, not truncated to that record."""
    from regie.people.models import Agent

    pk = DepartmentFactory(organization=org_a).pk
    value = {"float": pk + 0.5, "float string": f"{pk}.5", "whole float": float(pk), "bool": True, "list": [pk]}[kind]
    client = APIClient()
    client.force_authenticate(make_member(org_a, Role.ADMIN))
    data = {"employee_number": "A1", "first_name": "Léa", "last_name": "Roux", "department": value}
    response = client.post(f"{API}/agents/", data, format="json")
    assert response.status_code == 400, response.content
    assert "department" in response.json()["fields"]
    assert not Agent.objects.filter(employee_number="A1").exists()


@pytest.mark.parametrize("value", ["pk", "str"])
def test_a_record_id_may_be_a_number_or_its_digits(value, org_a, make_member):
    department = DepartmentFactory(organization=org_a)
    client = APIClient()
    client.force_authenticate(make_member(org_a, Role.ADMIN))
    pk = department.pk if value == "pk" else str(department.pk)
    data = {"employee_number": "A1", "first_name": "Léa", "last_name": "Roux", "department": pk}
    response = client.post(f"{API}/agents/", data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["department"] == department.pk


@pytest.mark.parametrize("path", ["/agents/abc/", "/agents/1.5/", "/work-orders/1/tasks/abc/", "/no-such-thing/"])
@pytest.mark.parametrize("debug", [True, False])
def test_unknown_api_paths_are_json_404s(path, debug, org_a, make_member, settings):
    settings.DEBUG = debug
    client = APIClient()
    client.force_authenticate(make_member(org_a, Role.ADMIN))
    response = client.post(API + path) if "tasks" in path else client.get(API + path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


# --- date-times ----------------------------------------------------------------------------------------------


def test_datetimes_are_rendered_in_utc():
    paris = ZoneInfo("Europe/Paris")
    old = datetime.datetime(598, 5, 4, 7, 2, 51, tzinfo=paris)  # local mean time: +00:09:21
    summer = datetime.datetime(2026, 7, 14, 10, 0, tzinfo=paris)
    rendered = json.loads(JSONRenderer().render({"old": old, "summer": summer}))
    assert rendered == {"old": "0598-05-04T06:53:30Z", "summer": "2026-07-14T08:00:00Z"}


def test_api_datetimes_end_in_z(org_a, make_member):
    client = APIClient()
    client.force_authenticate(make_member(org_a, Role.ADMIN))
    department = DepartmentFactory(organization=org_a)
    body = client.get(f"{API}/departments/{department.pk}/").json()
    assert body["created_at"].endswith("Z"), body["created_at"]


# --- the database unreachable --------------------------------------------------------------------------------


@pytest.fixture
def database_down():
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        yield


def _assert_one_warning(caplog):
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.levelname) for r in records] == [("regie.database", "WARNING")], records
    assert records[0].exc_info is None


@pytest.mark.parametrize("authenticated", [False, True])
def test_api_answers_503_while_the_database_is_unreachable(authenticated, org_a, make_member, caplog, settings):
    settings.DEBUG = False
    client = APIClient(raise_request_exception=False)
    if authenticated:
        _instance, token = AuthToken.objects.create(make_member(org_a, Role.ADMIN))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    caplog.set_level(logging.INFO)
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("connection refused")):
        if authenticated:
            response = client.get(f"{API}/departments/")
        else:
            response = client.post(f"{API}/auth/token/", {"username": "u", "password": "p" * 12}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response.json()["code"] == "service_unavailable"
    _assert_one_warning(caplog)


def test_page_answers_503_while_the_database_is_unreachable(org_a, make_member, caplog, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(make_member(org_a, Role.ADMIN))
    caplog.set_level(logging.INFO)
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("connection refused")):
        response = client.get("/people/departments/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response["Content-Type"].startswith("text/html")
    assert "Réessayez dans un instant" in response.content.decode()
    _assert_one_warning(caplog)


# --- /healthz ------------------------------------------------------------------------------------------------


def test_healthz_ok_without_signing_in(django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "not configured"}
    assert not response.cookies  # no session written


def test_healthz_503_when_the_database_is_unreachable(database_down):
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_reports_an_unreachable_redis(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "unreachable"}


# --- the schema documents the errors -------------------------------------------------------------------------


def test_every_operation_documents_its_errors():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            where = f"{method.upper()} {path}"
            assert {"401", "503"} <= codes, where
            if "{" in path:
                assert "404" in codes, where
            if method in ("post", "put", "patch") and "auth/token" not in path:
                assert {"400", "403", "409"} <= codes, where
    login = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in login and "Retry-After" in login["429"]["headers"]
    fields = schema["components"]["schemas"]["Error"]["properties"]["fields"]
    assert fields["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
