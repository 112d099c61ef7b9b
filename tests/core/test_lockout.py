import pytest

pytestmark = pytest.mark.django_db


def test_api_token_login_lockout_answers_json_429(admin_a, client):
    for _ in range(5):
        client.post(
            "/api/v1/auth/token/",
            {"username": admin_a.username, "password": "wrong password!!"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": admin_a.username, "password": "correct horse battery staple"},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response["Retry-After"] == "900"  # the 15-minute cool-off
