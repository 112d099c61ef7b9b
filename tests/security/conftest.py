"""The data of the security suite: three organizations, records of every tenant model, a member per role.

Organization A's records carry the marker `SECRET-A-` in their text fields: no response to a member of
organization B may ever contain it. The data is built once per test module (inside a transaction that is
rolled back at the end of the module); each test runs in its own savepoint on top of it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

MARKER = "secret-a-"  # compared case-insensitively: e-mail addresses are lower case


@dataclass
class World:
    org_a: object
    org_b: object
    org_c: object
    admin_a: object
    admin_b: object
    members_b: dict  # role → user, members of B
    a: dict = field(default_factory=dict)  # model → an active record of A
    a_archived: dict = field(default_factory=dict)  # model → an archived record of A
    b: dict = field(default_factory=dict)  # model → an active record of B
    b_archived: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)  # user id → session cookie, signed in once per module

    def a_objects(self, model):
        """A's records of `model` (active first), as a list."""
        return [obj for obj in (self.a.get(model), self.a_archived.get(model)) if obj is not None]

    def b_objects(self, model):
        return [obj for obj in (self.b.get(model), self.b_archived.get(model)) if obj is not None]


def leaks(body):
    """True when a response body shows any of organization A's data."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return MARKER in text.lower()


def _user(username, **fields):
    from regie.core.factories import UserFactory

    return UserFactory(username=username, **fields)


def _populate(org, by, prefix, *, archived=True):
    """One record of every people model in `org`, through the services (so audit events exist too)."""
    from regie.core.models import Membership
    from regie.core.permissions import Role
    from regie.people import services
    from regie.people.models import Agent, Contractor, Department, Skill, Team

    tag = prefix.upper().replace("-", "")[:8]
    records, archived_records = {}, {}
    dept = services.create_department(
        by=by,
        organization=org,
        data={"code": f"{tag}D", "name": f"{prefix}department", "email": f"{prefix}department@example.org"},
    )
    skill = services.create_skill(
        by=by, organization=org, data={"code": f"{tag}S", "name": f"{prefix}skill", "hourly_rate": Decimal("40")}
    )
    agent = services.create_agent(
        by=by,
        organization=org,
        data={
            "employee_number": f"{tag}A",
            "first_name": f"{prefix}agent",
            "last_name": f"{prefix}agent",
            "email": f"{prefix}agent@example.org",
            "department": dept,
        },
        m2m={"skills": [skill]},
    )
    team = services.create_team(
        by=by, organization=org, data={"code": f"{tag}T", "name": f"{prefix}team", "department": dept, "leader": agent}
    )
    contractor = services.create_contractor(
        by=by,
        organization=org,
        data={"name": f"{prefix}contractor", "address": f"{prefix}contractor", "email": f"{prefix}co@example.org"},
        m2m={"trades": [skill]},
    )
    records.update({Department: dept, Skill: skill, Agent: agent, Team: team, Contractor: contractor})
    if archived:
        from regie.core.services import archive_record

        for model, make in (
            (
                Department,
                lambda: services.create_department(
                    by=by, organization=org, data={"code": f"{tag}DX", "name": f"{prefix}department-archived"}
                ),
            ),
            (
                Skill,
                lambda: services.create_skill(
                    by=by,
                    organization=org,
                    data={"code": f"{tag}SX", "name": f"{prefix}skill-archived", "hourly_rate": Decimal(1)},
                ),
            ),
            (
                Team,
                lambda: services.create_team(
                    by=by, organization=org, data={"code": f"{tag}TX", "name": f"{prefix}team-archived"}
                ),
            ),
            (
                Agent,
                lambda: services.create_agent(
                    by=by,
                    organization=org,
                    data={"employee_number": f"{tag}AX", "first_name": f"{prefix}agent", "last_name": "archived"},
                ),
            ),
            (
                Contractor,
                lambda: services.create_contractor(
                    by=by, organization=org, data={"name": f"{prefix}contractor-archived"}
                ),
            ),
        ):
            archived_records[model] = archive_record(make(), by=by, action=f"{model._meta.model_name}.manage")
        former = _user(f"{prefix}former", first_name=f"{prefix}former", last_name=f"{prefix}former")
        member = Membership.objects.create(organization=org, user=former, role=Role.AGENT)
        archived_records[Membership] = services.end_membership(member, by=by)
    return records, archived_records


def build_world():
    from regie.core import audit
    from regie.core.factories import MembershipFactory, OrganizationFactory
    from regie.core.models import AuditEvent, Membership, Organization, Share, User
    from regie.core.permissions import Role
    from regie.people.models import Contractor, Department

    org_a = OrganizationFactory(name="SECRET-A-organization", slug="ville-a", address="SECRET-A-organization")
    org_b = OrganizationFactory(name="Ville B", slug="ville-b")
    org_c = OrganizationFactory(name="Ville C", slug="ville-c")

    admin_a = _user(
        "secret-a-admin", first_name="SECRET-A-user", last_name="SECRET-A-user", email="secret-a-user@example.org"
    )
    membership_a = MembershipFactory(organization=org_a, user=admin_a, role=Role.ADMIN)
    admin_b = _user("admin-b", first_name="Bea", last_name="Admin", email="admin-b@example.org")
    MembershipFactory(organization=org_b, user=admin_b, role=Role.ADMIN)
    admin_c = _user("admin-c", first_name="Cem", last_name="Admin", email="admin-c@example.org")
    MembershipFactory(organization=org_c, user=admin_c, role=Role.ADMIN)

    a, a_archived = _populate(org_a, admin_a, "SECRET-A-")
    b, b_archived = _populate(org_b, admin_b, "ville-b-")

    # A contractor user of A (its membership is A's second active membership).
    co_user = _user(
        "secret-a-co-user",
        first_name="SECRET-A-co-user",
        last_name="SECRET-A-co-user",
        email="secret-a-co-user@example.org",
    )
    MembershipFactory(organization=org_a, user=co_user, role=Role.CONTRACTOR, contractor=a[Contractor])

    # A lends a department to C (not to B): B must not see it anywhere.
    lent = Department.objects.create(organization=org_a, code="SECRETLENT", name="SECRET-A-lent-department")
    share = Share.objects.create(
        organization=org_a,
        target=org_c,
        content_type=ContentType.objects.get_for_model(Department),
        object_id=lent.pk,
    )
    event = audit.record(
        a[Department],
        action=audit.Action.UPDATE,
        by=admin_a,
        reason="SECRET-A-auditevent",
        changes={"name": ["SECRET-A-old", "SECRET-A-new"]},
    )
    a.update({Membership: membership_a, Share: share, AuditEvent: event, Organization: org_a, User: admin_a})

    # One member of B per role; admin_b is B's administrator.
    members_b = {Role.ADMIN: admin_b}
    for role in Role:
        if role == Role.ADMIN:
            continue
        extra = {}
        if role == Role.CONTRACTOR:
            extra["contractor"] = b[Contractor]
        if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD):
            extra["department"] = b[Department]
        user = _user(f"b-{role.value}", first_name="Bob", last_name=role.value, email=f"b-{role.value}@example.org")
        MembershipFactory(organization=org_b, user=user, role=role, **extra)
        members_b[role] = user
    b.update(
        {
            Membership: Membership.objects.get(organization=org_b, user=admin_b),
            AuditEvent: AuditEvent.objects.filter(organization=org_b).first(),
            Organization: org_b,
            User: admin_b,
        }
    )
    b_share_target = Department.objects.create(organization=org_b, code="BLENT", name="ville-b-lent")
    b[Share] = Share.objects.create(
        organization=org_b,
        target=org_c,
        content_type=ContentType.objects.get_for_model(Department),
        object_id=b_share_target.pk,
    )
    for org, by, prefix, active, archived in (
        (org_a, admin_a, "SECRET-A-", a, a_archived),
        (org_b, admin_b, "ville-b-", b, b_archived),
    ):
        for model in project_models():
            _ensure(model, org, by, prefix, active, archived)
    world = World(org_a, org_b, org_c, admin_a, admin_b, members_b, a, a_archived, b, b_archived)
    from django.conf import settings
    from django.test import Client

    for user in {admin_a, admin_c, *members_b.values()}:
        client = Client()
        client.force_login(user)
        world.sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


# Records the world does not build per organization: accounts, the tenants themselves, sign-in bookkeeping,
# the scheduler's rows.
NOT_PER_ORGANIZATION = (
    "core.User",
    "core.Organization",
    "core.LoginSession",
    "core.ScheduledJobState",  # platform rows: the periodic jobs (core.scheduler)
    "core.JobRun",
)


def project_models():
    """Every concrete model of the project's apps that belongs to an organization (directly or by its parent)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("regie.") and model._meta.label not in NOT_PER_ORGANIZATION
    ]


def _ensure(model, org, by, prefix, active, archived):
    """A record of `model` in `org` (and an archived one when the model archives), built from its fields.

    Models the explicit builders above do not know (a new app's) get one this way, with the marker in their
    text fields, so the isolation walk covers them the day they are added.
    """
    if model in active:
        return active[model]
    active[model] = _generic_record(model, org, by, f"{prefix}{model._meta.model_name}", active, archived, False)
    if any(f.name == "archived_at" for f in model._meta.concrete_fields) and model not in archived:
        archived[model] = _generic_record(model, org, by, f"{prefix}x-{model._meta.model_name}", active, archived, True)
    return active[model]


def _generic_record(model, org, by, text, active, archived, is_archived):
    """Required fields filled, text fields carrying `text`; optional relations to the organization's other
    records tried all together, then none, then one at a time (check constraints may want exactly one)."""
    from django.db import IntegrityError

    values, optional = _field_values(model, org, by, text, active, archived)
    if is_archived:
        values["archived_at"] = _now()
    attempts = [optional, {}, *({name: value} for name, value in optional.items())]
    for extra in attempts:
        try:
            with transaction.atomic():
                obj = model._default_manager.create(**values, **extra)
        except IntegrityError as error:
            last = error
            continue
        for m2m in model._meta.many_to_many:
            if m2m.related_model in active and m2m.remote_field.through._meta.auto_created:
                getattr(obj, m2m.name).set([active[m2m.related_model]])
        return obj
    raise AssertionError(f"tests/security/conftest.py cannot build a {model.__name__}: {last}")


def _now():
    from django.utils import timezone

    return timezone.now()


def _generic_link(model, org, by, text, active, archived):
    """A model linked to any record (GenericForeignKey, e.g. attachments) points at a record of `org` of the
    first model the attachments registry accepts, so the file is visible to the organization's members."""
    from django.contrib.contenttypes.fields import GenericForeignKey

    from regie.attachments import registry

    links = [f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)]
    if not links:
        return {}
    target = registry.models()[0]
    record = _ensure(target, org, by, text.split(model._meta.model_name)[0], active, archived)
    link = links[0]
    return {link.ct_field: ContentType.objects.get_for_model(target), link.fk_field: record.pk}


def _field_values(model, org, by, text, active, archived):
    from django.contrib.auth import get_user_model
    from django.db import models
    from django.utils import timezone

    from regie.core.models import Organization

    values, optional = _generic_link(model, org, by, text, active, archived), {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name == "archived_at" or f.name in values:
            continue
        if f.is_relation:
            target = f.related_model
            if target is Organization:
                values[f.name] = org
            elif target is get_user_model():
                values[f.name] = by
            elif hasattr(target._default_manager, "for_org") and not f.null:
                values[f.name] = _ensure(target, org, by, text.split(model._meta.model_name)[0], active, archived)
            elif f.null and target in active:
                optional[f.name] = active[target]
            elif not f.null:
                raise AssertionError(f"tests/security/conftest.py cannot build {model.__name__}.{f.name}")
            continue
        if not f.editable and (f.has_default() or f.null or not f.unique):
            continue  # computed by the model or its services
        if f.choices:
            if not f.has_default():
                values[f.name] = f.choices[0][0]
        elif isinstance(f, models.EmailField):
            values[f.name] = f"{text.lower()}@example.org"[-(f.max_length or 254) :]
        elif isinstance(f, models.FileField):
            values[f.name] = f"security/{text}.txt"  # a name is enough: no test reads the file
        elif isinstance(f, models.CharField | models.TextField):
            if not (f.null and not f.blank):
                values[f.name] = text[: f.max_length] if f.max_length else text
        elif f.has_default() or f.null:
            continue
        elif isinstance(f, models.DecimalField | models.IntegerField | models.FloatField):
            values[f.name] = 1
        elif isinstance(f, models.DateTimeField):
            values[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            values[f.name] = timezone.localdate()
        elif isinstance(f, models.BooleanField):
            values[f.name] = False
        elif isinstance(f, models.JSONField):
            values[f.name] = {}
        else:
            raise AssertionError(f"tests/security/conftest.py cannot fill {model.__name__}.{f.name}")
    return values, optional


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module; every test's own changes are rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _static_files_on_demand(settings):
    """WhiteNoise indexes every static file (admin, API docs, node_modules) each time a test client builds its
    middleware, about 0.2 s a client; looking files up on request instead keeps the suite fast."""
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters (login, API) live in the cache: no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def web(request):
    """web(user) → a Django test client signed in as `user` (None: anonymous). Exceptions propagate.

    Users of the module's world reuse the session they signed in with when the world was built.
    """
    from django.conf import settings
    from django.test import Client

    sessions = request.getfixturevalue("world").sessions if "world" in request.fixturenames else {}

    def make(user=None):
        client = Client()
        if user is not None and user.pk in sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[user.pk]
        elif user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api():
    """api(user, organization=None) → a DRF client authenticated as `user` (None: anonymous)."""
    from rest_framework.test import APIClient

    def make(user=None, organization=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        if organization is not None:
            client.credentials(HTTP_X_ORGANIZATION=str(getattr(organization, "pk", organization)))
        return client

    return make
