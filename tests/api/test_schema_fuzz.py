"""Schemathesis over the whole OpenAPI schema, called in-process through the WSGI application (no port).

Bounded and reproducible: derandomized Hypothesis (the examples depend on the schema only), `MAX_EXAMPLES`
examples per operation and generation mode (valid input, then invalid), no shrinking, no example database.
Authenticated with a knox token as a manager of one organization that has records of every kind; path ids are
mapped onto that organization's real records half of the time, so details, updates and actions are reached, not
only 404s. The logout operation is left out: it revokes the run's own token.

Checks: no server error, every response conforms to the schema (body and status code), every date-time is
written in UTC. PostgreSQL only: the `postgres` marker keeps it off the SQLite pass of `make test`.
"""

import json
import os
import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("REGIE_FUZZ_EXAMPLES", "8"))
EXCLUDED = r"/auth/logout/$"  # revokes the token the run authenticates with
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)")


def _strings(value):
    """The strings of a JSON document, but those of audit `changes` (values as recorded, not rendered)."""
    if isinstance(value, dict):
        value = [item for key, item in value.items() if key != "changes"]
    if isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


@schemathesis.check
def datetimes_in_utc(ctx, response, case):
    """Every date-time the API writes is UTC (`Z`): never a local offset (nor Paris's 1891 mean time)."""
    if "json" not in response.headers.get("content-type", [""])[0]:
        return None
    for text in _strings(response.json()):
        if DATETIME.fullmatch(text):
            assert text.endswith("Z"), f"date-time not in UTC: {text}"
    return None


CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, datetimes_in_utc]
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
)


def _schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    schema.app = get_wsgi_application()
    return schema.exclude(path_regex=EXCLUDED)


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


class Town:
    """One organization as the demo has it: people, reference data, requests and work orders at every stage."""

    def __init__(self):
        from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
        from regie.interventions import services
        from regie.interventions.factories import BudgetLineFactory, CostCodeFactory
        from tests.interventions import conftest as interventions
        from tests.interventions.api_support import approved, file, slot, work_order

        def make_member(org, role, **fields):
            return MembershipFactory(organization=org, role=role, user=UserFactory(), **fields).user

        org = OrganizationFactory(name="Ville de Fuzz", slug="fuzz")
        self.town = town = interventions.Town(org, make_member)
        BudgetLineFactory(organization=org)
        CostCodeFactory(organization=org)
        file(town)
        request = approved(town)
        start, end = slot()
        order = work_order(town, agents=[town.agent], request=request, planned_start=start, planned_end=end)
        today = timezone.localdate()  # hours are recorded for a day that has come (planned: tomorrow)
        services.record_time(by=town.manager, work_order=order, agent=town.agent, date=today, hours=2)
        self.manager = town.manager


@pytest.fixture
def _connections_kept():
    """Django closes a connection in a transaction when a request finishes (it is not in autocommit): the test
    client stops that around each of its requests (and restores it after), the WSGI application called
    directly must too, or the run's transaction would be lost."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield Town()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def credentials(town, django_db_blocker):
    from knox.models import AuthToken

    with django_db_blocker.unblock():
        _instance, token = AuthToken.objects.create(town.manager)
        org = str(town.town.org.pk)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}", HTTP_X_ORGANIZATION=org)
        ids = {}
        for operation in OPERATIONS:
            match = re.fullmatch(r"/api/v1/([\w-]+)/", operation.path)
            if match and operation.method == "get":
                body = client.get(operation.path).json()
                rows = body.get("results", []) if isinstance(body, dict) else body
                ids[match.group(1)] = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
    return {"Authorization": f"Token {token}", "X-Organization": org}, ids


def _real_ids(case, ids):
    """Half the generated ids (the even ones) become ids of the organization's records of that resource."""
    match = re.match(r"/api/v1/([\w-]+)/\{id\}", case.operation.path)
    generated = case.path_parameters.get("id") if case.path_parameters else None
    known = ids.get(match.group(1)) if match else None
    if known and isinstance(generated, int) and generated % 2 == 0:
        case.path_parameters["id"] = known[generated // 2 % len(known)]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_operation_conforms_to_the_schema(operation, mode, credentials, _connections_kept):
    headers, ids = credentials

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        _real_ids(case, ids)
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise  # no invalid input can be made for an operation without parameters: nothing to test
