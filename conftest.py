"""Shared pytest fixtures: two organizations, a member per role, clients signed in as them.

`REGIE_TEST_DATABASE_URL=postgres://…` runs the suite on PostgreSQL (the CI does, with
`REGIE_TEST_POSTGRES=required`, which turns an unreachable server into a failure instead of a skip).
"""

import os

import pytest

from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
from regie.core.permissions import Role


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name="Ville A", slug="ville-a")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name="Ville B", slug="ville-b")


@pytest.fixture
def make_member(db):
    """make_member(org, role, **membership fields) → the user, member of `org` with `role`."""

    def make(organization, role=Role.ADMIN, user=None, **fields):
        membership = MembershipFactory(organization=organization, role=role, user=user or UserFactory(), **fields)
        return membership.user

    return make


@pytest.fixture
def admin_a(org_a, make_member):
    return make_member(org_a, Role.ADMIN)


@pytest.fixture
def admin_b(org_b, make_member):
    return make_member(org_b, Role.ADMIN)


@pytest.fixture
def client_for(client):
    """client_for(user) → Django test client signed in as `user`."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for():
    """api_for(user, organization=None) → DRF APIClient authenticated as `user` (optionally X-Organization)."""
    from rest_framework.test import APIClient

    def make(user, organization=None):
        c = APIClient()
        c.force_authenticate(user)
        if organization is not None:
            c.credentials(HTTP_X_ORGANIZATION=str(organization.pk))
        return c

    return make


def pytest_configure(config):
    os.environ.setdefault("REGIE_TESTING", "1")


def pytest_sessionstart(session):
    """With REGIE_TEST_POSTGRES=required, the run fails unless it really runs on a reachable PostgreSQL."""
    if os.environ.get("REGIE_TEST_POSTGRES") != "required":
        return
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.exit(
            f"REGIE_TEST_POSTGRES=required but the database is {connection.vendor}: set REGIE_DATABASE_URL",
            returncode=3,
        )
    import psycopg

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            host=db["HOST"],
            port=db["PORT"] or 5432,
            password=db["PASSWORD"] or None,
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        pytest.exit(f"REGIE_TEST_POSTGRES=required but PostgreSQL is unreachable: {error}", returncode=3)


REDIS_TEST_URL = os.environ.get("REGIE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL, `redis` a Redis server (REGIE_TEST_REDIS_URL, db 15 of
    127.0.0.1:6379 by default): skipped without one, unless REGIE_TEST_REDIS=required (.ci/run), which fails them."""
    from django.db import connection

    redis_tests = [item for item in items if "redis" in item.keywords]
    if redis_tests and os.environ.get("REGIE_TEST_REDIS") != "required" and not redis_answers():
        skip = pytest.mark.skip(reason=f"needs Redis at {REDIS_TEST_URL} (REGIE_TEST_REDIS=required to fail instead)")
        for item in redis_tests:
            item.add_marker(skip)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with REGIE_DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
