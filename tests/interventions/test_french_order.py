"""Names are listed as a French reader looks for them (the stored sort keys, `core.fields.sort_key`): "Eau",
"Écoles", "élagage", "Zinc", not "Eau", "Zinc", "élagage", "Écoles" as the bytes of the names would have them
(accented capitals and lower case after Z)."""

import pytest
from django.urls import reverse

from regie.interventions.costs_report import cost_report
from regie.interventions.forms import WorkOrderForm
from regie.people.factories import AgentFactory, DepartmentFactory, TeamFactory

from .api_support import work_order

pytestmark = pytest.mark.django_db

NAMES = ["Zinc", "élagage", "Eau", "Écoles"]
FRENCH = ["Eau", "Écoles", "élagage", "Zinc"]
LAST_NAMES = ["Zola", "élie", "Eymard", "Écuyer"]
FRENCH_LAST_NAMES = ["Écuyer", "élie", "Eymard", "Zola"]


def test_the_planning_lists_its_teams_in_french_order(town, client_for):
    for name in NAMES:
        TeamFactory(organization=town.org, name=name)
    town.team.archived_at = town.agent.created_at
    town.team.save(update_fields=["archived_at"])  # "Équipe plomberie" out of the way
    response = client_for(town.manager).get(reverse("planning:calendar"), {"view": "timeGridWeek"})
    teams = [str(label) for value, label in response.context["filters"].fields["team"].choices if value]
    assert teams == FRENCH
    html = response.content.decode()
    assert [html.index(f">{name}</option>") for name in FRENCH] == sorted(html.index(f">{n}</option>") for n in FRENCH)


def test_the_work_order_form_offers_its_agents_in_french_order(town):
    team = TeamFactory(organization=town.org, name="Voirie")
    for last_name in LAST_NAMES:
        AgentFactory(organization=town.org, first_name="Jean", last_name=last_name, team=team)
    form = WorkOrderForm({"team": team.pk}, organization=town.org)
    agents = [agent.last_name for agent in form.fields["agents"].queryset if agent.team_id == team.pk]
    assert agents == FRENCH_LAST_NAMES
    picker = form.agent_choices([], form.data)  # the picker lists the team's agents the same way
    assert [option.agent.last_name for option in picker.results] == FRENCH_LAST_NAMES


def test_the_costs_report_lists_its_departments_in_french_order(town):
    departments = {"Écoles": town.school}  # the town's own
    for name in NAMES:
        department = departments.get(name) or DepartmentFactory(organization=town.org, name=name)
        work_order(town, title=f"Travaux {name}", department=department)
    manager = town.org.memberships.get(user=town.manager)
    report = cost_report(town.org, manager, group_by="department")
    assert [row["department__name"] for row in report.rows] == FRENCH
