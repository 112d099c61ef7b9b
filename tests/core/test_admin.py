"""The Django admin for organization administrators: scoped to their organization, writes through the
services (permission matrix + audit trail), archive instead of delete."""

import pytest

from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.people.factories import DepartmentFactory, SkillFactory
from regie.people.models import Agent, Department
from tests.core.helpers import events_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_web(admin_a, client_for):
    return client_for(admin_a)


def test_org_admin_sees_only_their_organizations_departments(admin_web, org_a, org_b):
    DepartmentFactory(organization=org_a, name="Voirie de A")
    DepartmentFactory(organization=org_b, name="Voirie de B")
    assert admin_web.get("/admin/").status_code == 200
    response = admin_web.get("/admin/people/department/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voirie de A" in html and "Voirie de B" not in html
    assert [d.name for d in response.context["cl"].result_list] == ["Voirie de A"]


def test_other_organizations_record_is_not_reachable(admin_web, org_b):
    foreign = DepartmentFactory(organization=org_b)
    response = admin_web.get(f"/admin/people/department/{foreign.pk}/change/")
    assert response.status_code in (302, 404)  # the admin redirects "does not exist" to its index
    assert response.status_code == 404 or response["Location"] == "/admin/"
    response = admin_web.post(f"/admin/people/department/{foreign.pk}/change/", {"code": "X", "name": "Piraté"})
    foreign.refresh_from_db()
    assert foreign.name != "Piraté"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AGENT, Role.ELECTED])
def test_other_roles_cannot_open_the_admin(org_a, make_member, client_for, role):
    user = make_member(org_a, role)
    client = client_for(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    response = client.get("/admin/people/department/")
    assert response.status_code in (302, 403)
    response = client.post("/admin/people/department/add/", {"code": "X", "name": "X", "kind": "technical"})
    assert response.status_code in (302, 403)
    assert not Department.objects.exists()


def test_admin_of_b_does_not_see_a(org_a, admin_b, client_for):
    DepartmentFactory(organization=org_a, name="Voirie de A")
    response = client_for(admin_b).get("/admin/people/department/")
    assert "Voirie de A" not in response.content.decode()


def test_adding_a_department_goes_through_the_service(admin_web, org_a, admin_a):
    response = admin_web.post(
        "/admin/people/department/add/",
        {"code": "VOI", "name": "Voirie", "kind": "technical", "email": "", "phone": "", "budget_code": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    department = Department.objects.get(code="VOI")
    assert department.organization == org_a
    [event] = events_of(department)
    assert event.action == "create" and event.actor == admin_a and event.channel == "web"
    assert event.changes["code"] == [None, "VOI"]


def test_changing_a_department_is_audited(admin_web, org_a):
    department = DepartmentFactory(organization=org_a, code="VOI", name="Voirie")
    response = admin_web.post(
        f"/admin/people/department/{department.pk}/change/",
        {"code": "VOI", "name": "Voirie et réseaux", "kind": "requesting", "email": "", "phone": "", "budget_code": ""},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "Voirie et réseaux"
    assert events_of(department)[-1].changes == {"name": ["Voirie", "Voirie et réseaux"]}


def test_many_to_many_saved_by_the_service(admin_web, org_a, org_b):
    own = SkillFactory(organization=org_a)
    foreign = SkillFactory(organization=org_b)
    form = admin_web.get("/admin/people/agent/add/").context["adminform"].form
    assert list(form.fields["skills"].queryset) == [own]
    response = admin_web.post(
        "/admin/people/agent/add/",
        {"employee_number": "M1", "first_name": "A", "last_name": "B", "weekly_hours": "35", "skills": [own.pk]},
    )
    assert response.status_code == 302
    agent = Agent.objects.get()
    assert list(agent.skills.all()) == [own]
    response = admin_web.post(
        "/admin/people/agent/add/",
        {"employee_number": "M2", "first_name": "A", "last_name": "B", "weekly_hours": "35", "skills": [foreign.pk]},
    )
    assert response.status_code == 200  # the form refuses the foreign choice
    assert Agent.objects.count() == 1


def test_duplicate_code_in_the_admin_is_a_form_error_not_a_crash(admin_web, org_a, org_b):
    DepartmentFactory(organization=org_a, code="VOI")
    DepartmentFactory(organization=org_b, code="DUP")
    response = admin_web.post(
        "/admin/people/department/add/",
        {"code": "VOI", "name": "Doublon", "kind": "technical", "email": "", "phone": "", "budget_code": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Department.objects.filter(organization=org_a).count() == 1
    # The same code as another organization's is fine.
    response = admin_web.post(
        "/admin/people/department/add/",
        {"code": "DUP", "name": "Pas un doublon", "kind": "technical", "email": "", "phone": "", "budget_code": ""},
    )
    assert response.status_code == 302
    assert Department.objects.filter(organization=org_a, code="DUP").exists()


def test_delete_is_not_offered(admin_web, org_a):
    department = DepartmentFactory(organization=org_a)
    response = admin_web.get("/admin/people/department/")
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions and "archive_selected" in actions
    assert admin_web.get(f"/admin/people/department/{department.pk}/delete/").status_code == 403
    response = admin_web.post(f"/admin/people/department/{department.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = admin_web.post(
        "/admin/people/department/", {"action": "delete_selected", "_selected_action": [department.pk], "post": "yes"}
    )
    assert Department.objects.filter(pk=department.pk).exists()
    change = admin_web.get(f"/admin/people/department/{department.pk}/change/").content.decode()
    assert f"/admin/people/department/{department.pk}/delete/" not in change


def test_archive_action(admin_web, org_a, admin_a):
    departments = DepartmentFactory.create_batch(2, organization=org_a)
    response = admin_web.post(
        "/admin/people/department/",
        {"action": "archive_selected", "_selected_action": [d.pk for d in departments]},
    )
    assert response.status_code == 302
    for department in departments:
        department.refresh_from_db()
        assert department.is_archived
        [event] = events_of(department)
        assert event.action == "archive" and event.actor == admin_a
    assert AuditEvent.objects.filter(action="archive").count() == 2


def test_platform_models_are_superuser_only(admin_web):
    assert admin_web.get("/admin/core/organization/").status_code == 403
    assert admin_web.get("/admin/core/user/").status_code == 403
    assert admin_web.get("/admin/core/auditevent/").status_code == 403


def test_archived_record_is_read_only_in_the_admin(admin_web, org_a):
    from django.utils import timezone

    department = DepartmentFactory(organization=org_a, code="VOI", name="Voirie", archived_at=timezone.now())
    page = admin_web.get(f"/admin/people/department/{department.pk}/change/")
    assert page.status_code == 200  # viewable
    assert 'name="name"' not in page.content.decode()  # but not editable
    response = admin_web.post(
        f"/admin/people/department/{department.pk}/change/",
        {"code": "VOI", "name": "Modifié", "kind": "requesting", "email": "", "phone": "", "budget_code": ""},
    )
    assert response.status_code == 403
    department.refresh_from_db()
    assert department.name == "Voirie"


# --- the interventions' reference data and workflow settings -------------------------------------------------


def test_org_admin_manages_priorities_of_their_organization(admin_web, org_a, org_b):
    from regie.interventions.factories import PriorityFactory
    from regie.interventions.models import Priority

    PriorityFactory(organization=org_b, code="PB", name="De B")
    response = admin_web.post(
        "/admin/interventions/priority/add/",
        {
            "code": "P9",
            "name": "Travaux d'été",
            "rank": "4",
            "response_hours": "72",
            "resolution_hours": "720",
            "working_days_only": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Priority.objects.get(code="P9")
    assert created.organization == org_a and created.working_days_only
    assert events_of(created)[0].action == AuditEvent.Action.CREATE
    listing = admin_web.get("/admin/interventions/priority/").content.decode()
    assert "Travaux d&#x27;été" in listing and "De B" not in listing


def test_org_admin_sets_the_holiday_calendar(admin_web, org_a, org_b):
    from regie.interventions.models import WorkflowSettings

    assert admin_web.get("/admin/interventions/workflowsettings/").status_code == 200
    response = admin_web.post(
        "/admin/interventions/workflowsettings/add/",
        {
            "department_validation": "on",
            "reopen_days": "30",
            "acknowledgement_days": "15",
            "holiday_calendar": "57",
            "max_daily_hours": "10",
            "time_entry_horizon_days": "365",
            "working_day_start": "07:30",
            "working_day_end": "17:30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = WorkflowSettings.objects.get(organization=org_a)
    assert settings.holiday_calendar == "57" and not WorkflowSettings.objects.filter(organization=org_b).exists()
    assert admin_web.get("/admin/interventions/workflowsettings/add/").status_code == 403  # one row only
    change = f"/admin/interventions/workflowsettings/{settings.pk}/change/"
    form = {
        "department_validation": "on",
        "reopen_days": "15",
        "acknowledgement_days": "15",
        "holiday_calendar": "",
        "max_daily_hours": "25",
        "time_entry_horizon_days": "365",
        "working_day_start": "07:30",
        "working_day_end": "17:30",
    }
    assert admin_web.post(change, form).status_code == 200  # more than 24 h a day: the form says so
    response = admin_web.post(change, {**form, "max_daily_hours": "12"})
    assert response.status_code == 302
    settings.refresh_from_db()
    assert (settings.reopen_days, settings.holiday_calendar, settings.max_daily_hours) == (15, "", 12)
    assert {e.action for e in events_of(settings)} == {AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE}
