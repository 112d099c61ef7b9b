"""Tenancy: which organization a request acts for, and what it may reach there (own rows + shares)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regie.core import tenancy
from regie.core.access import get_for_org
from regie.core.exceptions import Forbidden, NotFound
from regie.core.factories import OrganizationFactory
from regie.core.models import Membership, Share
from regie.core.permissions import Role
from regie.people import services
from regie.people.factories import ContractorFactory, DepartmentFactory
from regie.people.models import Contractor, Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs_user(org_a, org_b, make_member):
    """A manager of Ville A who is also an administrator of Ville B."""
    user = make_member(org_a, Role.MANAGER)
    make_member(org_b, Role.ADMIN, user=user)
    return user


# --- web: default organization and the switcher -------------------------------------------------------


def test_first_membership_is_the_default(two_orgs_user, org_a, client_for):
    response = client_for(two_orgs_user).get("/")
    assert response.status_code == 200
    assert response.wsgi_request.organization == org_a
    assert response.wsgi_request.membership.role == Role.MANAGER
    assert len(response.wsgi_request.memberships) == 2
    html = response.content.decode()
    assert 'name="organization"' in html  # the switcher is offered
    assert "Ville B" in html


def test_default_follows_organization_name_not_creation_order(org_a, make_member, client_for):
    first = OrganizationFactory(name="Abbeville", slug="abbeville")
    user = make_member(org_a, Role.AGENT)
    make_member(first, Role.AGENT, user=user)
    assert client_for(user).get("/").wsgi_request.organization == first


def test_switcher_changes_the_current_organization(two_orgs_user, org_a, org_b, client_for):
    client = client_for(two_orgs_user)
    response = client.post("/organization/switch/", {"organization": org_b.pk})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get("/people/departments/")
    assert response.wsgi_request.organization == org_b
    assert response.wsgi_request.membership.role == Role.ADMIN
    client.post("/organization/switch/", {"organization": org_a.pk})
    assert client.get("/").wsgi_request.organization == org_a


def test_switcher_only_switches_with_post(two_orgs_user, client_for):
    assert client_for(two_orgs_user).get("/organization/switch/").status_code == 405


def test_switching_to_a_foreign_organization_is_refused(org_a, admin_a, org_b, client_for):
    client = client_for(admin_a)
    response = client.post("/organization/switch/", {"organization": org_b.pk}, follow=True)
    assert response.wsgi_request.organization == org_a
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert tenancy.SESSION_KEY not in client.session


def test_stale_session_organization_falls_back_to_the_first(two_orgs_user, org_a, org_b, client_for):
    client = client_for(two_orgs_user)
    client.post("/organization/switch/", {"organization": org_b.pk})
    Membership.objects.filter(user=two_orgs_user, organization=org_b).update(archived_at=timezone.now())
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.organization == org_a


def test_archived_membership_gives_no_access(org_a, make_member, client_for):
    user = make_member(org_a, Role.ADMIN)
    Membership.objects.filter(user=user).update(archived_at=timezone.now())
    response = client_for(user).get("/people/departments/")
    assert response.status_code == 403
    assert "core/no_membership.html" in [t.name for t in response.templates]
    assert response.wsgi_request.organization is None


def test_archived_organization_is_not_reachable(two_orgs_user, org_a, org_b, client_for, api_for):
    DepartmentFactory(organization=org_b, name="Secret de B")
    org_b.archived_at = timezone.now()
    org_b.save(update_fields=["archived_at"])
    client = client_for(two_orgs_user)
    response = client.post("/organization/switch/", {"organization": org_b.pk}, follow=True)
    assert response.wsgi_request.organization == org_a
    assert "Secret de B" not in client.get("/people/departments/").content.decode()
    response = api_for(two_orgs_user, org_b).get("/api/v1/departments/")
    assert response.status_code == 403
    orgs = api_for(two_orgs_user).get("/api/v1/organizations/").json()["results"]
    assert [o["id"] for o in orgs] == [org_a.pk]


def test_only_organization_archived_means_no_membership_page(org_a, admin_a, client_for):
    org_a.archived_at = timezone.now()
    org_a.save(update_fields=["archived_at"])
    response = client_for(admin_a).get("/")
    assert response.status_code == 403
    assert "core/no_membership.html" in [t.name for t in response.templates]


# --- API: the X-Organization header -------------------------------------------------------------------


@pytest.mark.parametrize("by", ["id", "slug"])
def test_api_header_chooses_the_organization(two_orgs_user, org_b, api_for, by):
    DepartmentFactory(organization=org_b, name="Voirie de B")
    client = api_for(two_orgs_user)
    client.credentials(HTTP_X_ORGANIZATION=str(org_b.pk) if by == "id" else org_b.slug)
    me = client.get("/api/v1/me/").json()
    assert me["organization"] == org_b.pk and me["role"] == Role.ADMIN
    assert [d["name"] for d in client.get("/api/v1/departments/").json()["results"]] == ["Voirie de B"]


def test_api_defaults_to_the_first_membership(two_orgs_user, org_a, api_for):
    me = api_for(two_orgs_user).get("/api/v1/me/").json()
    assert me["organization"] == org_a.pk and me["role"] == Role.MANAGER
    assert {m["slug"] for m in me["memberships"]} == {"ville-a", "ville-b"}


@pytest.mark.parametrize("header", ["ville-b", "999999", "", "not-an-org"])
def test_api_header_for_a_foreign_organization_is_refused(org_a, admin_a, org_b, api_for, header):
    DepartmentFactory(organization=org_b)
    client = api_for(admin_a)
    client.credentials(HTTP_X_ORGANIZATION=header)
    response = client.get("/api/v1/departments/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert client.get("/api/v1/me/").json()["organization"] is None


def test_api_header_ignores_the_web_session(two_orgs_user, org_a, org_b, client_for):
    client = client_for(two_orgs_user)
    client.post("/organization/switch/", {"organization": org_b.pk})
    assert client.get("/api/v1/me/").json()["organization"] == org_b.pk  # session: B
    me = client.get("/api/v1/me/", headers={"X-Organization": str(org_a.pk)}).json()
    assert me["organization"] == org_a.pk  # header wins


def test_membership_cache_is_per_organization(two_orgs_user, org_a, org_b):
    assert tenancy.membership_for(two_orgs_user, org_a).role == Role.MANAGER
    assert tenancy.membership_for(two_orgs_user, org_b).role == Role.ADMIN
    assert tenancy.membership_for(two_orgs_user, OrganizationFactory()) is None


# --- sharing ---------------------------------------------------------------------------------------------


def share(obj, target, **fields):
    return Share.objects.create(
        organization=obj.organization,
        target=target,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        **fields,
    )


@pytest.fixture
def shared_contractor(org_a, org_b):
    contractor = ContractorFactory(organization=org_a, name="Élagage Mutualisé")
    ContractorFactory(organization=org_a, name="Pas partagé")
    share(contractor, org_b)
    return contractor


@pytest.fixture
def shareable(monkeypatch):
    """Whatever the model declares today, these tests need a shareable Contractor."""
    monkeypatch.setattr(Contractor, "shareable", True)


def test_share_is_ignored_for_a_model_that_is_not_shareable(shared_contractor, org_b, monkeypatch):
    monkeypatch.setattr(Contractor, "shareable", False)
    assert not Contractor.objects.for_org(org_b).exists()
    with pytest.raises(NotFound):
        get_for_org(Contractor, org_b, shared_contractor.pk)


def test_shared_record_is_visible_to_its_target_only(shared_contractor, shareable, org_a, org_b):
    assert list(Contractor.objects.for_org(org_b)) == [shared_contractor]
    assert Contractor.objects.for_org(org_a).count() == 2
    assert not Contractor.objects.owned_by(org_b).exists()
    assert not Contractor.objects.for_org(OrganizationFactory()).exists()
    assert get_for_org(Contractor, org_b, shared_contractor.pk) == shared_contractor
    with pytest.raises(NotFound):
        get_for_org(Contractor, org_b, shared_contractor.pk, owned=True)


def test_share_of_one_model_does_not_leak_another(org_a, org_b, shareable):
    DepartmentFactory(organization=org_a)
    contractor = ContractorFactory(organization=org_a)
    # A share of the department whose id happens to be a contractor's id must not reveal the contractor.
    Share.objects.create(
        organization=org_a,
        target=org_b,
        content_type=ContentType.objects.get_for_model(Department),
        object_id=contractor.pk,
    )
    assert not Contractor.objects.for_org(org_b).exists()
    assert not Department.objects.for_org(org_b).exists()


def test_archived_share_no_longer_gives_access(shared_contractor, shareable, org_b):
    Share.objects.update(archived_at=timezone.now())
    assert not Contractor.objects.for_org(org_b).exists()


def test_share_only_gives_access_within_its_dates(shared_contractor, shareable, org_b):
    today = timezone.localdate()
    Share.objects.update(ends_on=today - datetime.timedelta(days=1))
    assert not Contractor.objects.for_org(org_b).exists()
    Share.objects.update(ends_on=None, starts_on=today + datetime.timedelta(days=1))
    assert not Contractor.objects.for_org(org_b).exists()
    Share.objects.update(starts_on=today, ends_on=today)
    assert Contractor.objects.for_org(org_b).count() == 1


def test_target_cannot_change_a_shared_record(shared_contractor, shareable, org_b, admin_b, api_for):
    client = api_for(admin_b)
    listed = client.get("/api/v1/contractors/").json()
    assert [c["name"] for c in listed["results"]] == ["Élagage Mutualisé"]
    url = f"/api/v1/contractors/{shared_contractor.pk}/"
    assert client.get(url).status_code == 200
    response = client.patch(url, {"name": "Repris par B"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert client.post(f"{url}archive/", {"reason": "x"}, format="json").status_code == 403
    with pytest.raises(Forbidden):
        services.update_contractor(shared_contractor, by=admin_b, data={"name": "Repris par B"})
    shared_contractor.refresh_from_db()
    assert shared_contractor.name == "Élagage Mutualisé"
    assert not shared_contractor.is_archived


def test_target_sees_shared_record_page_without_edit_actions(shared_contractor, shareable, admin_b, client_for):
    client = client_for(admin_b)
    detail = client.get(f"/people/contractors/{shared_contractor.pk}/")
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False
    assert client.get(f"/people/contractors/{shared_contractor.pk}/edit/").status_code == 404
    assert client.post(f"/people/contractors/{shared_contractor.pk}/archive/").status_code == 404
    shared_contractor.refresh_from_db()
    assert not shared_contractor.is_archived


def test_contractor_user_must_belong_to_an_owned_company(shared_contractor, shareable, org_b, admin_b):
    """Memberships stay strict: a contractor user works for a company the organization owns, not a lent one."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_member(
            by=admin_b,
            organization=org_b,
            data={"username": "x", "role": Role.CONTRACTOR, "contractor": shared_contractor},
        )


def test_share_list_shows_shares_given_and_received(
    shared_contractor, org_a, org_b, admin_a, admin_b, make_member, client_for
):
    third = OrganizationFactory(name="Ville C", slug="ville-c")
    outsider = make_member(third, Role.ADMIN)
    for user in (admin_a, admin_b):
        response = client_for(user).get("/shares/")
        assert response.status_code == 200
        assert [s.object_id for s in response.context["page"].rows] == [shared_contractor.pk]
    assert list(client_for(outsider).get("/shares/").context["page"].rows) == []
    agent = make_member(org_a, Role.AGENT)
    assert client_for(agent).get("/shares/").status_code == 403
