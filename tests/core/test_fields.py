"""Sort keys of names (`core.fields.SortKeyField`): accents and case fold where a French reader looks for a name,
in lists, selects and the API, on SQLite and PostgreSQL (this module runs on both: REGIE_DATABASE_URL)."""

import pytest

from regie.core.fields import sort_key, sorted_lookup
from regie.interventions.factories import CategoryFactory
from regie.interventions.models import Category
from regie.people import services
from regie.people.factories import AgentFactory, DepartmentFactory, TeamFactory
from regie.people.forms import TeamForm
from regie.people.models import Agent, Department, Team

NAMES = ["Zinc", "élagage", "Écoles", "Eau"]
FRENCH_ORDER = ["Eau", "Écoles", "élagage", "Zinc"]


def test_sort_key_folds_case_accents_ligatures_and_spaces():
    assert sort_key("Écoles") == "ecoles"
    assert sort_key("  Cœur   de ville ") == "coeur de ville"
    assert sort_key("Straße") == "strasse"
    assert sort_key("Dupont", "Émile") == "dupont emile"
    assert sort_key("", None, "Zoé") == "zoe"
    assert sorted(NAMES, key=sort_key) == FRENCH_ORDER
    assert sorted(NAMES) != FRENCH_ORDER  # code-point order files "Écoles" and "élagage" after "Zinc"


def test_sorted_lookup_follows_relations():
    assert sorted_lookup(Department, "name") == "sort_name"
    assert sorted_lookup(Department, "-name") == "-sort_name"
    assert sorted_lookup(Team, "department__name") == "department__sort_name"
    assert sorted_lookup(Agent, "last_name") == "sort_name"
    assert sorted_lookup(Agent, "-team__name") == "-team__sort_name"
    assert sorted_lookup(Agent, "first_name") == "first_name"  # not the key's first source
    assert sorted_lookup(Department, "code") == "code"
    assert sorted_lookup(Department, "week_load") == "week_load"  # an annotation
    assert sorted_lookup(Team, "department__week_load__x") == "department__week_load__x"


@pytest.mark.django_db
def test_default_order_of_reference_records(org_a):
    for name in NAMES:
        DepartmentFactory(organization=org_a, name=name)
        CategoryFactory(organization=org_a, name=name)
    Department.objects.bulk_create([Department(organization=org_a, code="BULK", name="Égouts")])
    assert Department.objects.get(code="BULK").sort_name == "egouts"  # bulk_create sets it too (pre_save)
    expected = ["Eau", "Écoles", "Égouts", "élagage", "Zinc"]
    assert list(Department.objects.for_org(org_a).values_list("name", flat=True)) == expected
    assert list(Category.objects.for_org(org_a).values_list("name", flat=True)) == FRENCH_ORDER


@pytest.mark.django_db
def test_saving_some_fields_updates_the_key(org_a, admin_a):
    department = DepartmentFactory(organization=org_a, name="Zinc")
    services.update_department(department, by=admin_a, data={"name": "Étang"})
    department.refresh_from_db()
    assert department.sort_name == "etang"
    department.name = "Abattoir"
    department.save(update_fields=["name"])
    department.refresh_from_db()
    assert department.sort_name == "abattoir"


@pytest.mark.django_db
def test_lists_selects_and_api_order_accented_names(org_a, admin_a, client_for, api_for):
    for name in NAMES:
        DepartmentFactory(organization=org_a, name=name)
    for last, first in [("Zola", "Ana"), ("Élie", "Marc"), ("Dupont", "Émile"), ("Dupont", "Zoé"), ("Eloi", "Jo")]:
        AgentFactory(organization=org_a, last_name=last, first_name=first)
    web = client_for(admin_a)

    page = web.get("/people/departments/", {"sort": "name"}).context["page"]
    assert [row.name for row in page.rows] == FRENCH_ORDER
    page = web.get("/people/departments/", {"sort": "-name"}).context["page"]
    assert [row.name for row in page.rows] == FRENCH_ORDER[::-1]
    page = web.get("/people/agents/").context["page"]
    assert [str(row) for row in page.rows] == ["Émile Dupont", "Zoé Dupont", "Marc Élie", "Jo Eloi", "Ana Zola"]

    form = TeamForm(organization=org_a)
    assert [label for _value, label in form.fields["department"].choices][1:] == FRENCH_ORDER

    api = api_for(admin_a, org_a)
    answer = api.get("/api/v1/departments/", {"ordering": "name"}).json()
    assert [row["name"] for row in answer["results"]] == FRENCH_ORDER
    answer = api.get("/api/v1/departments/").json()
    assert [row["name"] for row in answer["results"]] == FRENCH_ORDER


@pytest.mark.django_db
def test_related_name_column_sorts_by_the_key(org_a, admin_a, client_for):
    for name in NAMES:
        TeamFactory(
            organization=org_a, name=f"Équipe {name}", department=DepartmentFactory(organization=org_a, name=name)
        )
    page = client_for(admin_a).get("/people/teams/", {"sort": "department__name"}).context["page"]
    assert [row.department.name for row in page.rows] == FRENCH_ORDER


@pytest.mark.django_db
def test_the_data_migration_fills_existing_rows(org_a):
    from django.apps import apps

    from regie.core.fields import fill_sort_keys

    DepartmentFactory(organization=org_a, name="Écoles")
    AgentFactory(organization=org_a, last_name="Élie", first_name="Zoé")
    Department.objects.update(sort_name="")  # as AddField leaves them
    Agent.objects.update(sort_name="")
    fill_sort_keys("people", "Department", "Agent")(apps, None)
    assert list(Department.objects.values_list("sort_name", flat=True)) == ["ecoles"]
    assert list(Agent.objects.values_list("sort_name", flat=True)) == ["elie zoe"]
