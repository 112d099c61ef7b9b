"""The portal's settings page and a service's extra questions: bounds with French errors, one audited save, who may
(administrators for the settings, catalogue managers for the questions; never another organization's staff)."""

import pytest
from django.urls import reverse

from regie.core.exceptions import Forbidden
from regie.core.factories import OrganizationFactory
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.portal.factories import ServiceCategoryFactory
from regie.portal.models import CategoryQuestion, PortalSettings
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
    signed_in(client, make_member(town.org, role))
    page = client.get(reverse("portal:servicecategory-detail", args=[town.service.pk]))
    assert page.status_code in (200, 403)  # a viewer of the catalogue sees the questions, not their editor
    assert reverse("portal:question-update", args=[question.pk]) not in page.content.decode()
    assert client.post(reverse("portal:question-create", args=[town.service.pk]), QUESTION).status_code == 403
    assert client.post(reverse("portal:question-update", args=[question.pk]), QUESTION).status_code == 403
    assert client.post(reverse("portal:question-archive", args=[question.pk]), {}).status_code == 403
    question.refresh_from_db()
    assert question.label == "Q ?" and question.archived_at is None


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
