"""The portal's settings page and a service's extra questions: bounds with French errors, one audited save, who may
(administrators for the settings, catalogue managers for the questions; never another organization's staff)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regie.core.exceptions import Conflict, Forbidden
from regie.core.factories import OrganizationFactory
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.portal.factories import ServiceCategoryFactory
from regie.portal.hosts import instance_hosts
from regie.portal.models import CategoryQuestion, PortalSettings, ServiceCategory
from regie.portal.services import catalogue

pytestmark = pytest.mark.django_db

SETTINGS = {"enabled": "on", "host_name": "signalement.ville-a.fr", "welcome": "Bienvenue", "contact": "Mairie",
            "retention_months": "24", "reopen_days": "15", "nearby_m": "80", "map_fixed_days": "10",
            "reports_per_hour": "5"}  # fmt: skip


def signed_in(client, user):
    client.force_login(user)
    return client


# --- the settings page ---------------------------------------------------------------------------------------
def test_an_administrator_saves_the_settings_once_audited(client, town):
    page = signed_in(client, town.admin).get(reverse("portal:settings"))
    assert page.status_code == 200 and 'max="120"' in page.content.decode()  # the bounds reach the browser
    response = client.post(reverse("portal:settings"), SETTINGS)
    assert response.status_code == 302
    saved = PortalSettings.objects.get(organization=town.org)
    assert (saved.host_name, saved.retention_months, saved.nearby_m, saved.reports_per_hour) == (
        "signalement.ville-a.fr", 24, 80, 5)  # fmt: skip
    client.post(reverse("portal:settings"), {**SETTINGS, "reopen_days": "20"})
    events = AuditEvent.objects.filter(object_id=saved.pk, content_type__model="portalsettings").order_by("pk")
    assert [e.action for e in events] == ["create", "update"] and events[1].changes == {"reopen_days": [15, 20]}
    assert PortalSettings.objects.filter(organization=town.org).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("retention_months", "0", "supérieure ou égale à 1"),
        ("retention_months", "121", "inférieure ou égale à 120"),
        ("nearby_m", "2", "supérieure ou égale à 5"),
        ("reports_per_hour", "1001", "inférieure ou égale à 1000"),
        ("host_name", "https://Ville.fr/x", "nom d’hôte"),
    ],
)
def test_out_of_bounds_settings_are_refused_in_french(client, town, field, value, message):
    response = signed_in(client, town.admin).post(reverse("portal:settings"), {**SETTINGS, field: value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not PortalSettings.objects.filter(organization=town.org).exists()


@pytest.fixture
def instance_on_its_own_host(settings):
    settings.REGIE_BASE_URL = "https://regie.ville-a.fr"
    instance_hosts.cache_clear()
    yield
    instance_hosts.cache_clear()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("signalement.ville-a.fr:8443", "nom d’hôte"),  # a port
        ("Signalement.Ville-a.fr", "nom d’hôte"),  # upper case
        ("signalement.ville-a.fr/portail", "nom d’hôte"),  # a path
        ("http://signalement.ville-a.fr", "nom d’hôte"),  # a scheme
        ("signalement_ville.fr", "nom d’hôte"),
        ("signalement.ville-a.fr.", "nom d’hôte"),
        ("regie.ville-a.fr", "l’adresse de l’instance elle-même"),  # REGIE_BASE_URL's host
        ("localhost", "nom d’hôte"),
        ("127.0.0.1", "nom d’hôte"),
        ("[::1]", "nom d’hôte"),
        ("testserver", "nom d’hôte"),
    ],
)
def test_a_host_name_that_is_not_the_portals_own_is_refused(client, town, instance_on_its_own_host, value, message):
    response = signed_in(client, town.admin).post(reverse("portal:settings"), {**SETTINGS, "host_name": value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not PortalSettings.objects.exists()


def test_the_instances_own_host_is_refused_by_the_model_and_the_service(town, instance_on_its_own_host):
    with pytest.raises(ValidationError) as error:
        PortalSettings(organization=town.org, host_name="regie.ville-a.fr").full_clean()
    assert list(error.value.message_dict) == ["host_name"]
    with pytest.raises(ValidationError):
        catalogue.update_portal_settings(by=town.admin, organization=town.org, data={"host_name": "regie.ville-a.fr"})
    catalogue.update_portal_settings(by=town.admin, organization=town.org, data={"host_name": "portail.ville-a.fr"})
    with pytest.raises(ValidationError):
        catalogue.update_portal_settings(by=town.admin, organization=town.org, data={"host_name": "regie.ville-a.fr"})
    assert PortalSettings.objects.get(organization=town.org).host_name == "portail.ville-a.fr"


def test_another_organizations_host_name_is_refused(client, town):
    other = OrganizationFactory()
    PortalSettings.objects.create(organization=other, host_name="signalement.ville-a.fr")
    response = signed_in(client, town.admin).post(reverse("portal:settings"), SETTINGS)
    assert response.status_code == 400 and "déjà utilisé" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ELECTED, Role.REQUESTER])
def test_only_administrators_reach_the_settings(client, town, make_member, role):
    user = make_member(town.org, role)
    assert signed_in(client, user).get(reverse("portal:settings")).status_code == 403
    assert client.post(reverse("portal:settings"), SETTINGS).status_code == 403
    with pytest.raises(Forbidden):
        catalogue.update_portal_settings(by=user, organization=town.org, data={"nearby_m": 80})
    assert not PortalSettings.objects.exists()


def test_another_organizations_administrator_changes_only_their_own(client, town, org_b, make_member):
    admin_b = make_member(org_b, Role.ADMIN)
    signed_in(client, admin_b).post(reverse("portal:settings"), {**SETTINGS, "host_name": ""})
    assert PortalSettings.objects.get(organization=org_b).nearby_m == 80
    assert not PortalSettings.objects.filter(organization=town.org).exists()
    with pytest.raises(Forbidden):
        catalogue.update_portal_settings(by=admin_b, organization=town.org, data={"nearby_m": 90})


# --- a service's extra questions -----------------------------------------------------------------------------
QUESTION = {"code": "CLIGNOTE", "label": "Le lampadaire clignote-t-il ?", "help": "", "kind": "singlevaluelist",
            "required": "on", "choices": "oui = Oui\nnon = Non\nJe ne sais pas", "position": "10"}  # fmt: skip


def test_a_manager_adds_changes_and_archives_a_question_on_the_services_page(client, town):
    service = town.service
    signed_in(client, town.manager)
    page = client.get(reverse("portal:servicecategory-detail", args=[service.pk])).content.decode()
    assert reverse("portal:question-create", args=[service.pk]) in page
    response = client.post(reverse("portal:question-create", args=[service.pk]), QUESTION)
    assert response.status_code == 302 and response["Location"].endswith(f"/services/{service.pk}/")
    question = CategoryQuestion.objects.get(category=service)
    assert question.required and [c["key"] for c in question.choices] == ["oui", "non", "je-ne-sais-pas"]
    assert question.choices[2] == {"key": "je-ne-sais-pas", "name": "Je ne sais pas"}
    page = client.get(reverse("portal:servicecategory-detail", args=[service.pk])).content.decode()
    assert "Le lampadaire clignote-t-il ?" in page and "Je ne sais pas" in page
    edit = client.get(reverse("portal:question-update", args=[question.pk])).content.decode()
    assert "oui = Oui" in edit
    version = question.updated_at.isoformat()
    response = client.post(reverse("portal:question-update", args=[question.pk]),
                           {**QUESTION, "kind": "string", "choices": "", "version": version})  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == "string" and question.choices == []
    assert client.post(reverse("portal:question-archive", args=[question.pk]), {"reason": "Inutile"}).status_code == 302
    question.refresh_from_db()
    assert question.archived_at is not None
    service_events = AuditEvent.objects.filter(object_id=service.pk, content_type__model="servicecategory")
    assert [e.changes for e in service_events.order_by("pk")] == [
        {"questions": [None, "CLIGNOTE"]}, {"questions": ["CLIGNOTE", None]}
    ]  # fmt: skip


def test_a_manager_restores_an_archived_question_from_the_services_page(client, town):
    service = town.service
    signed_in(client, town.manager).post(reverse("portal:question-create", args=[service.pk]), QUESTION)
    question = CategoryQuestion.objects.get(category=service)
    client.post(reverse("portal:question-archive", args=[question.pk]), {"reason": "Inutile"})
    page = client.get(reverse("portal:servicecategory-detail", args=[service.pk])).content.decode()
    archived = page.split("Questions archivées", 1)[1]
    assert "Le lampadaire clignote-t-il ?" in archived and "Rétablir" in archived
    assert f'action="{reverse("portal:question-archive", args=[question.pk])}"' in archived
    response = client.post(reverse("portal:question-archive", args=[question.pk]), {"restore": "1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/services/{service.pk}/")
    assert "Question rétablie." in response.content.decode()
    question.refresh_from_db()
    assert question.archived_at is None
    assert "Questions archivées" not in response.content.decode()
    service_events = AuditEvent.objects.filter(object_id=service.pk, content_type__model="servicecategory")
    assert [e.changes for e in service_events.order_by("pk")] == [
        {"questions": [None, "CLIGNOTE"]}, {"questions": ["CLIGNOTE", None]}, {"questions": [None, "CLIGNOTE"]}
    ]  # fmt: skip
    events = AuditEvent.objects.filter(object_id=question.pk, content_type__model="categoryquestion")
    assert [e.action for e in events.order_by("pk")] == ["create", "archive", "restore"]


def test_a_question_whose_code_was_taken_meanwhile_stays_archived(client, town):
    old = CategoryQuestion.objects.create(organization=town.org, category=town.service, code="CLIGNOTE", label="Q ?")
    catalogue.archive_question(old, by=town.manager)
    signed_in(client, town.manager).post(reverse("portal:question-create", args=[town.service.pk]), QUESTION)
    response = client.post(reverse("portal:question-archive", args=[old.pk]), {"restore": "1"}, follow=True)
    assert "a déjà une question avec ce code" in response.content.decode()
    old.refresh_from_db()
    assert old.archived_at is not None
    with pytest.raises(Conflict):
        catalogue.restore_question(old, by=town.manager)


def test_the_questions_of_an_archived_service_are_not_restored(town):
    question = CategoryQuestion.objects.create(organization=town.org, category=town.service, code="Q", label="Q ?")
    question = catalogue.archive_question(question, by=town.manager)
    ServiceCategory.objects.filter(pk=town.service.pk).update(archived_at=question.archived_at)
    with pytest.raises(Conflict):
        catalogue.restore_question(question, by=town.manager)
    question.refresh_from_db()
    assert question.archived_at is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "singlevaluelist", "choices": ""}, "Une question à liste a besoin de ses choix."),
        ({"kind": "number"}, "Seules les questions à liste ont des choix."),
        ({"choices": "\n".join(f"c{i}" for i in range(31))}, "Au plus 30 choix"),
        ({"choices": "a = A\na = B"}, "Chaque choix a besoin de sa propre clé."),
        ({"code": "a b"}, "code"),
        ({"position": "1001"}, "inférieure ou égale à 1000"),
        ({"kind": "color"}, "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_question_is_refused_in_french(client, town, changes, message):
    response = signed_in(client, town.manager).post(
        reverse("portal:question-create", args=[town.service.pk]), {**QUESTION, **changes}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not CategoryQuestion.objects.exists()


def test_a_code_is_used_once_per_service(client, town):
    signed_in(client, town.manager).post(reverse("portal:question-create", args=[town.service.pk]), QUESTION)
    response = client.post(reverse("portal:question-create", args=[town.service.pk]), QUESTION)
    assert response.status_code == 400 and "a déjà une question avec ce code" in response.content.decode()
    other = ServiceCategoryFactory(organization=town.org, request_category=town.category)
    assert client.post(reverse("portal:question-create", args=[other.pk]), QUESTION).status_code == 302


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.ELECTED, Role.REQUESTER, Role.AGENT])
def test_who_does_not_manage_the_catalogue_may_not_edit_questions(client, town, make_member, role):
    question = CategoryQuestion.objects.create(organization=town.org, category=town.service, code="Q", label="Q ?")
    user = make_member(town.org, role)
    signed_in(client, user)
    page = client.get(reverse("portal:servicecategory-detail", args=[town.service.pk]))
    assert page.status_code in (200, 403)  # a viewer of the catalogue sees the questions, not their editor
    assert reverse("portal:question-update", args=[question.pk]) not in page.content.decode()
    assert client.post(reverse("portal:question-create", args=[town.service.pk]), QUESTION).status_code == 403
    assert client.post(reverse("portal:question-update", args=[question.pk]), QUESTION).status_code == 403
    assert client.post(reverse("portal:question-archive", args=[question.pk]), {}).status_code == 403
    question.refresh_from_db()
    assert question.label == "Q ?" and question.archived_at is None
    catalogue.archive_question(question, by=town.manager)
    page = client.get(reverse("portal:servicecategory-detail", args=[town.service.pk])).content.decode()
    assert "Rétablir" not in page
    assert client.post(reverse("portal:question-archive", args=[question.pk]), {"restore": "1"}).status_code == 403
    with pytest.raises(Forbidden):
        catalogue.restore_question(question, by=user)
    question.refresh_from_db()
    assert question.archived_at is not None


def test_another_organizations_staff_cannot_reach_its_questions(client, town, org_b, make_member):
    question = CategoryQuestion.objects.create(organization=town.org, category=town.service, code="Q", label="Q ?")
    manager_b = make_member(org_b, Role.MANAGER)
    signed_in(client, manager_b)
    assert client.get(reverse("portal:question-create", args=[town.service.pk])).status_code == 404
    assert client.post(reverse("portal:question-create", args=[town.service.pk]), QUESTION).status_code == 404
    assert client.post(reverse("portal:question-update", args=[question.pk]), QUESTION).status_code == 404
    assert client.post(reverse("portal:question-archive", args=[question.pk]), {}).status_code == 404
    with pytest.raises(Forbidden):
        catalogue.add_question(by=manager_b, service=town.service, data={"code": "X", "label": "X ?"})
    assert list(CategoryQuestion.objects.values_list("code", flat=True)) == ["Q"]
