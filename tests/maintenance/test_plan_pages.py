"""The plans' pages and API: generated record cases, the plan page (history, next occurrences), skip/postpone."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.assets.factories import AssetFactory
from regie.core.permissions import Role
from regie.interventions import services as interventions
from regie.interventions.factories import CategoryFactory, PriorityFactory
from regie.maintenance import generator
from regie.maintenance.models import MaintenancePlan, Occurrence, PlanTask
from regie.maintenance.plan_factories import MaintenancePlanFactory
from tests.cases import APIRecordCases, HTMLRecordCases, member

pytestmark = pytest.mark.django_db


def refs(org):
    return {
        "asset": AssetFactory(organization=org).pk,
        "category": CategoryFactory(organization=org).pk,
        "priority": PriorityFactory(organization=org).pk,
    }


def _payload(org, **extra):
    return {
        **refs(org),
        "name": "Entretien chaudière",
        "scope": "asset",
        "rule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1",
        "schedule": "fixed",
        "starts_on": datetime.date.today().isoformat(),
        "execution": "in_house",
        "season_policy": "move",
        "lead_days": 14,
        "grace_days": 7,
        **extra,
    }


class TestPlanAPI(APIRecordCases):
    resource = "maintenanceplan"
    path = "/api/v1/maintenance-plans/"
    factory = MaintenancePlanFactory
    create_data = {"_": None}
    update_data = {"name": "Entretien renommé", "lead_days": 30}
    invalid_data = ({"rule": "FREQ=SOMETIMES"}, "rule")

    def data(self, payload, organization):
        if "_" in payload:
            payload = {k: v for k, v in payload.items() if k != "_"}
            base = _payload(organization)
            base["tasks"] = [{"label": "Purger"}, {"label": "Pression", "measurement": "number", "unit": "bar"}]
            return {**base, **payload}
        return super().data(payload, organization)

    def test_create_copies_the_checklist(self, org_a, api_for):
        response = self.client(api_for, org_a).post(self.path, self.data(self.create_data, org_a), format="json")
        assert response.status_code == 201, response.content
        assert [t["unit"] for t in response.json()["tasks"]] == ["", "bar"]

    def test_skip_and_upcoming(self, org_a, api_for):
        plan = self.make(org_a)
        api = self.client(api_for, org_a)
        upcoming = api.get(f"{self.path}{plan.pk}/upcoming/").json()
        assert upcoming and upcoming[0]["asset"] == plan.asset_id
        body = {"asset": plan.asset_id, "scheduled_on": upcoming[0]["due_on"], "reason": "Chaudière changée"}
        response = api.post(f"{self.path}{plan.pk}/skip/", body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "skipped"
        assert api.post(f"{self.path}{plan.pk}/skip/", {**body, "reason": ""}, format="json").status_code == 400
        agent = api_for(member(org_a, Role.AGENT), org_a)
        assert agent.post(f"{self.path}{plan.pk}/skip/", body, format="json").status_code == 403


class TestPlanPages(HTMLRecordCases):
    resource = "maintenanceplan"
    url_prefix = "maintenance:maintenanceplan"
    factory = MaintenancePlanFactory
    form_data = {"_": None}
    invalid_form_data = ({"rule": "FREQ=SOMETIMES"}, "rule")

    def form(self, payload, organization):
        if "_" in payload:
            data = _payload(organization, tasks="Purger\nRelever la pression [bar]\nSoupape [OK]")
            return {**data, **{k: v for k, v in payload.items() if k != "_"}}
        return super().form(payload, organization)

    def test_a_preset_gives_the_rule_and_the_checklist_its_measurements(self, org_a, client_for):
        web = self.web(client_for, org_a)
        data = self.form({"_": None, "preset": "six_weeks", "rule": ""}, org_a)
        assert web.post(self.url("create"), data).status_code == 302
        plan = MaintenancePlan.objects.get(organization=org_a)
        assert plan.rule == "FREQ=WEEKLY;INTERVAL=6"
        assert [(t.measurement, t.unit) for t in plan.tasks.all()] == [("", ""), ("number", "bar"), ("pass_fail", "")]

    def test_plan_page_shows_next_occurrences_and_history_in_few_queries(self, org_a, client_for):
        web = self.web(client_for, org_a)
        plan = self.make(org_a, lead_days=365)
        generator.generate(org_a)
        web.get(self.url("detail", plan.pk))
        with CaptureQueriesContext(connection) as queries:
            response = web.get(self.url("detail", plan.pk))
        assert response.status_code == 200
        assert len(response.context["upcoming"]) >= 2
        assert response.context["history"].generated == 1
        assert len(queries) <= 30, [q["sql"] for q in queries.captured_queries]

    def test_the_plan_page_shows_the_measurements_recorded_on_its_work_orders(self, org_a, client_for):
        web = self.web(client_for, org_a)
        plan = self.make(org_a, lead_days=365)
        PlanTask.objects.bulk_create(
            [
                PlanTask(plan=plan, position=1, label="Pression", measurement="number", unit="bar"),
                PlanTask(plan=plan, position=2, label="Soupape", measurement="pass_fail"),
            ]
        )
        generator.generate(org_a)
        tasks = {t.label: t for t in Occurrence.objects.get(plan=plan).work_order.tasks.all()}
        manager = member(org_a, Role.MANAGER)
        interventions.set_task_done(tasks["Pression"], by=manager, done=True, value="1.40")
        interventions.set_task_done(tasks["Soupape"], by=manager, done=True, passed=False)
        web.get(self.url("detail", plan.pk))
        with CaptureQueriesContext(connection) as queries:
            response = web.get(self.url("detail", plan.pk))
        body = response.content.decode()
        assert "Pression\xa0: 1,4 bar" in body
        assert '<span class="measurement task-result-fail">Soupape\xa0: Non conforme</span>' in body
        assert len(queries) <= 31, [q["sql"] for q in queries.captured_queries]

    def test_postpone_and_skip_from_the_page(self, org_a, client_for):
        web = self.web(client_for, org_a)
        plan = self.make(org_a)
        due = plan_first_due(plan)
        body = {"asset": plan.asset_id, "scheduled_on": due.isoformat(), "reason": "Travaux"}
        later = (due + datetime.timedelta(days=20)).isoformat()
        response = web.post(reverse("maintenance:maintenanceplan-postpone", args=[plan.pk]), {**body, "due_on": later})
        assert response.status_code == 302
        assert Occurrence.objects.get(plan=plan).due_on.isoformat() == later
        response = web.post(reverse("maintenance:maintenanceplan-skip", args=[plan.pk]), {**body, "reason": ""})
        assert response.status_code == 302  # refused: the message on the plan's page
        assert Occurrence.objects.get(plan=plan).status == "planned"
        web.post(reverse("maintenance:maintenanceplan-skip", args=[plan.pk]), body)
        assert Occurrence.objects.get(plan=plan).status == "skipped"

    def test_the_asset_page_shows_its_plans(self, org_a, client_for):
        web = self.web(client_for, org_a)
        plan = self.make(org_a)
        page = web.get(reverse("assets:asset-detail", args=[plan.asset_id])).content.decode()
        section = reverse("assets:asset-section", args=[plan.asset_id, "maintenance_plans"])
        assert section in page  # the section's place, loaded after the page (or opened by its link)
        response = web.get(section, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert plan.name in response.content.decode()


def plan_first_due(plan):
    from regie.maintenance import plan_selectors

    return plan_selectors.upcoming(plan)[0].due.scheduled_on
