"""The REST API: one behaviour for every resource (list, filter, search, order, CRUD through services,
archive/restore, no DELETE, one error format, authentication) and constant query counts on lists."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken

from regie.core.factories import MembershipFactory, UserFactory
from regie.core.models import AuditEvent, Membership
from regie.core.permissions import Role
from regie.people.factories import (
    AgentFactory,
    ContractorFactory,
    DepartmentFactory,
    SkillFactory,
    TeamFactory,
)
from regie.people.models import Agent, Contractor, Department, Skill, Team
from tests.core.helpers import events_of

pytestmark = pytest.mark.django_db

API = "/api/v1"


def make_membership(organization, **kwargs):
    return MembershipFactory(organization=organization, role=kwargs.pop("role", Role.AGENT), **kwargs)


# name → model, factory, field searched/ordered by, create payload, patch payload
RECORDS = {
    "departments": (
        Department,
        DepartmentFactory,
        "name",
        {"code": "VOIRIE", "name": "Voirie", "kind": "technical", "email": "voirie@ville-a.fr"},
        {"name": "Voirie et réseaux"},
    ),
    "skills": (
        Skill,
        SkillFactory,
        "name",
        {"code": "PLB", "name": "Plomberie", "hourly_rate": "41.00"},
        {"hourly_rate": "43.50"},
    ),
    "teams": (Team, TeamFactory, "name", {"code": "EV", "name": "Espaces verts"}, {"name": "Espaces verts nord"}),
    "agents": (
        Agent,
        AgentFactory,
        "last_name",
        {"employee_number": "M900", "first_name": "Jeanne", "last_name": "Martin", "weekly_hours": "35.0"},
        {"weekly_hours": "28.0"},
    ),
    "contractors": (
        Contractor,
        ContractorFactory,
        "name",
        {"name": "Michelin", "siret": "73282932000074"},
        {"phone": "04 73 00 00 00"},
    ),
}
RECORD_NAMES = list(RECORDS)


@pytest.fixture
def api(admin_a, api_for):
    return api_for(admin_a)


def make(resource, organization, **fields):
    return RECORDS[resource][1](organization=organization, **fields)


# --- lists: format, pagination, search, ordering, archived ---------------------------------------------


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_list_format_and_isolation(api, org_a, org_b, name):
    for _ in range(3):
        make(name, org_a)
    make(name, org_b)
    response = api.get(f"{API}/{name}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_is_exact", "next", "previous", "results"}
    assert body["count"] == 3 and body["count_is_exact"] is True
    assert body["next"] is None and body["previous"] is None
    assert len(body["results"]) == 3
    assert {"id", "created_at", "updated_at", "archived_at"} <= set(body["results"][0])
    assert "organization" not in body["results"][0]


def test_pagination_links(api, org_a):
    DepartmentFactory.create_batch(5, organization=org_a)
    first = api.get(f"{API}/departments/?page_size=2&ordering=code").json()
    assert first["count"] == 5 and first["count_is_exact"] is True
    assert "page=2" in first["next"] and "page_size=2" in first["next"] and first["previous"] is None
    second = api.get(first["next"]).json()
    assert "page=3" in second["next"]
    assert "page=" not in second["previous"] and "page_size=2" in second["previous"]
    third = api.get(second["next"]).json()
    assert third["next"] is None and len(third["results"]) == 1
    codes = [d["code"] for page in (first, second, third) for d in page["results"]]
    assert codes == sorted(codes) and len(set(codes)) == 5
    assert "cursor=" in first["next"] and "cursor=" in second["next"], "next links read after their last row"
    back = api.get(third["previous"]).json()
    assert "cursor=" in third["previous"] and back["results"] == second["results"]


def test_foreign_cursor_is_a_400(api, org_a):
    DepartmentFactory.create_batch(5, organization=org_a)
    next_link = api.get(f"{API}/departments/?page_size=2&ordering=code").json()["next"]
    cursor = next_link.split("cursor=")[1].split("&")[0]
    for url in (f"{API}/departments/?page=2&ordering=-code&cursor={cursor}", f"{API}/skills/?cursor={cursor}"):
        response = api.get(url)
        assert response.status_code == 400 and "cursor" in response.json()["fields"], url


def test_page_beyond_the_end_is_empty(api, org_a):
    DepartmentFactory.create_batch(3, organization=org_a)
    body = api.get(f"{API}/departments/?page=7").json()
    assert body["results"] == [] and body["count"] == 3 and body["next"] is None


@pytest.mark.parametrize("page", ["abc", "-1", "1.5"])
def test_bad_page_number_is_a_400(api, page):
    response = api.get(f"{API}/departments/", {"page": page})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "page" in response.json()["fields"]


def test_page_size_is_capped(api, org_a):
    SkillFactory.create_batch(3, organization=org_a)
    assert len(api.get(f"{API}/skills/?page_size=100000").json()["results"]) == 3


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_search_and_ordering(api, org_a, name):
    field = RECORDS[name][2]
    for value in ("Bernard", "Albert", "Charpentier"):
        make(name, org_a, **{field: value})
    ordered = api.get(f"{API}/{name}/?ordering=-{field}").json()["results"]
    assert [r[field] for r in ordered] == ["Charpentier", "Bernard", "Albert"]
    ordered = api.get(f"{API}/{name}/?ordering={field}").json()["results"]
    assert [r[field] for r in ordered] == ["Albert", "Bernard", "Charpentier"]
    found = api.get(f"{API}/{name}/?search=charp").json()
    assert [r[field] for r in found["results"]] == ["Charpentier"] and found["count"] == 1


def test_filters(api, org_a):
    DepartmentFactory(organization=org_a, kind=Department.Kind.TECHNICAL, code="TECH")
    DepartmentFactory(organization=org_a, kind=Department.Kind.REQUESTING)
    body = api.get(f"{API}/departments/?kind=technical").json()
    assert [d["code"] for d in body["results"]] == ["TECH"]

    team, other_team = TeamFactory.create_batch(2, organization=org_a)
    electricity, plumbing = SkillFactory.create_batch(2, organization=org_a)
    a1 = AgentFactory(organization=org_a, team=team, skills=[electricity])
    a2 = AgentFactory(organization=org_a, team=other_team, skills=[electricity, plumbing])
    AgentFactory(organization=org_a)
    assert [a["id"] for a in api.get(f"{API}/agents/?team={team.pk}").json()["results"]] == [a1.pk]
    by_skill = api.get(f"{API}/agents/?skills={electricity.pk}").json()["results"]
    assert sorted(a["id"] for a in by_skill) == sorted([a1.pk, a2.pk])
    assert [a["id"] for a in api.get(f"{API}/agents/?skills={plumbing.pk}").json()["results"]] == [a2.pk]

    department = DepartmentFactory(organization=org_a)
    with_dept = TeamFactory(organization=org_a, department=department)
    assert [t["id"] for t in api.get(f"{API}/teams/?department={department.pk}").json()["results"]] == [with_dept.pk]

    roofer = ContractorFactory(organization=org_a)
    roofer.trades.set([plumbing])
    ContractorFactory(organization=org_a)
    assert [c["id"] for c in api.get(f"{API}/contractors/?trades={plumbing.pk}").json()["results"]] == [roofer.pk]


def test_filter_with_an_unknown_choice_is_a_400(api, org_a):
    response = api.get(f"{API}/departments/?kind=imaginary")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "kind" in response.json()["fields"]


def test_filter_by_another_organizations_record_returns_nothing(api, org_a, org_b):
    foreign = TeamFactory(organization=org_b)
    AgentFactory(organization=org_b, team=foreign)
    response = api.get(f"{API}/agents/?team={foreign.pk}")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_retrieve(api, org_a, org_b, name):
    obj = make(name, org_a)
    body = api.get(f"{API}/{name}/{obj.pk}/").json()
    assert body["id"] == obj.pk
    foreign = make(name, org_b)
    response = api.get(f"{API}/{name}/{foreign.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api.get(f"{API}/{name}/999999/").status_code == 404


# --- writes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_create_update_archive_restore(api, org_a, admin_a, name):
    model, _factory, _field, create, patch = RECORDS[name]
    response = api.post(f"{API}/{name}/", create, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    obj = model.objects.get(pk=body["id"])
    assert obj.organization == org_a
    for key, value in create.items():
        assert str(body[key]) == value

    response = api.patch(f"{API}/{name}/{obj.pk}/", patch, format="json")
    assert response.status_code == 200, response.json()
    for key, value in patch.items():
        assert response.json()[key] == value

    response = api.put(f"{API}/{name}/{obj.pk}/", {**create, **patch}, format="json")
    assert response.status_code == 200, response.json()

    response = api.post(f"{API}/{name}/{obj.pk}/archive/", {"reason": "doublon"}, format="json")
    assert response.status_code == 200
    assert response.json()["archived_at"] is not None
    assert api.get(f"{API}/{name}/").json()["count"] == 0
    assert api.get(f"{API}/{name}/?archived=1").json()["count"] == 1
    assert api.get(f"{API}/{name}/?archived=all").json()["count"] == 1
    assert api.get(f"{API}/{name}/{obj.pk}/").status_code == 200  # archived records stay readable

    response = api.patch(f"{API}/{name}/{obj.pk}/", patch, format="json")
    assert response.status_code == 409 and response.json()["code"] == "archived"
    response = api.post(f"{API}/{name}/{obj.pk}/archive/", {}, format="json")
    assert response.status_code == 409

    response = api.post(f"{API}/{name}/{obj.pk}/restore/", format="json")
    assert response.status_code == 200 and response.json()["archived_at"] is None

    events = events_of(obj)
    assert [e.action for e in events] == ["create", "update", "archive", "restore"]
    assert {e.channel for e in events} == {"api"}
    assert {e.actor_id for e in events} == {admin_a.pk}
    assert events[2].reason == "doublon"


@pytest.mark.parametrize("name", [*RECORD_NAMES, "memberships"])
def test_delete_is_not_allowed(api, org_a, admin_a, name):
    obj = Membership.objects.get(user=admin_a) if name == "memberships" else make(name, org_a)
    response = api.delete(f"{API}/{name}/{obj.pk}/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_related_fields_are_limited_to_the_organization(api, org_a, org_b):
    foreign_dept = DepartmentFactory(organization=org_b)
    response = api.post(f"{API}/teams/", {"code": "T", "name": "T", "department": foreign_dept.pk}, format="json")
    assert response.status_code == 400
    assert "department" in response.json()["fields"]
    own_skill, foreign_skill = SkillFactory(organization=org_a), SkillFactory(organization=org_b)
    payload = {"employee_number": "M1", "first_name": "A", "last_name": "B", "skills": [own_skill.pk, foreign_skill.pk]}
    response = api.post(f"{API}/agents/", payload, format="json")
    assert response.status_code == 400 and "skills" in response.json()["fields"]
    assert not Team.objects.exists() and not Agent.objects.exists()


def test_archived_choices_are_refused(api, org_a):
    department = DepartmentFactory(organization=org_a, archived_at=timezone.now())
    response = api.post(f"{API}/teams/", {"code": "T", "name": "T", "department": department.pk}, format="json")
    assert response.status_code == 400 and "department" in response.json()["fields"]


def test_agent_with_skills_round_trip(api, org_a):
    s1, s2 = SkillFactory.create_batch(2, organization=org_a)
    payload = {"employee_number": "M1", "first_name": "A", "last_name": "B", "skills": [s1.pk, s2.pk]}
    body = api.post(f"{API}/agents/", payload, format="json").json()
    assert sorted(body["skills"]) == sorted([s1.pk, s2.pk])
    body = api.patch(f"{API}/agents/{body['id']}/", {"skills": [s2.pk]}, format="json").json()
    assert body["skills"] == [s2.pk]
    assert events_of(Agent.objects.get())[-1].changes == {"skills": [sorted([s1.pk, s2.pk]), [s2.pk]]}


def test_duplicate_code_is_refused(api, org_a, admin_b, api_for):
    payload = {"code": "VOIRIE", "name": "Voirie"}
    assert api.post(f"{API}/departments/", payload, format="json").status_code == 201
    assert api_for(admin_b).post(f"{API}/departments/", payload, format="json").status_code == 201
    response = api.post(f"{API}/departments/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Department.objects.filter(organization=org_a).count() == 1


def test_manager_cannot_create_a_department(org_a, make_member, api_for):
    manager = make_member(org_a, Role.MANAGER)
    client = api_for(manager)
    assert client.get(f"{API}/departments/").status_code == 200
    response = client.post(f"{API}/departments/", {"code": "X", "name": "X"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert (
        client.post(f"{API}/skills/", {"code": "X", "name": "X", "hourly_rate": "1"}, format="json").status_code == 201
    )
    assert not Department.objects.exists()


def test_requester_cannot_read_agents(org_a, make_member, api_for):
    requester = make_member(org_a, Role.REQUESTER, department=DepartmentFactory(organization=org_a))
    client = api_for(requester)
    assert client.get(f"{API}/agents/").status_code == 403
    assert client.get(f"{API}/departments/").status_code == 200
    assert client.get(f"{API}/memberships/").status_code == 403
    assert client.get(f"{API}/audit-events/").status_code == 403


# --- errors: format and language ----------------------------------------------------------------------


def test_validation_error_format_in_french_by_default(api):
    response = api.post(f"{API}/departments/", {"name": "Sans code"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "invalid"
    assert body["fields"] == {"code": ["Ce champ est obligatoire."]}
    assert response["Content-Language"] == "fr"


def test_validation_error_in_english(api):
    response = api.post(f"{API}/departments/", {"name": "No code"}, format="json", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"code": ["This field is required."]}
    assert response["Content-Language"] == "en"


def test_model_validation_errors_use_the_same_format(api):
    response = api.post(f"{API}/contractors/", {"name": "X", "siret": "73282932000075"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == ["siret"]


def test_malformed_json_is_a_parse_error(api):
    response = api.generic("POST", f"{API}/departments/", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


def test_unauthenticated_is_401(org_a):
    from rest_framework.test import APIClient

    for url in ("departments/", "me/", "audit-events/", "organizations/", "memberships/"):
        response = APIClient().get(f"{API}/{url}")
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"
        assert response.json()["message"] == "Informations d'authentification non fournies."


def test_user_without_membership_is_403(api_for):
    response = api_for(UserFactory()).get(f"{API}/departments/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


# --- tokens ---------------------------------------------------------------------------------------------


@pytest.fixture
def no_throttle_history():
    cache.clear()
    yield
    cache.clear()


def test_token_login_use_and_logout(org_a, admin_a, no_throttle_history):
    from rest_framework.test import APIClient

    DepartmentFactory(organization=org_a, name="Voirie")
    client = APIClient()
    response = client.post(
        f"{API}/auth/token/", {"username": admin_a.username, "password": "correct horse battery staple"}, format="json"
    )
    assert response.status_code == 201
    token = response.json()["token"]
    assert response.json()["expiry"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = client.get(f"{API}/departments/").json()
    assert [d["name"] for d in body["results"]] == ["Voirie"]
    assert client.get(f"{API}/me/").json()["username"] == admin_a.username

    assert client.post(f"{API}/auth/logout/").status_code == 204
    response = client.get(f"{API}/departments/")
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=admin_a).exists()


def test_logout_all_revokes_every_token(admin_a, no_throttle_history):
    from rest_framework.test import APIClient

    _instance, first = AuthToken.objects.create(admin_a)
    _instance, second = AuthToken.objects.create(admin_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.post(f"{API}/auth/logout/?all=true").status_code == 204
    client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert client.get(f"{API}/me/").status_code == 401


def test_wrong_password_gives_no_token(admin_a, no_throttle_history):
    from rest_framework.test import APIClient

    response = APIClient().post(f"{API}/auth/token/", {"username": admin_a.username, "password": "nope"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert not AuthToken.objects.exists()


def test_bad_token_is_401(org_a):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert client.get(f"{API}/departments/").status_code == 401


def test_token_of_a_deactivated_user_stops_working(org_a, admin_a, no_throttle_history):
    from rest_framework.test import APIClient

    _instance, token = AuthToken.objects.create(admin_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"{API}/me/").status_code == 200
    admin_a.is_active = False
    admin_a.save()
    assert client.get(f"{API}/me/").status_code == 401


# --- memberships -----------------------------------------------------------------------------------------


def test_memberships_api(api, org_a, org_b, admin_a, django_capture_on_commit_callbacks):
    other = make_membership(org_a, role=Role.AGENT)
    make_membership(org_b)
    body = api.get(f"{API}/memberships/?ordering=user__username").json()
    assert body["count"] == 2
    assert {m["user"]["username"] for m in body["results"]} == {admin_a.username, other.user.username}
    assert [m["id"] for m in api.get(f"{API}/memberships/?role=agent").json()["results"]] == [other.pk]
    found = api.get(f"{API}/memberships/", {"search": other.user.username}).json()["results"]
    assert [m["id"] for m in found] == [other.pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"{API}/memberships/",
            {"username": "c.durand", "email": "c.durand@example.org", "role": "manager", "language": "en"},
            format="json",
        )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["user"]["username"] == "c.durand" and created["role"] == "manager"
    assert created["user"]["language"] == "en"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["c.durand@example.org"]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body

    response = api.post(f"{API}/memberships/", {"username": "c.durand", "role": "agent"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "already_member"
    response = api.post(f"{API}/memberships/", {"username": "x", "role": "contractor"}, format="json")
    assert response.status_code == 400 and "contractor" in response.json()["fields"]

    response = api.patch(f"{API}/memberships/{created['id']}/", {"role": "agent"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "agent"
    response = api.post(f"{API}/memberships/{created['id']}/archive/", {"reason": "départ"}, format="json")
    assert response.status_code == 200 and response.json()["archived_at"]

    own = Membership.objects.get(user=admin_a)
    response = api.post(f"{API}/memberships/{own.pk}/archive/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "last_admin"
    response = api.patch(f"{API}/memberships/{own.pk}/", {"role": "manager"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "last_admin"


def test_memberships_are_admin_only(org_a, manager_a, api_for):
    client = api_for(manager_a)
    assert client.get(f"{API}/memberships/").status_code == 403
    response = client.post(f"{API}/memberships/", {"username": "x", "role": "admin"}, format="json")
    assert response.status_code == 403
    assert not Membership.objects.filter(role=Role.ADMIN).exists()


# --- organizations, me, audit events ----------------------------------------------------------------------


def test_organizations(org_a, org_b, admin_a, make_member, api_for):
    make_member(org_b, Role.AGENT, user=admin_a)
    client = api_for(admin_a)
    body = client.get(f"{API}/organizations/").json()
    assert [o["slug"] for o in body["results"]] == ["ville-a", "ville-b"]
    assert set(body) == {"count", "count_is_exact", "next", "previous", "results"}
    assert client.get(f"{API}/organizations/?search=ville-b").json()["count"] == 1
    assert [o["slug"] for o in client.get(f"{API}/organizations/?ordering=-name").json()["results"]] == [
        "ville-b",
        "ville-a",
    ]
    assert client.get(f"{API}/organizations/{org_a.pk}/").json()["siren"] == org_a.siren

    response = client.patch(
        f"{API}/organizations/{org_a.pk}/", {"population": 12000, "siren": "732829320"}, format="json"
    )
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.population == 12000 and org_a.siren != "732829320"  # siren is read-only
    [event] = events_of(org_a)
    assert event.changes == {"population": [None, 12000]} and event.channel == "api"

    # Ville B is not the current organization, and the user is only an agent there.
    assert client.patch(f"{API}/organizations/{org_b.pk}/", {"population": 1}, format="json").status_code == 403
    other = api_for(admin_a, org_b)
    assert other.patch(f"{API}/organizations/{org_b.pk}/", {"population": 1}, format="json").status_code == 403
    assert client.delete(f"{API}/organizations/{org_a.pk}/").status_code == 405


def test_organization_not_a_member_of_is_404(org_a, admin_a, org_b, api_for):
    assert api_for(admin_a).get(f"{API}/organizations/{org_b.pk}/").status_code == 404


def test_me(org_a, admin_a, api_for):
    body = api_for(admin_a).get(f"{API}/me/").json()
    assert body["id"] == admin_a.pk and body["role"] == "admin" and body["organization"] == org_a.pk
    assert body["memberships"] == [{"organization": org_a.pk, "name": "Ville A", "slug": "ville-a", "role": "admin"}]
    assert body["email_notifications"] == "each"


def test_me_chooses_notification_emails(admin_a, api_for):
    client = api_for(admin_a)
    response = client.patch(f"{API}/me/", {"email_notifications": "digest"}, format="json")
    assert response.status_code == 200 and response.json()["email_notifications"] == "digest"
    admin_a.refresh_from_db()
    assert admin_a.email_notifications == "digest"
    response = client.patch(f"{API}/me/", {"email_notifications": "hourly"}, format="json")
    assert response.status_code == 400 and "email_notifications" in response.json()["fields"]
    admin_a.refresh_from_db()
    assert admin_a.email_notifications == "digest"


def test_audit_events_give_a_records_timeline(api, org_a, org_b, admin_a, admin_b, api_for):
    created = api.post(f"{API}/departments/", {"code": "A", "name": "Achats"}, format="json").json()
    api.patch(f"{API}/departments/{created['id']}/", {"name": "Achats publics"}, format="json")
    api.post(f"{API}/departments/{created['id']}/archive/", {"reason": "fusion"}, format="json")
    api.post(f"{API}/skills/", {"code": "A", "name": "A", "hourly_rate": "1"}, format="json")
    # Another organization's record with the same id must not appear.
    api_for(admin_b).post(f"{API}/departments/", {"code": "B", "name": "Bâtiments"}, format="json")

    body = api.get(f"{API}/audit-events/?record_type=people.department&object_id={created['id']}").json()
    assert [e["action"] for e in body["results"]] == ["archive", "update", "create"]
    newest = body["results"][0]
    assert newest["record_type"] == "people.department"
    assert newest["reason"] == "fusion" and newest["channel"] == "api"
    assert newest["actor"] == admin_a.pk and newest["actor_name"] == str(admin_a)
    assert body["results"][1]["changes"] == {"name": ["Achats", "Achats publics"]}

    assert api.get(f"{API}/audit-events/?record_type=people.skill").json()["count"] == 1
    assert api.get(f"{API}/audit-events/?record_type=nope.nothing").json()["count"] == 0
    assert api.get(f"{API}/audit-events/?action=archive").json()["count"] == 1
    assert api.get(f"{API}/audit-events/").json()["count"] == 4
    event_id = body["results"][0]["id"]
    assert api.get(f"{API}/audit-events/{event_id}/").status_code == 200
    assert api_for(admin_b).get(f"{API}/audit-events/{event_id}/").status_code == 404
    assert api.post(f"{API}/audit-events/", {}, format="json").status_code == 405
    assert api.delete(f"{API}/audit-events/{event_id}/").status_code == 405


# --- query counts ---------------------------------------------------------------------------------------


def populate(name, organization, n):
    if name == "agents":
        team = TeamFactory(organization=organization)
        skills = SkillFactory.create_batch(2, organization=organization)
        department = DepartmentFactory(organization=organization)
        for _ in range(n):
            AgentFactory(organization=organization, team=team, department=department, skills=skills)
    elif name == "contractors":
        skills = SkillFactory.create_batch(2, organization=organization)
        for contractor in ContractorFactory.create_batch(n, organization=organization):
            contractor.trades.set(skills)
    elif name == "teams":
        department = DepartmentFactory(organization=organization)
        leader = AgentFactory(organization=organization)
        TeamFactory.create_batch(n, organization=organization, department=department, leader=leader)
    elif name == "memberships":
        for _ in range(n):
            make_membership(organization)
    elif name == "audit-events":
        department = DepartmentFactory(organization=organization)
        users = UserFactory.create_batch(3)
        for i in range(n):
            AuditEvent.objects.create(
                organization=organization,
                content_type_id=_department_ct(),
                object_id=department.pk,
                object_repr=str(department),
                action="update",
                actor=users[i % 3],
                channel="web",
            )
    else:
        for _ in range(n):
            make(name, organization)


def _department_ct():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Department).pk


@pytest.mark.parametrize("name", [*RECORD_NAMES, "memberships", "audit-events"])
def test_list_query_count_does_not_grow_with_rows(api, org_a, org_b, name, django_assert_max_num_queries):
    populate(name, org_a, 5)
    url = f"{API}/{name}/?page_size=200"  # one page in both cases: the count query is another matter
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    assert len(few) <= 4, [q["sql"] for q in few.captured_queries]
    populate(name, org_b, 1)
    populate(name, org_a, 45)
    with django_assert_max_num_queries(len(few)):
        response = api.get(url)
    body = response.json()
    assert set(body) == {"count", "count_is_exact", "next", "previous", "results"}
    assert body["count"] >= 50 and len(body["results"]) == body["count"]


def test_count_is_bounded_in_the_api(api, org_a, monkeypatch):
    SkillFactory.create_batch(7, organization=org_a)
    import regie.core.pagination as pagination

    monkeypatch.setattr(pagination.slice_page, "__defaults__", (4, "", ""))
    body = api.get(f"{API}/skills/?page_size=2").json()
    assert body["count"] == 4 and body["count_is_exact"] is False and body["next"]


def test_decimal_values_are_strings(api, org_a):
    SkillFactory(organization=org_a, hourly_rate=Decimal("38.50"))
    assert api.get(f"{API}/skills/").json()["results"][0]["hourly_rate"] == "38.50"
