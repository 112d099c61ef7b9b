"""Services of the people app: the rules every channel (web, API, admin) shares.

Each write checks the permission matrix, validates (model + same-tenant links), writes the audit event
in the same transaction, and leaves nothing behind when it fails.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from regie.core import context
from regie.core.exceptions import Conflict, Forbidden
from regie.core.factories import MembershipFactory, OrganizationFactory, UserFactory
from regie.core.models import AuditEvent, Membership
from regie.core.permissions import Role
from regie.core.services import archive_record, restore_record
from regie.people import services
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

User = get_user_model()

# resource, model, create, update, valid data, a field to change and its new value, the unique field
RECORDS = [
    (
        "department",
        Department,
        services.create_department,
        services.update_department,
        {"code": "VOIRIE", "name": "Voirie", "kind": Department.Kind.TECHNICAL},
        ("name", "Voirie et réseaux"),
        "code",
    ),
    (
        "skill",
        Skill,
        services.create_skill,
        services.update_skill,
        {"code": "ELEC", "name": "Électricité", "hourly_rate": Decimal("42.00")},
        ("hourly_rate", Decimal("45.50")),
        "code",
    ),
    (
        "team",
        Team,
        services.create_team,
        services.update_team,
        {"code": "EV1", "name": "Espaces verts nord"},
        ("name", "Espaces verts sud"),
        "code",
    ),
    (
        "agent",
        Agent,
        services.create_agent,
        services.update_agent,
        {"employee_number": "M0042", "first_name": "Jeanne", "last_name": "Martin"},
        ("weekly_hours", Decimal("28.0")),
        "employee_number",
    ),
    (
        "contractor",
        Contractor,
        services.create_contractor,
        services.update_contractor,
        {"name": "Michelin", "siret": "73282932000074"},
        ("email", "contact@michelin.example"),
        "siret",
    ),
]
RECORD_IDS = [r[0] for r in RECORDS]


def plain(value):
    return str(value) if isinstance(value, Decimal) else value


# --- create / update / archive / restore --------------------------------------------------------------


@pytest.mark.parametrize(("resource", "model", "create", "update", "data", "change", "unique"), RECORDS, ids=RECORD_IDS)
def test_create_writes_record_and_audit_event(org_a, admin_a, resource, model, create, update, data, change, unique):
    with context.channel("web"):
        obj = create(by=admin_a, organization=org_a, data=dict(data))
    obj.refresh_from_db()
    assert obj.organization == org_a
    for name, value in data.items():
        assert getattr(obj, name) == value
    [event] = events_of(obj)
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor == admin_a
    assert event.channel == AuditEvent.Channel.WEB
    assert event.organization == org_a
    assert event.object_repr == str(obj)
    for name, value in data.items():
        assert event.changes[name] == [None, plain(value)]
    assert "organization" not in event.changes and "updated_at" not in event.changes


@pytest.mark.parametrize(("resource", "model", "create", "update", "data", "change", "unique"), RECORDS, ids=RECORD_IDS)
def test_update_records_old_and_new_values(org_a, admin_a, resource, model, create, update, data, change, unique):
    obj = create(by=admin_a, organization=org_a, data=dict(data))
    field, new = change
    old = getattr(obj, field)
    with context.channel("api"):
        obj = update(obj, by=admin_a, data={field: new})
    obj.refresh_from_db()
    assert getattr(obj, field) == new
    events = events_of(obj)
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes == {field: [plain(old) if old != "" else "", plain(new)]}
    assert events[1].channel == "api"
    assert events[1].actor == admin_a


def test_update_without_change_writes_no_event(org_a, admin_a):
    department = services.create_department(by=admin_a, organization=org_a, data={"code": "A", "name": "Achats"})
    services.update_department(department, by=admin_a, data={"name": "Achats"})
    assert [e.action for e in events_of(department)] == ["create"]


@pytest.mark.parametrize(("resource", "model", "create", "update", "data", "change", "unique"), RECORDS, ids=RECORD_IDS)
def test_archive_and_restore(org_a, admin_a, resource, model, create, update, data, change, unique):
    obj = create(by=admin_a, organization=org_a, data=dict(data))
    archived = archive_record(obj, by=admin_a, action=f"{resource}.manage", reason="plus utilisé")
    assert archived.is_archived
    assert not model.objects.for_org(org_a).active().filter(pk=obj.pk).exists()
    with pytest.raises(Conflict) as error:
        archive_record(archived, by=admin_a, action=f"{resource}.manage")
    assert error.value.code == "archived"

    restored = restore_record(archived, by=admin_a, action=f"{resource}.manage")
    assert not restored.is_archived
    with pytest.raises(Conflict) as error:
        restore_record(restored, by=admin_a, action=f"{resource}.manage")
    assert error.value.code == "not_archived"
    events = events_of(obj)
    assert [e.action for e in events] == ["create", "archive", "restore"]
    assert events[1].reason == "plus utilisé"


@pytest.mark.parametrize(("resource", "model", "create", "update", "data", "change", "unique"), RECORDS, ids=RECORD_IDS)
def test_archived_record_cannot_be_updated(org_a, admin_a, resource, model, create, update, data, change, unique):
    obj = create(by=admin_a, organization=org_a, data=dict(data))
    archive_record(obj, by=admin_a, action=f"{resource}.manage")
    field, new = change
    with pytest.raises(Conflict) as error:
        update(obj, by=admin_a, data={field: new})
    assert error.value.code == "archived"
    obj.refresh_from_db()
    assert getattr(obj, field) != new
    assert [e.action for e in events_of(obj)] == ["create", "archive"]


# --- permission matrix ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "resource", "allowed"),
    [
        (Role.REQUESTER, "department", False),
        (Role.MANAGER, "department", False),
        (Role.ADMIN, "department", True),
        (Role.MANAGER, "skill", True),
        (Role.AGENT, "skill", False),
        (Role.MANAGER, "team", True),
        (Role.DEPARTMENT_HEAD, "team", False),
        (Role.MANAGER, "agent", True),
        (Role.ELECTED, "agent", False),
        (Role.MANAGER, "contractor", True),
        (Role.STOREKEEPER, "contractor", False),
    ],
)
def test_permission_matrix_is_enforced_by_services(org_a, make_member, role, resource, allowed):
    spec = next(r for r in RECORDS if r[0] == resource)
    model, create, data = spec[1], spec[2], spec[4]
    extra = {"department": DepartmentFactory(organization=org_a)} if role in (Role.REQUESTER,) else {}
    user = make_member(org_a, role, **extra)
    before = AuditEvent.objects.count()
    if allowed:
        create(by=user, organization=org_a, data=dict(data))
        assert model.objects.owned_by(org_a).count() == 1
    else:
        with pytest.raises(Forbidden):
            create(by=user, organization=org_a, data=dict(data))
        assert model.objects.owned_by(org_a).filter(**{spec[6]: data[spec[6]]}).count() == 0
        assert AuditEvent.objects.count() == before


def test_requester_cannot_create_a_department(org_a, make_member):
    requester = make_member(org_a, Role.REQUESTER, department=DepartmentFactory(organization=org_a))
    with pytest.raises(Forbidden):
        services.create_department(by=requester, organization=org_a, data={"code": "X", "name": "X"})


def test_member_of_another_organization_cannot_write(org_a, admin_b):
    with pytest.raises(Forbidden):
        services.create_department(by=admin_b, organization=org_a, data={"code": "X", "name": "X"})
    department = DepartmentFactory(organization=org_a)
    with pytest.raises(Forbidden):
        services.update_department(department, by=admin_b, data={"name": "piraté"})
    with pytest.raises(Forbidden):
        archive_record(department, by=admin_b, action="department.manage")
    department.refresh_from_db()
    assert department.name != "piraté" and not department.is_archived


def test_archived_membership_loses_its_rights(org_a, make_member):
    user = make_member(org_a, Role.ADMIN)
    Membership.objects.filter(user=user).update(archived_at=timezone.now())
    user = User.objects.get(pk=user.pk)  # a fresh object: no cached membership
    with pytest.raises(Forbidden):
        services.create_department(by=user, organization=org_a, data={"code": "X", "name": "X"})


def test_anonymous_cannot_write(org_a):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        services.create_skill(by=AnonymousUser(), organization=org_a, data={"code": "X", "name": "X"})


# --- validation: uniqueness per organization, tenant links, failed writes leave nothing -------------------


@pytest.mark.parametrize(("resource", "model", "create", "update", "data", "change", "unique"), RECORDS, ids=RECORD_IDS)
def test_unique_per_organization(org_a, org_b, admin_a, admin_b, resource, model, create, update, data, change, unique):
    create(by=admin_a, organization=org_a, data=dict(data))
    create(by=admin_b, organization=org_b, data=dict(data))  # same code in another organization: fine
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        create(by=admin_a, organization=org_a, data=dict(data))
    assert error.value.error_dict  # a field/constraint error, not a crash
    assert model.objects.owned_by(org_a).count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("resource", "model", "create", "update", "data", "change", "unique"), RECORDS, ids=RECORD_IDS)
def test_archived_code_can_be_reused_but_not_restored_twice(
    org_a, admin_a, resource, model, create, update, data, change, unique
):
    first = create(by=admin_a, organization=org_a, data=dict(data))
    archive_record(first, by=admin_a, action=f"{resource}.manage")
    create(by=admin_a, organization=org_a, data=dict(data))
    with pytest.raises(Conflict):
        restore_record(first, by=admin_a, action=f"{resource}.manage")
    first.refresh_from_db()
    assert first.is_archived
    assert [e.action for e in events_of(first)] == ["create", "archive"]


def test_update_to_a_taken_code_is_refused(org_a, admin_a):
    services.create_department(by=admin_a, organization=org_a, data={"code": "A", "name": "A"})
    other = services.create_department(by=admin_a, organization=org_a, data={"code": "B", "name": "B"})
    with pytest.raises(ValidationError):
        services.update_department(other, by=admin_a, data={"code": "A"})
    other.refresh_from_db()
    assert other.code == "B"
    assert [e.action for e in events_of(other)] == ["create"]


def test_team_with_department_of_another_organization_is_refused(org_a, org_b, admin_a):
    foreign = DepartmentFactory(organization=org_b)
    with pytest.raises(ValidationError) as error:
        services.create_team(by=admin_a, organization=org_a, data={"code": "T", "name": "T", "department": foreign})
    assert "department" in error.value.message_dict
    assert not Team.objects.exists()
    assert not AuditEvent.objects.exists()


def test_update_to_a_foreign_link_is_refused(org_a, org_b, admin_a):
    team = TeamFactory(organization=org_a)
    agent = AgentFactory(organization=org_a)
    with pytest.raises(ValidationError) as error:
        services.update_agent(agent, by=admin_a, data={"team": TeamFactory(organization=org_b)})
    assert "team" in error.value.message_dict
    services.update_agent(agent, by=admin_a, data={"team": team})
    agent.refresh_from_db()
    assert agent.team == team


def test_many_to_many_of_another_organization_is_refused(org_a, org_b, admin_a):
    own, foreign = SkillFactory(organization=org_a), SkillFactory(organization=org_b)
    with pytest.raises(ValidationError) as error:
        services.create_agent(
            by=admin_a,
            organization=org_a,
            data={"employee_number": "M1", "first_name": "A", "last_name": "B"},
            m2m={"skills": [own, foreign]},
        )
    assert "skills" in error.value.message_dict
    assert not Agent.objects.exists()
    agent = services.create_agent(
        by=admin_a,
        organization=org_a,
        data={"employee_number": "M1", "first_name": "A", "last_name": "B"},
        m2m={"skills": [own]},
    )
    assert list(agent.skills.all()) == [own]
    assert events_of(agent)[0].changes["skills"] == [None, [own.pk]]


def test_many_to_many_changes_are_audited(org_a, admin_a):
    s1, s2, s3 = SkillFactory.create_batch(3, organization=org_a)
    contractor = services.create_contractor(
        by=admin_a, organization=org_a, data={"name": "Dupont SARL"}, m2m={"trades": [s1, s2]}
    )
    services.update_contractor(contractor, by=admin_a, data={}, m2m={"trades": [s2, s3]})
    assert set(contractor.trades.all()) == {s2, s3}
    update = events_of(contractor)[-1]
    assert update.action == "update"
    assert update.changes == {"trades": [sorted([s1.pk, s2.pk]), sorted([s2.pk, s3.pk])]}


def test_invalid_siret_is_refused(org_a, admin_a):
    with pytest.raises(ValidationError) as error:
        services.create_contractor(by=admin_a, organization=org_a, data={"name": "X", "siret": "73282932000075"})
    assert "siret" in error.value.message_dict
    assert not Contractor.objects.exists()


def test_invalid_values_are_refused_and_nothing_is_written(org_a, admin_a):
    with pytest.raises(ValidationError) as error:
        services.create_agent(
            by=admin_a,
            organization=org_a,
            data={"employee_number": "bad number!", "first_name": "", "last_name": "B", "weekly_hours": 70},
        )
    assert {"employee_number", "first_name", "weekly_hours"} <= set(error.value.message_dict)
    assert not Agent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_failure_after_the_save_rolls_everything_back(org_a, admin_a, monkeypatch):
    """The record and its audit event live or die together."""

    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr("regie.core.audit.AuditEvent.objects.create", broken)
    with pytest.raises(RuntimeError):
        services.create_department(by=admin_a, organization=org_a, data={"code": "X", "name": "X"})
    assert not Department.objects.exists()


def test_failed_update_rolls_back_fields_and_many_to_many(org_a, admin_a, monkeypatch):
    s1, s2 = SkillFactory.create_batch(2, organization=org_a)
    agent = AgentFactory(organization=org_a, skills=[s1], first_name="Avant")
    monkeypatch.setattr("regie.core.audit.AuditEvent.objects.create", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        services.update_agent(agent, by=admin_a, data={"first_name": "Après"}, m2m={"skills": [s2]})
    agent.refresh_from_db()
    assert agent.first_name == "Avant"
    assert list(agent.skills.all()) == [s1]


# --- optimistic concurrency ---------------------------------------------------------------------------


def test_stale_version_is_a_conflict(org_a, admin_a):
    department = services.create_department(by=admin_a, organization=org_a, data={"code": "A", "name": "A"})
    seen = department.updated_at
    Department.objects.filter(pk=department.pk).update(updated_at=seen + datetime.timedelta(seconds=5))
    with pytest.raises(Conflict) as error:
        services.update_department(department, by=admin_a, data={"name": "B"}, expected_updated_at=seen)
    assert error.value.code == "conflict"
    department.refresh_from_db()
    assert department.name == "A"
    assert [e.action for e in events_of(department)] == ["create"]


def test_current_version_is_accepted(org_a, admin_a):
    department = services.create_department(by=admin_a, organization=org_a, data={"code": "A", "name": "A"})
    # The browser sends back the version without microseconds and in local time.
    seen = timezone.localtime(department.updated_at).replace(microsecond=0)
    services.update_department(department, by=admin_a, data={"name": "B"}, expected_updated_at=seen)
    department.refresh_from_db()
    assert department.name == "B"


# --- memberships ----------------------------------------------------------------------------------------


def new_member_data(**overrides):
    data = {
        "username": "j.dupont",
        "email": "J.Dupont@Example.org",
        "first_name": "Jean",
        "last_name": "Dupont",
        "language": "fr",
        "role": Role.MANAGER,
    }
    data.update(overrides)
    return data


@pytest.fixture
def sent_languages(monkeypatch):
    """The active language at the moment each invitation e-mail is rendered and sent."""
    from django.contrib.auth.forms import PasswordResetForm

    languages = []
    original = PasswordResetForm.send_mail

    def spy(self, *args, **kwargs):
        languages.append(translation.get_language())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PasswordResetForm, "send_mail", spy)
    return languages


def test_add_member_creates_user_membership_and_invitation(
    org_a, admin_a, django_capture_on_commit_callbacks, sent_languages
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership = services.add_member(by=admin_a, organization=org_a, data=new_member_data())
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    user = membership.user
    assert user.username == "j.dupont"
    assert user.email == "j.dupont@example.org"
    assert not user.has_usable_password()
    assert membership.organization == org_a and membership.role == Role.MANAGER
    [event] = events_of(membership)
    assert event.action == "create" and event.actor == admin_a and event.changes["role"] == [None, "manager"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["j.dupont@example.org"]
    assert "/accounts/reset/" in message.body
    assert "j.dupont" in message.body
    assert sent_languages == ["fr"]


def test_invitation_is_in_the_users_language(org_a, admin_a, django_capture_on_commit_callbacks, sent_languages):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.add_member(by=admin_a, organization=org_a, data=new_member_data(language="de"))
        services.add_member(
            by=admin_a, organization=org_a, data=new_member_data(username="k", email="k@example.org", language="en")
        )
    assert sent_languages == ["de", "en"]
    assert len(mail.outbox) == 2


def test_rolled_back_add_member_sends_nothing(org_a, admin_a, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("regie.core.audit.AuditEvent.objects.create", lambda **kw: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ZeroDivisionError):
        services.add_member(by=admin_a, organization=org_a, data=new_member_data())
    assert callbacks == []
    assert mail.outbox == []
    assert not User.objects.filter(username="j.dupont").exists()


def test_existing_username_gets_a_new_membership_only(
    org_a, org_b, admin_a, make_member, django_capture_on_commit_callbacks
):
    existing = make_member(org_b, Role.AGENT)
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.add_member(
            by=admin_a,
            organization=org_a,
            data=new_member_data(username=existing.username.upper(), email=existing.email.upper(), first_name="X"),
        )
    assert membership.user == existing
    assert User.objects.count() == users
    existing.refresh_from_db()
    assert existing.first_name != "X"
    assert mail.outbox == []
    assert set(Membership.objects.filter(user=existing).values_list("organization", flat=True)) == {
        org_a.pk,
        org_b.pk,
    }


@pytest.mark.parametrize("email", ["", "someone.else@example.org"])
def test_another_organizations_account_needs_its_email(org_a, org_b, admin_a, make_member, email):
    """Guessing a user name must not pull someone's account (name, e-mail) into one's organization."""
    existing = make_member(org_b, Role.AGENT)
    with pytest.raises(ValidationError) as error:
        services.add_member(
            by=admin_a, organization=org_a, data=new_member_data(username=existing.username, email=email)
        )
    assert set(error.value.message_dict) == {"email"}
    message = " ".join(error.value.message_dict["email"])
    assert existing.email not in message and existing.last_name not in message
    assert not Membership.objects.filter(user=existing, organization=org_a).exists()


def test_duplicate_active_membership_is_a_conflict(org_a, admin_a, make_member, django_capture_on_commit_callbacks):
    member = make_member(org_a, Role.AGENT)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict) as error:
        services.add_member(by=admin_a, organization=org_a, data=new_member_data(username=member.username))
    assert error.value.code == "already_member"
    assert Membership.objects.filter(user=member).count() == 1
    assert mail.outbox == []


def test_ended_membership_can_be_given_again(org_a, admin_a, make_member):
    member = make_member(org_a, Role.AGENT)
    old = Membership.objects.get(user=member)
    services.end_membership(old, by=admin_a, reason="mutation")
    again = services.add_member(by=admin_a, organization=org_a, data=new_member_data(username=member.username))
    assert again.pk != old.pk and again.user == member


def test_contractor_role_needs_a_contractor(org_a, org_b, admin_a):
    with pytest.raises(ValidationError) as error:
        services.add_member(by=admin_a, organization=org_a, data=new_member_data(role=Role.CONTRACTOR))
    assert "contractor" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_member(
            by=admin_a,
            organization=org_a,
            data=new_member_data(role=Role.CONTRACTOR, contractor=ContractorFactory(organization=org_b)),
        )
    assert "contractor" in error.value.message_dict
    assert not User.objects.filter(username="j.dupont").exists()
    membership = services.add_member(
        by=admin_a,
        organization=org_a,
        data=new_member_data(role=Role.CONTRACTOR, contractor=ContractorFactory(organization=org_a)),
    )
    assert membership.contractor.organization == org_a


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.DEPARTMENT_HEAD])
def test_requester_needs_a_department(org_a, org_b, admin_a, role):
    with pytest.raises(ValidationError) as error:
        services.add_member(by=admin_a, organization=org_a, data=new_member_data(role=role))
    assert "department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_member(
            by=admin_a,
            organization=org_a,
            data=new_member_data(role=role, department=DepartmentFactory(organization=org_b)),
        )
    assert "department" in error.value.message_dict
    assert not Membership.objects.filter(role=role).exists()


def test_only_admins_add_members(org_a, manager_a):
    with pytest.raises(Forbidden):
        services.add_member(by=manager_a, organization=org_a, data=new_member_data())
    assert not User.objects.filter(username="j.dupont").exists()


def test_invalid_new_user_is_refused(org_a, admin_a):
    with pytest.raises(ValidationError):
        services.add_member(by=admin_a, organization=org_a, data=new_member_data(email="not-an-email"))
    assert not User.objects.filter(username="j.dupont").exists()


def test_update_membership_checks_links_and_audits(org_a, admin_a, make_member):
    member = make_member(org_a, Role.AGENT)
    membership = Membership.objects.get(user=member)
    with pytest.raises(ValidationError):
        services.update_membership(membership, by=admin_a, data={"role": Role.REQUESTER})
    department = DepartmentFactory(organization=org_a)
    services.update_membership(membership, by=admin_a, data={"role": Role.REQUESTER, "department": department})
    membership.refresh_from_db()
    assert membership.role == Role.REQUESTER and membership.department == department
    assert events_of(membership)[-1].changes == {
        "role": ["agent", "requester"],
        "department": [None, department.pk],
    }


def test_end_membership_of_the_last_admin_is_a_conflict(org_a, admin_a):
    membership = Membership.objects.get(user=admin_a)
    with pytest.raises(Conflict) as error:
        services.end_membership(membership, by=admin_a)
    assert error.value.code == "last_admin"
    membership.refresh_from_db()
    assert not membership.is_archived


def test_last_admin_cannot_demote_themselves(org_a, admin_a):
    membership = Membership.objects.get(user=admin_a)
    with pytest.raises(Conflict) as error:
        services.update_membership(membership, by=admin_a, data={"role": Role.MANAGER})
    assert error.value.code == "last_admin"
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_admin_can_leave_when_another_admin_stays(org_a, admin_a, make_member):
    other = make_member(org_a, Role.ADMIN)
    services.end_membership(Membership.objects.get(user=admin_a), by=admin_a, reason="départ")
    assert Membership.objects.active().filter(organization=org_a, role=Role.ADMIN).get().user == other
    assert events_of(Membership.objects.get(user=admin_a))[-1].reason == "départ"


def test_admin_ends_another_membership(org_a, admin_a, make_member):
    member = make_member(org_a, Role.AGENT)
    membership = services.end_membership(Membership.objects.get(user=member), by=admin_a)
    assert membership.is_archived


def test_deactivate_user_ends_sessions_and_tokens(org_a, admin_a, make_member, client_for):
    from knox.models import AuthToken

    member = make_member(org_a, Role.AGENT)
    client = client_for(member)
    assert client.get("/").status_code == 200
    AuthToken.objects.create(member)
    with pytest.raises(Forbidden):  # an organization admin ends memberships; accounts are the platform's
        services.deactivate_user(member, by=admin_a)
    operator = User.objects.create_superuser("operator", password="correct horse battery staple")
    services.deactivate_user(member, by=operator)
    member.refresh_from_db()
    assert not member.is_active
    assert not AuthToken.objects.filter(user=member).exists()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    services.deactivate_user(member, by=operator)  # idempotent
    assert User.objects.filter(pk=admin_a.pk, is_active=True).exists()


def test_membership_factory_and_org_factory_are_independent():
    """Sanity check of the fixtures the suite relies on."""
    membership = MembershipFactory(organization=OrganizationFactory(), user=UserFactory())
    assert membership.role == Role.MANAGER


def test_duplicate_code_message_speaks_of_the_code(org_a, admin_a):
    services.create_department(by=admin_a, organization=org_a, data={"code": "A", "name": "A"})
    with pytest.raises(ValidationError) as error:
        services.create_department(by=admin_a, organization=org_a, data={"code": "A", "name": "B"})
    assert not any("department_code_unique" in message for message in error.value.messages)
