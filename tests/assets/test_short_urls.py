"""The stable short URL of an asset (/a/<public_id>): staff go to its page, anyone else sees a public page."""

import re

import pytest
from django.urls import reverse

from regie.assets.factories import AssetFactory
from regie.assets.models import Asset, new_public_id
from regie.assets.short_urls import asset_page_url
from regie.core.factories import OrganizationFactory
from regie.core.models import Share
from regie.core.permissions import Role
from regie.people.factories import ContractorFactory, ShareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boiler(org_a):
    org_a.email = "services.techniques@ville-a.example"
    org_a.address = "Place de la Mairie, 45000 Ville A"
    org_a.save()
    return AssetFactory(organization=org_a, code="CHAUD-0001", name="Chaudière de l'école Jules-Ferry")


def short(asset):
    return reverse("shorturls:short-url", args=[asset.public_id])


def test_every_asset_gets_a_short_unguessable_token_that_never_changes(org_a):
    tokens = {new_public_id() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(re.fullmatch(r"[a-z2-7]{10}", token) for token in tokens)
    asset = AssetFactory(organization=org_a)
    token = asset.public_id
    assert re.fullmatch(r"[a-z2-7]{10}", token)
    asset.name = "Renamed"
    asset.save()
    asset.refresh_from_db()
    assert asset.public_id == token and short(asset) == f"/a/{token}"
    assert AssetFactory(organization=org_a).public_id != token


def test_a_resident_sees_the_public_page_without_personal_data(client, boiler):
    response = client.get(short(boiler))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chaudière de l&#x27;école Jules-Ferry" in html and "CHAUD-0001" in html
    assert "Ville A" in html and "mailto:services.techniques@ville-a.example" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "/assets/" not in html  # no link into the registry


def test_staff_of_the_organization_go_to_the_asset_page(client_for, make_member, org_a, boiler):
    for role in (Role.MANAGER, Role.AGENT, Role.ELECTED, Role.REQUESTER):
        response = client_for(make_member(org_a, role)).get(short(boiler))
        assert response.status_code == 302, role
        assert response["Location"] == asset_page_url(boiler) == f"/assets/{boiler.pk}/"


def test_a_contractor_or_another_organizations_staff_get_the_public_page(client_for, make_member, org_b, boiler):

    company = ContractorFactory(organization=boiler.organization)
    contractor = make_member(boiler.organization, Role.CONTRACTOR, contractor=company)
    for user in (contractor, make_member(org_b, Role.ADMIN)):
        response = client_for(user).get(short(boiler))
        assert response.status_code == 200
        assert "Report a problem" in response.content.decode() or "Signaler" in response.content.decode()


def test_staff_of_an_organization_it_is_shared_with_go_to_it_there(client_for, make_member, org_a, org_b, boiler):
    ShareFactory(organization=org_a, target=org_b, resource=boiler, rights=Share.Rights.VIEW)
    user = make_member(org_b, Role.MANAGER)
    client = client_for(user)
    response = client.get(short(boiler))
    assert response.status_code == 302 and response["Location"] == f"/assets/{boiler.pk}/"


def test_a_member_of_two_organizations_is_switched_to_the_assets(client_for, make_member, org_a, org_b, boiler):
    user = make_member(org_b, Role.MANAGER)
    make_member(org_a, Role.MANAGER, user=user)
    client = client_for(user)
    client.post(reverse("core:switch-organization"), {"organization": org_b.pk})
    response = client.get(short(boiler))
    assert response.status_code == 302
    assert client.session["regie_organization_id"] == org_a.pk


def test_unknown_archived_or_overlong_tokens_are_not_found(client, boiler):
    assert client.get("/a/zzzzzzzzzz").status_code == 404
    assert client.get("/a/" + "a" * 40).status_code == 404
    assert client.get(short(boiler).upper().replace("/A/", "/a/")).status_code == 200  # read case-insensitively
    Asset.objects.filter(pk=boiler.pk).update(archived_at="2026-01-01T00:00:00Z")
    assert client.get(short(boiler)).status_code == 404


def test_an_archived_organizations_assets_are_not_found(client, boiler):
    other = OrganizationFactory()
    asset = AssetFactory(organization=other)
    other.archived_at = "2026-01-01T00:00:00Z"
    other.save()
    assert client.get(short(asset)).status_code == 404
