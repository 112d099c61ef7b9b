"""Logs never contain passwords, tokens or e-mail addresses: the filter on its own, then real requests
(failed and successful sign-ins, token logins, errors) through the handlers `settings.LOGGING` configures."""

import io
import json
import logging

import pytest

from regie.core.logging import RedactFilter

pytestmark = pytest.mark.django_db

SECRETS = (
    "hunter2hunter2",
    "abcdef123456",
    "jean.dupont@example.org",
    "jean.dupont%40example.org",
    "ZmFrZS10b2tlbi12YWx1ZQ",
)


def _formatted(*args, exc=None, **extra):
    from pythonjsonlogger.json import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactFilter())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("regie.tests.security.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        if exc is not None:
            try:
                raise exc
            except type(exc):
                logger.exception(*args, extra=extra)
        else:
            logger.warning(*args, extra=extra)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ("login failed: password=hunter2hunter2",),
        ("headers: Authorization: Token abcdef123456",),
        ("Authorization: Bearer abcdef123456",),
        ("mail sent to jean.dupont@example.org",),
        ("payload %s", {"password": "hunter2hunter2", "email": "jean.dupont@example.org"}),
        ("query: %s", "/api/v1/agents/?token=abcdef123456&email=jean.dupont%40example.org"),
        ('{"password": "hunter2hunter2", "token": "ZmFrZS10b2tlbi12YWx1ZQ"}',),
        ("csrfmiddlewaretoken=ZmFrZS10b2tlbi12YWx1ZQ&password=hunter2hunter2",),
    ],
    ids=range(8),
)
def test_redact_filter(args):
    output = _formatted(*args)
    assert output.strip(), "nothing was logged"
    for secret in SECRETS:
        assert secret not in output, output


def test_redact_filter_covers_extra_fields_and_tracebacks():
    output = _formatted(
        "request failed",
        exc=ValueError("duplicate key: email=jean.dupont@example.org"),
        request="<WSGIRequest: GET '/people/agents/?q=jean.dupont@example.org&token=abcdef123456'>",
        user_email="jean.dupont@example.org",
    )
    assert "request failed" in output and "ValueError" in output
    for secret in SECRETS:
        assert secret not in output, output


@pytest.fixture
def configured_output(settings):
    """Everything the handlers of `settings.LOGGING` write, at every level, during the test."""
    root = logging.getLogger()
    handlers = [h for h in root.handlers if any(isinstance(f, RedactFilter) for f in h.filters)]
    assert handlers, "settings.LOGGING configures no handler with RedactFilter on the root logger"
    stream = io.StringIO()
    previous = [(h, h.setStream(stream)) for h in handlers if isinstance(h, logging.StreamHandler)]
    levels = {name: logging.getLogger(name).level for name in ("", "django", "django.request", "axes", "regie")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG if name else logging.INFO)
    yield stream
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    for handler, old in previous:
        handler.setStream(old)


def test_requests_log_no_secret(configured_output, org_a, make_member, web, api):
    from regie.core.factories import UserFactory
    from regie.core.models import Membership

    user = UserFactory(username="jean.dupont@example.org", email="jean.dupont@example.org", password="hunter2hunter2")
    Membership.objects.create(user=user, organization=org_a, role="manager")
    client = web()
    client.post("/accounts/login/", {"username": "jean.dupont@example.org", "password": "wrong-hunter2hunter2"})
    client.post("/accounts/login/", {"username": "jean.dupont@example.org", "password": "hunter2hunter2"})
    client.get("/people/agents/999999/?q=jean.dupont@example.org&token=abcdef123456")
    anonymous = api()
    anonymous.post("/api/v1/auth/token/", {"username": "jean.dupont@example.org", "password": "nope"}, format="json")
    token = anonymous.post(
        "/api/v1/auth/token/", {"username": "jean.dupont@example.org", "password": "hunter2hunter2"}, format="json"
    ).json()["token"]
    tokened = api()
    tokened.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    tokened.get("/api/v1/departments/999999/?email=jean.dupont@example.org")
    tokened.get("/api/v1/me/", HTTP_X_ORGANIZATION="jean.dupont@example.org")
    api().get("/api/v1/me/", HTTP_AUTHORIZATION="Token abcdef123456")

    output = configured_output.getvalue()
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any("Not Found" in line.get("message", "") for line in lines), "control: the requests were logged"
    for secret in (*SECRETS, token, token[:15]):
        assert secret not in output, f"{secret!r} reached the logs:\n{output}"
