"""The demo accounts: one user per role per organization, with predictable names and one shared password.

`<role>.<organization>` (e.g. `manager.villeneuve`), password `PASSWORD`. The agglomeration's manager
also manages the village (mutualised services), so the organization switcher has something to show.
"""

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from regie.core.factories import MembershipFactory, UserFactory
from regie.core.models import User
from regie.core.permissions import Role
from regie.demo import data
from regie.demo.generator import demo_step
from regie.demo.report import Login
from regie.people.models import Agent

from . import contractors  # noqa: F401  (registers the step the accounts come after)

PASSWORD = "Regie-Demo-2026!"
# (user of organization, role) → also a member of (organization, role)
EXTRA_MEMBERSHIPS = ((("agglo", Role.MANAGER), ("village", Role.MANAGER)),)


def username(spec, role) -> str:
    return f"{role}.{spec.login}"


def logins() -> list[Login]:
    """Every demo login, organization by organization, in the order of the roles (the `report` hook)."""
    specs = {spec.key: spec for spec in data.ORGANIZATIONS}
    rows = [
        Login(spec.name, role, username(spec, role), PASSWORD) for spec in data.ORGANIZATIONS for role in Role.values
    ]
    for (owner_key, owner_role), (key, role) in EXTRA_MEMBERSHIPS:
        rows.append(Login(specs[key].name, role, username(specs[owner_key], owner_role), PASSWORD))
    return rows


def notes() -> list[str]:
    """What the logins table does not say: who belongs to several organizations (the `report` hook)."""
    specs = {spec.key: spec for spec in data.ORGANIZATIONS}
    return [
        f"{username(specs[owner_key], owner_role)} is also {role} of {specs[key].name}: "
        "switch organization in the header."
        for (owner_key, owner_role), (key, role) in EXTRA_MEMBERSHIPS
    ]


def _agent_for_account(org, rng):
    """A team member who is not a leader: the field agent whose account shows the agent's view."""
    leaders = {team.leader_id for team in org.teams}
    candidates = [a for a in org.agents if a.team is not None and a.pk not in leaders] or org.agents
    return rng.choice(candidates)


def _links(org, role):
    """Requesters and department heads act for a requesting department, contractor users for a company."""
    return {
        "department": org.departments[org.spec.request_department]
        if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD)
        else None,
        "contractor": org.contractors[0] if role == Role.CONTRACTOR else None,
    }


@demo_step("accounts", after="shares")
def create_accounts(demo):
    """One user per role per organization (the agent user is an agent's own account), and the extra memberships."""
    password = make_password(PASSWORD)  # hashed once: Argon2 is slow on purpose, the password is the same
    memberships, linked_agents = [], []
    for key, org in demo.orgs.items():
        spec, rng = org.spec, demo.rng("accounts", key)
        agent = _agent_for_account(org, rng)
        for role in Role.values:
            name = username(spec, role)
            first, last = (
                (agent.first_name, agent.last_name)
                if role == Role.AGENT
                else (rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES))
            )
            user = UserFactory.build(
                username=name,
                first_name=first,
                last_name=last,
                email=f"{name}@{spec.domain}",
                password=factory.Transformer.Force(password),
                language="fr",
            )
            validate_password(PASSWORD, user)
            demo.users[name] = user
            memberships.append(
                MembershipFactory.build(user=user, organization=org.organization, role=role, **_links(org, role))
            )
            if role == Role.AGENT:
                agent.user = user
                linked_agents.append(agent)
    for (owner_key, owner_role), (key, role) in EXTRA_MEMBERSHIPS:
        user = demo.users[username(demo.orgs[owner_key].spec, owner_role)]
        memberships.append(MembershipFactory.build(user=user, organization=demo.orgs[key].organization, role=role))
    User.objects.bulk_create(demo.users.values())  # users are not tenant records: no audit event of their own
    demo.save(memberships)
    Agent.objects.bulk_update(linked_agents, ["user"])
