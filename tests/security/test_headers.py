"""Security headers on every route, inline scripts only with the response's nonce, secure cookies, and the
production settings (`check --deploy`, Argon2, HTTPS-only cookies) checked in a separate process."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .helpers import content, object_urls
from .public_routes import PUBLIC_ROUTES
from .routes import all_routes, api_operations

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
NOT_EXECUTED = re.compile(r"""type\s*=\s*["']?(application/(ld\+)?json|text/template)""", re.IGNORECASE)

PAGES = [r for r in all_routes() if not r.in_api_schema]
API_GETS = [op for op in api_operations() if op.method == "get"]


def _csp(response):
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(url, response):
    csp = _csp(response)
    script_src = csp.get("script-src", csp.get("default-src", []))
    nonces = [v for v in script_src if v.startswith("'nonce-")]
    assert "'self'" in script_src and all(v == "'self'" or v.startswith("'nonce-") for v in script_src), (
        f"{url}: script-src allows more than this site's files and the response's nonce: {script_src}"
    )
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, f"{url}: {script_src}"
    assert csp.get("object-src") == ["'none'"], url
    assert csp.get("frame-ancestors") == ["'none'"], url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", url
    if response.get("Content-Type", "").startswith("text/html"):
        body = content(response).decode("utf-8", "replace")
        header_nonce = nonces[0][len("'nonce-") : -1] if nonces else None
        for attributes in SCRIPT.findall(body):
            if NOT_EXECUTED.search(attributes):
                continue
            found = re.search(r'nonce="([^"]*)"', attributes)
            if found:
                assert found.group(1) == header_nonce, f"{url}: a script's nonce is not the one of the policy"
            else:
                assert "src=" in attributes, (
                    f"{url}: an inline <script{attributes}> without the response's nonce is blocked by the policy"
                )
        assert not EVENT_HANDLER.search(body), f"{url}: an on…= event handler attribute (blocked by the policy)"
        assert "javascript:" not in body.lower(), f"{url}: a javascript: URL (blocked by the policy)"


def _own_urls(route, world):
    return object_urls(route, lambda model: world.b_objects(model)[:1])


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_page_headers(route, world, web):
    client = web(None if route.name in PUBLIC_ROUTES else world.admin_b)
    for url in _own_urls(route, world):
        response = client.get(url)
        assert response.status_code < 500, url
        assert_security_headers(url, response)


@pytest.mark.parametrize("op", API_GETS, ids=str)
def test_api_headers(op, world, api):
    client = api(world.admin_b)
    for url in _own_urls(op.route, world):
        response = client.get(url)
        assert response.status_code < 500, url
        assert_security_headers(url, response)
        assert response["Content-Type"].startswith("application/json"), url


def test_hsts_over_https_only(world, web, settings):
    settings.SECURE_SSL_REDIRECT = False
    client = web(world.admin_b)
    secure = client.get("/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/")  # HSTS over plain HTTP means nothing


def test_plain_http_is_redirected_when_ssl_redirect_is_on(web, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = web().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_cookies_are_httponly_and_samesite(world, web, settings):
    from regie.core.factories import UserFactory

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    user = UserFactory(password="correct horse battery staple")
    client = web()
    page = client.get("/accounts/login/")
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"username": user.username, "password": "correct horse battery staple"})
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"
    language = client.post("/language/", {"language": "en"}).cookies[settings.LANGUAGE_COOKIE_NAME]
    assert language["httponly"] and language["samesite"] == "Lax"


# --- production settings, in a process of their own ------------------------------------------------------


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIE_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        REGIE_SECRET_KEY="production-secret-" + "k3y" * 20,
        REGIE_DEBUG="0",
        REGIE_ALLOWED_HOSTS="regie.example.org",
        REGIE_VAR_DIR=str(BASE_DIR / "var"),
        DJANGO_SETTINGS_MODULE="regie.settings",
        **extra,
    )
    return env


def test_check_deploy_passes_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "hashers": s.PASSWORD_HASHERS,
    "debug": s.DEBUG,
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
    "language_secure": s.LANGUAGE_COOKIE_SECURE,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts": s.SECURE_HSTS_SECONDS,
}))
"""


def test_production_settings():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_SETTINGS],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not any("MD5" in h or "SHA1" in h for h in values["hashers"])
    assert values["debug"] is False
    assert values["session_secure"] and values["csrf_secure"] and values["language_secure"]
    assert values["ssl_redirect"] and values["hsts"] >= 365 * 24 * 3600


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["REGIE_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and "REGIE_SECRET_KEY" in result.stderr


def test_tests_only_prepend_a_fast_hasher():
    """Here (tests) MD5 comes first for speed; what follows is the production list, Argon2 first."""
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert settings.PASSWORD_HASHERS[1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_layout_scripts_carry_the_nonce(world, web):
    response = web(world.admin_b).get("/")
    script_src = _csp(response)["script-src"]
    nonce = next(v for v in script_src if v.startswith("'nonce-"))[len("'nonce-") : -1]
    scripts = SCRIPT.findall(response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in attributes for attributes in scripts)
    assert web(world.admin_b).get("/")["Content-Security-Policy"] != response["Content-Security-Policy"], (
        "a nonce is used once"
    )
