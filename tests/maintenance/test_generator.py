"""The generator: occurrences and preventive work orders, idempotent, in bulk, audited; its PostgreSQL race."""

import datetime
from datetime import date

import pytest
from django.db import transaction

from regie.assets.factories import AssetFactory
from regie.core.models import AuditEvent
from regie.interventions.models import WorkOrder
from regie.interventions.workflow import WorkOrderState as W
from regie.maintenance import generator
from regie.maintenance.models import MaintenancePlan, Occurrence, PlanTask
from regie.people.factories import SkillFactory
from tests.maintenance.plan_helpers import boiler_type, make_plan

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 20)  # boilers are due on 1 September, 14 days of lead time: generated from 18 August


def test_generates_one_preventive_work_order_with_the_plans_checklist_and_audit(org_a):
    plan = make_plan(org_a, estimated_hours=3)
    plan.tasks.filter(label="Relever la pression").update(measurement="number", unit="bar")
    PlanTask.objects.create(plan=plan, position=2, label="Soupape de sécurité", measurement="pass_fail")
    skill = SkillFactory(organization=org_a)
    plan.required_skills.add(skill)
    result = generator.generate(org_a, today=TODAY)
    assert (result.created, result.due) == (1, 1)
    occurrence = Occurrence.objects.get(plan=plan)
    assert occurrence.due_on == date(2026, 9, 1) and occurrence.status == Occurrence.Status.GENERATED
    order = occurrence.work_order
    assert order.kind == WorkOrder.Kind.PREVENTIVE and order.asset_id == plan.asset_id
    assert (order.category_id, order.priority_id, order.state) == (plan.category_id, plan.priority_id, W.TO_PLAN)
    assert order.number.startswith("BT-") and str(order.estimated_hours) == "3.00"
    tasks = [(t.label, t.measurement, t.unit, t.value, t.passed, t.done) for t in order.tasks.all()]
    assert tasks == [
        ("Purger", "", "", None, None, False),
        ("Relever la pression", "number", "bar", None, None, False),  # the label alone: the unit is its own field
        ("Soupape de sécurité", "pass_fail", "", None, None, False),
    ]
    assert list(order.required_skills.all()) == [skill]
    event = AuditEvent.objects.get(object_id=order.pk, content_type__model="workorder")
    assert "Entretien chaudière" in event.reason and event.channel == AuditEvent.Channel.SYSTEM


def test_a_plan_that_asks_a_signature_makes_work_orders_that_ask_one(org_a):
    make_plan(org_a, signature_required=True)
    make_plan(org_a, name="Sans signature")
    generator.generate(org_a, today=TODAY)
    assert dict(WorkOrder.objects.values_list("title", "signature_required")) == {
        "Entretien chaudière": True,
        "Sans signature": False,
    }


def test_running_twice_creates_nothing_more(org_a):
    make_plan(org_a)
    assert generator.generate(org_a, today=TODAY).created == 1
    again = generator.generate(org_a, today=TODAY)
    assert (again.created, again.due) == (0, 0)
    assert WorkOrder.objects.count() == Occurrence.objects.count() == 1


def test_a_conflicting_insert_writes_no_work_order(org_a, monkeypatch):
    """Another run inserted the occurrence meanwhile: this run finds it at insert time and writes nothing."""
    plan = make_plan(org_a)
    found, _result = generator.candidates(org_a, TODAY)
    generator.generate(org_a, today=TODAY)
    monkeypatch.setattr(generator, "candidates", lambda *args, **kwargs: (found, generator.Result(due=1)))
    assert generator.generate(org_a, today=TODAY).created == 0
    assert WorkOrder.objects.filter(asset=plan.asset).count() == 1


def test_nothing_before_the_lead_time(org_a):
    make_plan(org_a)
    assert generator.generate(org_a, today=date(2026, 8, 17)).created == 0
    assert generator.generate(org_a, today=date(2026, 8, 18)).created == 1


def test_type_and_subtree_plans_cover_their_assets_only(org_a):
    kind = boiler_type(org_a)
    school = AssetFactory(organization=org_a)
    inside = [AssetFactory(organization=org_a, asset_type=kind, parent=school) for _ in range(2)]
    outside = AssetFactory(organization=org_a, asset_type=kind)
    AssetFactory(organization=org_a, asset_type=kind, archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    make_plan(org_a, scope=MaintenancePlan.Scope.SUBTREE, asset=school, asset_type=kind, name="Écoles")
    make_plan(org_a, scope=MaintenancePlan.Scope.TYPE, asset_type=kind, name="Toutes")
    generator.generate(org_a, today=TODAY)
    by_plan = {
        name: set(WorkOrder.objects.filter(title=name).values_list("asset_id", flat=True))
        for name in ("Écoles", "Toutes")
    }
    assert by_plan == {"Écoles": {a.pk for a in inside}, "Toutes": {*(a.pk for a in inside), outside.pk}}


def test_a_floating_plan_waits_for_the_completion(org_a):
    plan = make_plan(org_a, rule="FREQ=WEEKLY;INTERVAL=6", schedule="floating", starts_on=TODAY, lead_days=0)
    assert generator.generate(org_a, today=TODAY).created == 1
    later = TODAY + datetime.timedelta(days=60)
    assert generator.generate(org_a, today=later).created == 0  # the first is not done
    order = WorkOrder.objects.get()
    done = datetime.datetime(2026, 9, 10, 15, tzinfo=datetime.UTC)
    WorkOrder.objects.filter(pk=order.pk).update(state=W.DONE, completed_at=done)
    assert generator.generate(org_a, today=date(2026, 10, 21)).created == 0
    assert generator.generate(org_a, today=date(2026, 10, 22)).created == 1  # 10 September + 6 weeks
    assert Occurrence.objects.filter(plan=plan).latest("scheduled_on").scheduled_on == date(2026, 10, 22)


def test_a_broken_plan_does_not_stop_the_others(org_a):
    make_plan(org_a, rule="FREQ=NEVER")
    make_plan(org_a, name="Bon")
    result = generator.generate(org_a, today=TODAY)
    assert result.created == 1 and len(result.errors) == 1


def test_dry_run_writes_nothing(org_a):
    make_plan(org_a)
    assert generator.generate(org_a, today=TODAY, dry_run=True).due == 1
    assert not Occurrence.objects.exists()


def test_the_scheduled_job_summarises(org_a, org_b):
    make_plan(org_a)
    make_plan(org_b)
    now = datetime.datetime(2026, 8, 20, 6, tzinfo=datetime.UTC)
    assert generator.run(now) == "2 work order(s) generated for 2 organization(s)"
    assert generator.run(now) == "0 work order(s) generated for 2 organization(s)"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_generators_at_once_write_one_work_order_per_occurrence(org_a, monkeypatch):
    from tests.concurrency import run_concurrently, slow_down

    for n in range(30):
        make_plan(org_a, name=f"Plan {n}")
    slow_down(monkeypatch, generator, "_insert_occurrences", 0.2)

    def run():
        with transaction.atomic():
            return generator.generate(org_a, today=TODAY).created

    results = run_concurrently(run, run)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [0, 30]
    assert WorkOrder.objects.count() == Occurrence.objects.count() == 30
    assert len(set(WorkOrder.objects.values_list("number", flat=True))) == 30


def test_the_command_dry_run_then_generates(org_a):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_plan(org_a, starts_on=date.today(), rule="FREQ=DAILY")
    out = StringIO()
    call_command("generate_maintenance_work_orders", "--dry-run", stdout=out)
    assert f"{org_a.slug}: 1 work order(s) due" in out.getvalue() and not Occurrence.objects.exists()
    call_command("generate_maintenance_work_orders", "--organization", org_a.slug, stdout=out)
    assert WorkOrder.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("generate_maintenance_work_orders", "--organization", "nowhere", stdout=out)
