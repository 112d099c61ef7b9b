"""HTML pages of the people app: lists (search, sort, pages, archived, HTMX partial), record pages with
their timeline, forms through the services (validation, stale versions), archiving (GET never writes)."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regie.core import pagination
from regie.core.models import AuditEvent, Membership
from regie.core.permissions import Role
from regie.people import services, views
from regie.people.factories import (
    AgentFactory,
    ContractorFactory,
    DepartmentFactory,
    SkillFactory,
    TeamFactory,
)
from regie.people.models import Agent, Department, Team
from tests.core.helpers import events_of

pytestmark = pytest.mark.django_db

FACTORIES = {
    "departments": DepartmentFactory,
    "skills": SkillFactory,
    "teams": TeamFactory,
    "agents": AgentFactory,
    "contractors": ContractorFactory,
}
VIEWS = {
    "departments": views.DEPARTMENT_VIEWS,
    "skills": views.SKILL_VIEWS,
    "teams": views.TEAM_VIEWS,
    "agents": views.AGENT_VIEWS,
    "contractors": views.CONTRACTOR_VIEWS,
}
NAME_FIELD = {"departments": "name", "skills": "name", "teams": "name", "agents": "last_name", "contractors": "name"}


@pytest.fixture
def web(admin_a, client_for):
    return client_for(admin_a)


def row_names(response, resource):
    field = NAME_FIELD[resource]
    return [getattr(row, field) for row in response.context["page"].rows]


# --- lists ------------------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("error::django.utils.deprecation.RemovedInDjango2028Warning")
@pytest.mark.parametrize("resource", list(FACTORIES))
def test_list_search_sort_and_isolation(web, org_a, org_b, resource):
    field = NAME_FIELD[resource]
    for value in ("Bernard", "Albert", "Charpentier"):
        FACTORIES[resource](organization=org_a, **{field: value})
    FACTORIES[resource](organization=org_b, **{field: "Étranger"})
    url = f"/people/{resource}/"
    response = web.get(url)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert sorted(row_names(response, resource)) == ["Albert", "Bernard", "Charpentier"]
    assert "Étranger" not in response.content.decode()

    response = web.get(url, {"sort": f"-{field}"})
    assert row_names(response, resource) == ["Charpentier", "Bernard", "Albert"]
    assert response.context["current_sort"] == f"-{field}"
    response = web.get(url, {"sort": field})
    assert row_names(response, resource) == ["Albert", "Bernard", "Charpentier"]

    response = web.get(url, {"q": "charp"})
    assert row_names(response, resource) == ["Charpentier"]
    assert 'value="charp"' in response.content.decode()


def test_unknown_sort_falls_back_to_the_default(web, org_a):
    DepartmentFactory(organization=org_a, name="B")
    DepartmentFactory(organization=org_a, name="A")
    response = web.get("/people/departments/", {"sort": "organization__siren"})
    assert response.status_code == 200
    assert response.context["current_sort"] == "name"
    assert row_names(response, "departments") == ["A", "B"]


def test_sort_links_toggle_direction(web, org_a):
    DepartmentFactory(organization=org_a)
    html = web.get("/people/departments/", {"sort": "name", "q": "x"}).content.decode()
    assert 'href="?sort=-name&amp;q=x"' in html or 'href="?q=x&amp;sort=-name"' in html
    assert 'aria-sort="ascending"' in html


def test_pagination(web, org_a, monkeypatch):
    monkeypatch.setattr(VIEWS["departments"][0], "page_size", 2)
    for i in range(5):
        DepartmentFactory(organization=org_a, name=f"Service {i}")
    first = web.get("/people/departments/")
    page = first.context["page"]
    assert [d.name for d in page.rows] == ["Service 0", "Service 1"]
    assert page.has_next and page.count == 5 and page.count_is_exact and page.last_number == 3
    assert 'rel="next"' in first.content.decode()
    second = web.get("/people/departments/", {"page": 2})
    assert [d.name for d in second.context["page"].rows] == ["Service 2", "Service 3"]
    assert 'rel="prev"' in second.content.decode()
    last = web.get("/people/departments/", {"page": 3})
    assert [d.name for d in last.context["page"].rows] == ["Service 4"]
    assert not last.context["page"].has_next
    assert web.get("/people/departments/", {"page": "abc"}).context["page"].number == 1


def test_archived_filter(web, org_a):
    DepartmentFactory(organization=org_a, name="Active")
    DepartmentFactory(organization=org_a, name="Ancienne", archived_at=timezone.now())
    assert row_names(web.get("/people/departments/"), "departments") == ["Active"]
    response = web.get("/people/departments/", {"archived": "1"})
    assert row_names(response, "departments") == ["Ancienne"]
    assert response.context["archived"] is True


def test_htmx_request_gets_only_the_table(web, org_a):
    DepartmentFactory(organization=org_a, name="Voirie")
    response = web.get("/people/departments/", {"q": "voi"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "<table" in html and "Voirie" in html
    assert response.templates[0].name == "core/_list_table.html"
    # A boosted navigation wants the whole page.
    boosted = web.get("/people/departments/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.content.decode()


def test_membership_list(web, org_a, org_b, make_member, admin_a):
    agent = make_member(org_a, Role.AGENT)
    make_member(org_b, Role.AGENT)
    response = web.get("/people/members/")
    assert response.status_code == 200
    assert {m.user for m in response.context["page"].rows} == {admin_a, agent}
    response = web.get("/people/members/", {"q": agent.username, "sort": "-role"})
    assert [m.user for m in response.context["page"].rows] == [agent]


def list_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def populate(resource, organization, n):
    if resource == "agents":
        team, department = TeamFactory(organization=organization), DepartmentFactory(organization=organization)
        AgentFactory.create_batch(n, organization=organization, team=team, department=department)
    elif resource == "teams":
        department, leader = DepartmentFactory(organization=organization), AgentFactory(organization=organization)
        TeamFactory.create_batch(n, organization=organization, department=department, leader=leader)
    elif resource == "members":
        from regie.core.factories import MembershipFactory

        department = DepartmentFactory(organization=organization)
        MembershipFactory.create_batch(n, organization=organization, role=Role.REQUESTER, department=department)
    else:
        FACTORIES[resource].create_batch(n, organization=organization)


@pytest.mark.parametrize("resource", [*FACTORIES, "members"])
def test_list_page_query_count_does_not_grow(web, org_a, resource, django_assert_max_num_queries):
    url = f"/people/{resource}/"
    populate(resource, org_a, 5)
    few = list_queries(web, url)
    populate(resource, org_a, 44)  # 49-50 rows: still one page
    with django_assert_max_num_queries(few):
        response = web.get(url)
    assert len(response.context["page"].rows) >= 49


def test_audit_list_query_count_does_not_grow(web, org_a, admin_a, django_assert_max_num_queries):
    department = DepartmentFactory(organization=org_a)
    for i in range(5):
        services.update_department(department, by=admin_a, data={"name": f"n{i}"})
    few = list_queries(web, "/audit/")
    for i in range(40):
        services.update_department(department, by=admin_a, data={"name": f"m{i}"})
    with django_assert_max_num_queries(few):
        web.get("/audit/")


def test_bounded_count_on_a_list_page(web, org_a, monkeypatch):
    monkeypatch.setattr(VIEWS["skills"][0], "page_size", 2)
    monkeypatch.setattr(pagination.page_of_request, "__defaults__", (3,))
    SkillFactory.create_batch(6, organization=org_a)
    page = web.get("/people/skills/").context["page"]
    assert page.count == 3 and page.count_is_exact is False and page.last_number is None and page.has_next


# --- record pages --------------------------------------------------------------------------------------


def test_detail_shows_fields_and_timeline(web, org_a, admin_a):
    department = services.create_department(
        by=admin_a, organization=org_a, data={"code": "VOI", "name": "Voirie", "kind": "technical"}
    )
    services.update_department(department, by=admin_a, data={"name": "Voirie et réseaux"})
    response = web.get(f"/people/departments/{department.pk}/")
    assert response.status_code == 200
    assert [e.action for e in response.context["timeline"]] == ["update", "create"]
    html = response.content.decode()
    assert 'class="timeline"' in html
    assert "timeline-update" in html and "timeline-create" in html
    assert "<del>Voirie</del>" in html and "<ins>Voirie et réseaux</ins>" in html
    assert "Services techniques" in html or "Technical services" in html  # the choice's label, not "technical"
    assert response.context["can_manage"] is True
    assert f"/people/departments/{department.pk}/edit/" in html


def test_detail_of_another_organization_is_404(web, org_b):
    department = DepartmentFactory(organization=org_b)
    assert web.get(f"/people/departments/{department.pk}/").status_code == 404
    assert web.get(f"/people/departments/{department.pk}/edit/").status_code == 404
    assert web.post(f"/people/departments/{department.pk}/archive/").status_code == 404
    department.refresh_from_db()
    assert not department.is_archived


def test_reader_sees_no_edit_action(org_a, make_member, client_for):
    manager = make_member(org_a, Role.MANAGER)
    department = DepartmentFactory(organization=org_a)
    client = client_for(manager)
    response = client.get(f"/people/departments/{department.pk}/")
    assert response.status_code == 200 and response.context["can_manage"] is False
    assert client.get("/people/departments/").context["create_url"] == ""
    assert client.get("/people/departments/new/").status_code == 403
    assert client.post("/people/departments/new/", {"code": "X", "name": "X", "kind": "technical"}).status_code == 403
    assert client.post(f"/people/departments/{department.pk}/archive/").status_code == 403
    assert not Department.objects.filter(code="X").exists()
    department.refresh_from_db()
    assert not department.is_archived


def test_requester_cannot_open_agent_pages(org_a, make_member, client_for):
    requester = make_member(org_a, Role.REQUESTER, department=DepartmentFactory(organization=org_a))
    agent = AgentFactory(organization=org_a)
    client = client_for(requester)
    assert client.get("/people/agents/").status_code == 403
    assert client.get(f"/people/agents/{agent.pk}/").status_code == 403
    assert client.get("/people/departments/").status_code == 200


# --- forms ----------------------------------------------------------------------------------------------


def test_create_form_goes_through_the_service(web, org_a, admin_a):
    assert web.get("/people/departments/new/").status_code == 200
    response = web.post("/people/departments/new/", {"code": "VOI", "name": "Voirie", "kind": "technical", "email": ""})
    department = Department.objects.get(code="VOI")
    assert response.status_code == 302 and response["Location"] == f"/people/departments/{department.pk}/"
    assert department.organization == org_a
    [event] = events_of(department)
    assert event.action == "create" and event.actor == admin_a and event.channel == "web"


def test_create_form_with_many_to_many(web, org_a):
    s1, s2 = SkillFactory.create_batch(2, organization=org_a)
    team = TeamFactory(organization=org_a)
    response = web.post(
        "/people/agents/new/",
        {
            "employee_number": "M77",
            "first_name": "Jeanne",
            "last_name": "Martin",
            "team": team.pk,
            "skills": [s1.pk, s2.pk],
            "weekly_hours": "35",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    agent = Agent.objects.get(employee_number="M77")
    assert set(agent.skills.all()) == {s1, s2} and agent.team == team


def test_htmx_create_answers_200_with_hx_redirect(web, org_a):
    """htmx ignores the headers of a 3xx (and would swap the next page into the form): a 200 it acts on."""
    response = web.post(
        "/people/skills/new/", {"code": "E", "name": "Élec", "hourly_rate": "40"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/people/skills/")


def test_htmx_invalid_form_gets_the_form_alone_with_its_errors(web, org_a):
    response = web.post("/people/departments/new/", {"name": "Sans code"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 422 and "HX-Redirect" not in response
    assert "<html" not in body and body.lstrip().startswith('<form method="post" class="record-form"')
    assert "Ce champ est obligatoire." in body


def test_invalid_form_is_a_400_with_field_errors(web, org_a):
    response = web.post("/people/departments/new/", {"name": "Sans code", "kind": "technical"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["code"] == ["Ce champ est obligatoire."]
    assert "Ce champ est obligatoire." in response.content.decode()
    assert 'value="Sans code"' in response.content.decode()  # the user's input is kept
    assert not Department.objects.exists()
    assert not AuditEvent.objects.exists()


def test_service_validation_errors_come_back_on_the_form(web, org_a, org_b):
    DepartmentFactory(organization=org_a, code="VOI")
    response = web.post("/people/departments/new/", {"code": "VOI", "name": "Doublon", "kind": "technical"})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Department.objects.filter(organization=org_a).count() == 1


def test_foreign_choice_is_not_offered_nor_accepted(web, org_a, org_b):
    own, foreign = DepartmentFactory(organization=org_a), DepartmentFactory(organization=org_b)
    form = web.get("/people/teams/new/").context["form"]
    assert list(form.fields["department"].queryset) == [own]
    response = web.post("/people/teams/new/", {"code": "T", "name": "T", "department": foreign.pk})
    assert response.status_code == 400 and "department" in response.context["form"].errors
    assert not Team.objects.exists()


def version_of(response):
    return re.search(r'name="version" value="([^"]+)"', response.content.decode()).group(1)


def test_edit_with_the_current_version_saves(web, org_a):
    department = DepartmentFactory(organization=org_a, code="VOI", name="Voirie")
    form_page = web.get(f"/people/departments/{department.pk}/edit/")
    assert form_page.status_code == 200
    response = web.post(
        f"/people/departments/{department.pk}/edit/",
        {"code": "VOI", "name": "Voirie 2", "kind": "requesting", "version": version_of(form_page)},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "Voirie 2"
    assert events_of(department)[-1].changes == {"name": ["Voirie", "Voirie 2"]}


def test_edit_with_a_stale_version_changes_nothing(web, org_a, admin_a):
    department = DepartmentFactory(organization=org_a, code="VOI", name="Voirie")
    form_page = web.get(f"/people/departments/{department.pk}/edit/")
    version = version_of(form_page)
    # Someone else saves meanwhile (a second later).
    Department.objects.filter(pk=department.pk).update(
        name="Voirie (collègue)", updated_at=department.updated_at + datetime.timedelta(seconds=2)
    )
    response = web.post(
        f"/people/departments/{department.pk}/edit/",
        {"code": "VOI", "name": "Voirie (moi)", "kind": "requesting", "version": version},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    department.refresh_from_db()
    assert department.name == "Voirie (collègue)"
    assert [e.action for e in events_of(department)] == []


def test_archived_record_cannot_be_edited(web, org_a):
    department = DepartmentFactory(organization=org_a, code="VOI", name="Voirie", archived_at=timezone.now())
    response = web.post(
        f"/people/departments/{department.pk}/edit/", {"code": "VOI", "name": "Nouveau", "kind": "requesting"}
    )
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    department.refresh_from_db()
    assert department.name == "Voirie"


# --- archiving --------------------------------------------------------------------------------------------


def test_archive_page_get_changes_nothing(web, org_a):
    department = DepartmentFactory(organization=org_a, name="Voirie")
    response = web.get(f"/people/departments/{department.pk}/archive/")
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    department.refresh_from_db()
    assert not department.is_archived
    assert not AuditEvent.objects.exists()


def test_archive_and_restore_by_post(web, org_a, admin_a):
    department = DepartmentFactory(organization=org_a, name="Voirie")
    url = f"/people/departments/{department.pk}/archive/"
    response = web.post(url, {"reason": "service fermé"})
    assert response.status_code == 302 and response["Location"] == f"/people/departments/{department.pk}/"
    department.refresh_from_db()
    assert department.is_archived
    assert 'name="restore"' in web.get(url).content.decode()
    response = web.post(url, {"restore": "1"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert not department.is_archived
    events = events_of(department)
    assert [e.action for e in events] == ["archive", "restore"]
    assert events[0].reason == "service fermé" and events[0].channel == "web" and events[0].actor == admin_a


def test_archive_twice_shows_a_message(web, org_a):
    department = DepartmentFactory(organization=org_a, archived_at=timezone.now())
    response = web.post(f"/people/departments/{department.pk}/archive/", {"reason": "x"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not AuditEvent.objects.exists()


def test_too_long_reason_is_refused(web, org_a):
    department = DepartmentFactory(organization=org_a)
    response = web.post(f"/people/departments/{department.pk}/archive/", {"reason": "x" * 2001})
    assert response.status_code == 400
    department.refresh_from_db()
    assert not department.is_archived


# --- memberships and invitations ------------------------------------------------------------------------


def test_new_member_form_invites_by_email(web, org_a, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            "/people/members/new/",
            {"username": "m.petit", "email": "m.petit@example.org", "language": "fr", "role": "agent"},
        )
    assert response.status_code == 302, response.context["form"].errors
    membership = Membership.objects.get(user__username="m.petit")
    assert membership.organization == org_a and membership.role == Role.AGENT
    [message] = mail.outbox
    assert message.to == ["m.petit@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)

    # The invitee follows the link and chooses a password, then signs in.
    from django.test import Client

    invitee = Client()
    response = invitee.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    password = "une phrase de passe solide 42"
    response = invitee.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302 and response["Location"] == "/accounts/reset/done/"
    membership.user.refresh_from_db()
    assert membership.user.check_password(password)


def test_ending_the_last_admin_shows_an_error(web, org_a, admin_a):
    own = Membership.objects.get(user=admin_a)
    response = web.post(f"/people/members/{own.pk}/archive/", {"reason": "x"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    own.refresh_from_db()
    assert not own.is_archived


def test_member_role_change_form(web, org_a, make_member):
    member = make_member(org_a, Role.AGENT)
    membership = Membership.objects.get(user=member)
    response = web.post(f"/people/members/{membership.pk}/edit/", {"role": "requester"})
    assert response.status_code == 400 and "department" in response.context["form"].errors
    department = DepartmentFactory(organization=org_a)
    response = web.post(f"/people/members/{membership.pk}/edit/", {"role": "requester", "department": department.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.REQUESTER and membership.department == department


def test_edit_works_for_a_record_saved_during_the_autumn_clock_change(web, org_a):
    """02:30 happens twice in Paris on 25 October 2026: the version must still be unambiguous."""
    department = DepartmentFactory(organization=org_a, code="VOI", name="Voirie")
    saved_at = datetime.datetime(2026, 10, 25, 0, 30, 12, tzinfo=datetime.UTC)  # 02:30:12 CEST
    Department.objects.filter(pk=department.pk).update(updated_at=saved_at)
    form_page = web.get(f"/people/departments/{department.pk}/edit/")
    response = web.post(
        f"/people/departments/{department.pk}/edit/",
        {"code": "VOI", "name": "Voirie 2", "kind": "requesting", "version": version_of(form_page)},
    )
    assert response.status_code == 302, response.context["form"].errors
    department.refresh_from_db()
    assert department.name == "Voirie 2"


def test_next_and_previous_links_walk_the_list(web, org_a, monkeypatch):
    import re

    monkeypatch.setattr(VIEWS["skills"][0], "page_size", 2)
    SkillFactory.create_batch(5, organization=org_a)

    def follow(html, rel):
        found = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
        return found.group(1).replace("&amp;", "&") if found else None

    url, names, html = "/people/skills/?sort=name", [], ""
    while url:
        response = web.get("/people/skills/" + url if url.startswith("?") else url)
        names += [s.name for s in response.context["page"].rows]
        html = response.content.decode()
        url = follow(html, "next")
    assert names == sorted(names) and len(names) == 5
    assert "cursor=" in follow(html, "prev") and response.context["page"].number == 3
    # a cursor that is not ours is ignored: the page asked for by its number
    response = web.get("/people/skills/?sort=name&page=2&cursor=forged")
    assert response.status_code == 200 and response.context["page"].rows[0].name == names[2]
