"""Accounts, sessions and tokens: login throttling, logout, deactivation, session lifetimes, key rotation,
API tokens, password rules."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone
from knox.models import AuthToken

from regie.core.middleware import LOGIN_AT, RENEWED_AT
from regie.core.permissions import Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # regie.core.factories.UserFactory's


@pytest.fixture
def member(org_a, make_member):
    return make_member(org_a, Role.MANAGER)


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def is_signed_in(client):
    response = client.get("/")
    return response.status_code == 200


def assert_sent_to_login(response):
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), response


# --- login throttling ------------------------------------------------------------------------------------


def test_sixth_attempt_is_refused_even_with_the_right_password(member, web, api):
    client = web()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, member.username, "wrong password!")
        assert response.status_code in (200, 429)
        assert not is_signed_in(client)
    response = sign_in(client, member.username)
    assert response.status_code == 429, response.status_code
    assert not is_signed_in(client)
    # The lock holds for the API's token login too (same user name, same address).
    response = api().post("/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert not AuthToken.objects.filter(user=member).exists()


def test_failures_below_the_limit_do_not_lock(member, web):
    """Control: the limit is the limit (and a success resets the count)."""
    client = web()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, member.username, "wrong password!")
    response = sign_in(client, member.username)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_token_login_failures_count_too(member, api):
    client = api()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/api/v1/auth/token/", {"username": member.username, "password": "nope"}, format="json")
        assert response.status_code in (401, 429)
    response = client.post("/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429, response.status_code
    assert not AuthToken.objects.filter(user=member).exists()


# --- sessions ----------------------------------------------------------------------------------------------


def test_session_key_is_rotated_at_login(member, web):
    client = web()
    anonymous = client.session
    anonymous["seen"] = True
    anonymous.save()
    before = anonymous.session_key
    assert Session.objects.filter(session_key=before).exists()
    assert sign_in(client, member.username).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists(), "the pre-login session must be gone"
    assert is_signed_in(client)


def test_logout_ends_the_session(member, web):
    client = web()
    sign_in(client, member.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert is_signed_in(client)
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    replay = web()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert_sent_to_login(replay.get("/"))


def test_session_absolute_lifetime(member, web):
    client = web()
    sign_in(client, member.username)
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS + 60
    session.save()
    assert is_signed_in(client), "control: a session younger than the limit goes on"
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert_sent_to_login(client.get("/"))
    assert_sent_to_login(client.get("/"))  # and it stays ended


def test_session_without_login_time_is_ended(member, web):
    client = web()
    sign_in(client, member.username)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert_sent_to_login(client.get("/"))


def test_session_idle_timeout(member, web):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = web()
    sign_in(client, member.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert_sent_to_login(client.get("/"))


def test_activity_renews_the_idle_expiry_at_most_once_a_minute(member, web):
    client = web()
    sign_in(client, member.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    assert client.get("/").status_code == 200  # renewed at login: no write for a minute
    assert Session.objects.get(session_key=key).expire_date == soon

    session = client.session
    session[RENEWED_AT] = time.time() - settings.SESSION_RENEW_SECONDS - 1
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get("/").status_code == 200  # a minute later, the next page pushes the expiry back
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


# --- deactivation --------------------------------------------------------------------------------------------


def test_deactivation_ends_sessions_and_revokes_tokens_at_once(member, web, api):
    from regie.core.factories import UserFactory
    from regie.people.services import deactivate_user

    operator = UserFactory(is_superuser=True, is_staff=True)
    browser = web()
    assert sign_in(browser, member.username).status_code == 302
    other_browser = web()
    other_browser.force_login(member)
    token = api().post("/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json")
    assert token.status_code == 201
    key = token.json()["token"]
    tokened = api()
    tokened.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert tokened.get("/api/v1/me/").status_code == 200
    assert is_signed_in(browser) and is_signed_in(other_browser)

    deactivate_user(member, by=operator)

    assert not AuthToken.objects.filter(user=member).exists()
    for client in (browser, other_browser):
        key_of_session = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert not Session.objects.filter(session_key=key_of_session).exists()
        assert_sent_to_login(client.get("/"))
    response = tokened.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] in ("authentication_failed", "not_authenticated")
    assert api().post("/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}).status_code == 401


# --- API tokens ------------------------------------------------------------------------------------------------


def test_token_login_and_logout(member, api):
    client = api()
    wrong = client.post("/api/v1/auth/token/", {"username": member.username, "password": "nope"}, format="json")
    assert wrong.status_code == 401 and wrong.json()["code"] == "authentication_failed"
    response = client.post("/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json")
    assert response.status_code == 201
    expiry = timezone.datetime.fromisoformat(response.json()["expiry"])
    assert timedelta(days=89) < expiry - timezone.now() <= settings.REST_KNOX["TOKEN_TTL"], "tokens expire"
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").json()["username"] == member.username
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_expired_token_is_refused(member, api):
    _instance, key = AuthToken.objects.create(member, expiry=timedelta(seconds=-1))
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 401


def test_expired_token_is_deleted_when_used(member, api):
    instance, key = AuthToken.objects.create(member, expiry=timedelta(seconds=-1))
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(pk=instance.pk).exists()


def test_a_request_reads_its_own_token_only(member, api):
    """No sweep of the user's other tokens per request (knox's default): one query finds the token and its user."""
    for _ in range(5):
        AuthToken.objects.create(member)
    expired, _key = AuthToken.objects.create(member, expiry=timedelta(seconds=-1))
    _instance, key = AuthToken.objects.create(member)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.get("/api/v1/me/")  # warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me/").status_code == 200
    token_queries = [q["sql"] for q in queries.captured_queries if "knox_authtoken" in q["sql"]]
    assert len(token_queries) == 1, token_queries
    assert AuthToken.objects.filter(pk=expired.pk).exists()  # left for the next login to clear


def test_a_new_token_clears_the_users_expired_ones(member, api):
    expired, _key = AuthToken.objects.create(member, expiry=timedelta(seconds=-1))
    valid, _key = AuthToken.objects.create(member)
    response = api().post("/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json")
    assert response.status_code == 201
    assert not AuthToken.objects.filter(pk=expired.pk).exists()
    assert AuthToken.objects.filter(pk=valid.pk).exists()


def test_tokens_are_stored_hashed(member):
    instance, key = AuthToken.objects.create(member)
    assert key not in str(AuthToken.objects.filter(pk=instance.pk).values().first())


# --- passwords -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Kx7#mQ2!vZp", "telechargement", "123456789012", "qwerty123456"],
    ids=["11 characters", "common", "numeric", "common with digits"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_is_accepted(member):
    validate_password("quatre chevaux bleus dans la prairie")
    with pytest.raises(ValidationError):  # nor too close to the user's own attributes
        validate_password(member.email, user=member)


def test_passwords_are_hashed_with_the_production_hasher_after_tests_prefix(member):
    from django.contrib.auth.hashers import identify_hasher

    assert settings.PASSWORD_HASHERS[1].endswith("Argon2PasswordHasher")
    member.set_password("a brand new passphrase here")
    assert identify_hasher(member.password).algorithm in ("md5", "argon2")
