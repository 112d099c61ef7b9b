"""The demo agglomeration (`manage.py demo`): volumes, determinism, logins, idempotence, identifiers, audit."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import Count

from regie.assets.models import Asset
from regie.core.factories import siret_for
from regie.core.models import AuditEvent, Membership, Organization, Share, User
from regie.core.permissions import Role
from regie.core.validators import validate_siren, validate_siret
from regie.demo import generator, report
from regie.people.demo import accounts
from regie.people.factories import DepartmentFactory, ShareFactory
from regie.people.models import Absence, Agent, Contractor, Department, Skill, Team

pytestmark = pytest.mark.django_db

SLUGS = {
    "agglo": "ca-val-de-regie",
    "town": "villeneuve-sur-regie",
    "mid": "beaulieu-la-riviere",
    "village": "montclar-les-vignes",
}


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def demo():
    return generator.build(seed=11)


def org(key):
    return Organization.objects.get(slug=SLUGS[key])


def run_demo(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def demo_usernames():
    return {row.username for row in accounts.logins()}


def agent_names():
    return list(
        Agent.objects.filter(organization__slug__in=SLUGS.values())
        .order_by("organization__slug", "employee_number")
        .values_list("employee_number", "first_name", "last_name", "team__name", "weekly_hours")
    )


def test_the_agglomeration_and_its_three_communes_of_very_different_sizes(demo):
    agglo = org("agglo")
    assert agglo.kind == Organization.Kind.AGGLOMERATION
    assert set(agglo.member_communes.values_list("slug", flat=True)) == {SLUGS[k] for k in ("town", "mid", "village")}
    figures = {
        key: {
            "departments": Department.objects.owned_by(org(key)).count(),
            "agents": Agent.objects.owned_by(org(key)).count(),
            "teams": Team.objects.owned_by(org(key)).count(),
        }
        for key in SLUGS
    }
    assert 35 <= figures["town"]["departments"] <= 45
    assert 370 <= figures["town"]["agents"] <= 430
    assert figures["town"]["teams"] >= 20
    assert 12 <= figures["mid"]["departments"] <= 18
    assert 50 <= figures["mid"]["agents"] <= 70
    assert figures["village"]["agents"] == 2
    assert 1 <= figures["agglo"]["departments"] <= 10
    assert 1 <= figures["agglo"]["agents"] <= 40


def test_the_workforce_is_realistic(demo):
    town = org("town")
    kinds = dict(Department.objects.owned_by(town).values_list("code", "kind"))
    assert kinds["VOIRIE"] == kinds["EV"] == kinds["GARAGE"] == Department.Kind.TECHNICAL
    assert kinds["ECOLES"] == kinds["CCAS"] == Department.Kind.REQUESTING
    rates = dict(Skill.objects.owned_by(town).values_list("code", "hourly_rate"))
    assert all(25 <= rate <= 60 for rate in rates.values())
    agents = Agent.objects.owned_by(town).annotate(n=Count("skills"))
    assert all(1 <= agent.n <= 3 for agent in agents)
    assert agents.filter(team__isnull=False).count() > 300
    assert agents.exclude(weekly_hours=35).exists()  # some part-time
    assert not agents.exclude(department__kind=Department.Kind.TECHNICAL).exists()
    for team in Team.objects.owned_by(town).select_related("leader"):
        assert team.leader is not None and team.leader.team_id == team.pk
        assert team.department.kind == Department.Kind.TECHNICAL
    assert Agent.objects.owned_by(town).values("employee_number").distinct().count() == 400


def test_same_seed_same_demo_other_seed_other_people(debug):
    run_demo("--seed", "5")
    first = agent_names()
    run_demo("--seed", "5", "--reset")
    assert agent_names() == first
    run_demo("--seed", "6", "--reset")
    assert agent_names() != first
    assert len(agent_names()) == len(first)


def test_one_user_per_role_per_organization_who_can_sign_in(demo, client):
    for key, slug in SLUGS.items():
        roles = Membership.objects.active().filter(organization__slug=slug).values_list("user__username", "role")
        for role in Role.values:
            assert (f"{role}.{demo.orgs[key].spec.login}", role) in roles
    for row in accounts.logins():
        response = client.post("/accounts/login/", {"username": row.username, "password": row.password})
        assert response.status_code == 302, row.username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=row.username).pk)
        assert client.get("/").status_code == 200, row.username
        client.logout()


def test_memberships_are_linked_as_the_roles_need(demo):
    memberships = Membership.objects.filter(organization__slug__in=SLUGS.values()).select_related("department")
    for membership in memberships.filter(role__in=[Role.REQUESTER, Role.DEPARTMENT_HEAD]):
        assert membership.department.kind == Department.Kind.REQUESTING
        assert membership.department.organization_id == membership.organization_id
    for membership in memberships.filter(role=Role.CONTRACTOR).select_related("contractor"):
        assert membership.contractor.organization_id == membership.organization_id
    for membership in memberships.filter(role=Role.AGENT):
        assert Agent.objects.get(user=membership.user).organization_id == membership.organization_id
    several = User.objects.annotate(n=Count("memberships")).filter(n__gt=1, username__in=demo_usernames())
    assert list(several.values_list("username", flat=True)) == ["manager.agglo"]


def test_the_agglomeration_shares_a_team_and_a_company(demo):
    shares = Share.objects.filter(organization=org("agglo"))
    assert set(shares.values_list("target__slug", flat=True)) == {SLUGS[k] for k in ("town", "mid", "village")}
    types = {share.content_type.model_class() for share in shares}
    assert types == {Team, Contractor, Asset}  # and the aquatic centre, shared with the town (regie/assets/demo)
    for share in shares:
        assert share.resource.organization_id == share.organization_id
        assert share.rights == Share.Rights.USE


def test_running_twice_does_not_duplicate_and_prints_the_logins(debug, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    first = run_demo()
    counts = (Organization.objects.count(), Agent.objects.count(), User.objects.count(), AuditEvent.objects.count())
    second = run_demo()
    assert "demo already built" in second and "demo already built" not in first
    assert (Organization.objects.count(), Agent.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (
        counts
    )
    for output in (first, second):
        assert "admin.villeneuve" in output and accounts.PASSWORD in output
        assert "http://127.0.0.1:8123/" in output


def test_the_command_prints_what_each_apps_demo_module_reports(debug, monkeypatch):
    store = SimpleNamespace(  # a later app's demo module: its figures, logins and notes join the people's
        summary=lambda: ["Magasin central: 12 articles"],
        logins=lambda: [report.Login("Villeneuve-sur-Régie", "storekeeper", "magasin.villeneuve", "Stock-2026!")],
        notes=lambda: ["magasin.villeneuve counts the stock."],
    )
    modules = generator.demo_modules()
    assert [m.__name__ for m in modules] == [
        "regie.people.demo",
        "regie.assets.demo",
        "regie.interventions.demo",
        "regie.maintenance.demo",
        "regie.portal.demo",
    ]  # INSTALLED_APPS order
    monkeypatch.setattr(generator, "demo_modules", lambda: [*modules, store])
    monkeypatch.setattr(generator, "is_built", lambda: True)  # the report alone, without a build
    lines = run_demo().splitlines()
    assert "  Magasin central: 12 articles" in lines
    table = [line.split() for line in lines if "Stock-2026!" in line or accounts.PASSWORD in line]
    assert [row[-2] for row in table] == [row.username for row in accounts.logins()] + ["magasin.villeneuve"]
    assert lines.index("magasin.villeneuve counts the stock.") > lines.index(accounts.notes()[0])


def test_reset_deletes_the_demo_and_only_the_demo(debug, org_a, admin_a):
    run_demo()
    run_demo("--reset")
    assert Organization.objects.filter(slug__in=SLUGS.values()).count() == 4
    assert User.objects.filter(username__in=demo_usernames()).count() == 36
    from regie.demo.cleanup import delete_demo

    delete_demo()
    assert not Organization.objects.filter(slug__in=SLUGS.values()).exists()
    assert not User.objects.filter(username__in=demo_usernames()).exists()
    assert not Agent.objects.exists() and not AuditEvent.objects.filter(channel="import").exists()
    assert Organization.objects.filter(pk=org_a.pk).exists() and User.objects.filter(pk=admin_a.pk).exists()


def test_a_failed_rebuild_keeps_the_previous_demo(debug, monkeypatch):
    run_demo()
    before = agent_names()
    monkeypatch.setattr(generator, "STEPS", generator.load_steps())

    @generator.demo_step("broken", after="workforce")
    def broken(demo):
        raise RuntimeError("a step failed")

    with pytest.raises(RuntimeError):
        run_demo("--reset", "--seed", "99")
    assert agent_names() == before
    assert User.objects.filter(username__in=demo_usernames()).count() == 36


def test_the_command_refuses_a_production_instance(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        run_demo()
    assert not Organization.objects.exists()


def test_siren_and_siret_numbers_are_valid(demo):
    for siren in Organization.objects.values_list("siren", flat=True):
        validate_siren(siren)
    sirets = list(Contractor.objects.values_list("siret", flat=True))
    assert len(sirets) >= 4 * 2 and len(set(sirets)) == len(sirets)
    for siret in sirets:
        validate_siret(siret)
        validate_siren(siret[:9])
    validate_siret(siret_for(123456789, establishment=42))


def test_every_record_has_an_import_creation_event(demo):
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, channel=AuditEvent.Channel.IMPORT)
    for model in (Organization, Department, Skill, Team, Agent, Contractor, Membership, Share, Absence):
        ids = set(model.objects.filter(pk__isnull=False).values_list("pk", flat=True))
        events = created.filter(content_type=ContentType.objects.get_for_model(model))
        assert set(events.values_list("object_id", flat=True)) == ids, model.__name__
    agent = Agent.objects.filter(team__isnull=False).first()
    changes = created.get(content_type=ContentType.objects.get_for_model(Agent), object_id=agent.pk).changes
    assert changes["last_name"] == [None, agent.last_name]
    assert changes["skills"][1] == sorted(agent.skills.values_list("pk", flat=True))


def test_scale_multiplies_the_volumes_but_not_the_village():
    generator.build(scale=2)
    assert 740 <= Agent.objects.owned_by(org("town")).count() <= 860
    assert Agent.objects.owned_by(org("village")).count() == 2
    assert Department.objects.owned_by(org("town")).count() > 40


def test_later_modules_add_their_steps(monkeypatch):
    monkeypatch.setattr(generator, "STEPS", generator.load_steps())
    seen = []

    @generator.demo_step("stock", after="workforce")
    def create_store(demo):
        village = demo.orgs["village"]
        seen.append(len(village.agents))
        demo.save([DepartmentFactory.build(organization=village.organization, code="DEPOT", name="Dépôt")])

    names = [step.name for step in generator.STEPS]
    assert names.index("stock") == names.index("workforce") + 1
    generator.build()
    assert seen == [2]
    store = Department.objects.get(code="DEPOT")
    assert AuditEvent.objects.filter(content_type__model="department", object_id=store.pk, channel="import").exists()


def test_share_factory_defaults_to_a_contractor_of_the_owner():
    share = ShareFactory()
    assert isinstance(share.resource, Contractor)
    assert share.resource.organization_id == share.organization_id


def test_absences_leave_a_few_percent_of_the_agents_away_and_show_this_week(demo):
    import datetime
    import zoneinfo

    from django.utils import timezone

    from regie.core.working_time import is_working_day

    town = org("town")
    absences = list(Absence.objects.owned_by(town).select_related("agent"))
    assert {a.kind for a in absences} == {"leave", "sickness", "training"}
    paris = zoneinfo.ZoneInfo(town.timezone)
    for absence in absences[:200]:  # whole days, midnight to midnight in the town's time zone
        start, end = absence.start.astimezone(paris), absence.end.astimezone(paris)
        assert start.time() == end.time() == datetime.time() and end > start
    # on the working days of the last year, a few percent of the agents are away
    today = timezone.localdate()
    away = {}
    for absence in absences:
        day, last = absence.start.astimezone(paris).date(), absence.end.astimezone(paris).date()
        while day < last:
            away[day] = away.get(day, 0) + 1
            day += datetime.timedelta(days=1)
    days = [today - datetime.timedelta(days=n) for n in range(1, 366)]
    working = [d for d in days if is_working_day(d)]
    agents = Agent.objects.owned_by(town).count()
    share = sum(away.get(d, 0) for d in working) / len(working) / agents
    assert 0.02 <= share <= 0.08, share
    assert max(away.get(d, 0) for d in working) < agents / 4  # the summer peak is no exodus
    # this week: a team-mate of the demo agent is away (the planning shows it), the demo agent is not
    monday = today - datetime.timedelta(days=today.weekday())
    week = (
        datetime.datetime.combine(monday, datetime.time(), paris),
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time(), paris),
    )
    for key, login in (("agglo", "agglo"), ("town", "villeneuve"), ("mid", "beaulieu")):
        agent = Agent.objects.get(organization=org(key), user__username=f"agent.{login}")
        this_week = Absence.objects.owned_by(org(key)).overlapping(*week)
        assert not this_week.filter(agent=agent).exists(), key
        assert this_week.filter(agent__team=agent.team).exists(), key
