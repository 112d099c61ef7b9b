"""The staff's pages of the application keys: administrators only, the clear key shown once, revoking at once."""

import pytest
from django.urls import reverse

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.portal.factories import ServiceCategoryFactory
from regie.portal.models import ApplicationKey
from regie.portal.models.keys import hash_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(town, make_member):
    return make_member(town[0], Role.ADMIN)


def test_creating_a_key_shows_it_once(town, admin, client_for):
    client = client_for(admin)
    assert client.get(reverse("portal:applicationkey-create")).status_code == 200
    response = client.post(
        reverse("portal:applicationkey-create"),
        {"name": "Appli Ma Ville", "contact_email": "dev@example.fr", "requests_per_hour": "500"},
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = ApplicationKey.objects.get(name="Appli Ma Ville")
    clear = response.context["clear_key"]
    assert clear in response.content.decode() and key.key_hash == hash_key(clear) and clear.startswith(key.prefix)
    assert AuditEvent.objects.filter(object_id=key.pk, action="create").exists()
    page = client.get(reverse("portal:applicationkey-detail", args=[key.pk]))
    assert page.status_code == 200 and clear not in page.content.decode()  # never shown again
    listing = client.get(reverse("portal:applicationkey-list"))
    assert "Appli Ma Ville" in listing.content.decode() and clear not in listing.content.decode()

    # the key works at once
    ServiceCategoryFactory(organization=town[0], code="GRAF")
    data = {"api_key": clear, "service_code": "GRAF", "address_string": "Mairie", "description": "Tag"}
    assert client.post("/open311/v2/requests.json", data).status_code == 200


def test_revoking_asks_then_refuses_the_key_at_once(town, admin, client_for):
    _org, key = town
    client = client_for(admin)
    url = reverse("portal:applicationkey-revoke", args=[key.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and b"button-danger" in confirm.content
    key.refresh_from_db()
    assert key.revoked_at is None  # asking changes nothing
    response = client.post(url, {"reason": "Application retirée"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == admin and not key.is_active
    assert AuditEvent.objects.filter(object_id=key.pk, action="update", reason="Application retirée").exists()
    from .conftest import KEY

    data = {"api_key": KEY, "service_code": "ECL", "address_string": "Mairie", "description": "x"}
    assert client.post("/open311/v2/requests.json", data).status_code == 403
    assert client.get(url).status_code == 302  # nothing to confirm any more
    assert client.post(url, {}).status_code == 302  # already revoked: a message, no second event
    assert AuditEvent.objects.filter(object_id=key.pk, action="update").count() == 1


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AGENT, Role.ELECTED])
def test_only_administrators_see_the_keys(town, make_member, client_for, role):
    client = client_for(make_member(town[0], role))
    assert client.get(reverse("portal:applicationkey-list")).status_code == 403
    assert client.post(reverse("portal:applicationkey-create"), {"name": "x"}).status_code == 403
    assert client.post(reverse("portal:applicationkey-revoke", args=[town[1].pk])).status_code == 403
