"""Plan services: rules checked with clear errors, nothing half-written; skip and postpone; meter replacement."""

import datetime
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from regie.assets import services as asset_services
from regie.assets.factories import AssetFactory, MeterFactory
from regie.core.exceptions import Forbidden
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.interventions.factories import CategoryFactory, PriorityFactory
from regie.interventions.models import WorkOrder
from regie.maintenance import generator, plan_services
from regie.maintenance.models import MaintenancePlan, Occurrence
from tests.cases import member
from tests.maintenance.plan_helpers import boiler_type, make_plan, manager

pytestmark = pytest.mark.django_db


def data(org, **fields):
    return {
        "name": "Entretien chaudière",
        "scope": "asset",
        "asset": AssetFactory(organization=org),
        "category": CategoryFactory(organization=org),
        "priority": PriorityFactory(organization=org),
        "rule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1",
        "starts_on": date.today(),
        "tasks": ["Purger", {"label": "Relever la pression", "measurement": "number", "unit": "bar"}],
        **fields,
    }


def test_create_a_plan_with_its_checklist_audited(org_a):
    plan = plan_services.create_plan(
        by=manager(org_a), organization=org_a, data=data(org_a, rule="rrule:freq=yearly;bymonth=3;bymonthday=1")
    )
    assert plan.rule == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"
    assert [(t.label, t.measurement, t.unit) for t in plan.tasks.all()] == [
        ("Purger", "", ""),
        ("Relever la pression", "number", "bar"),
    ]
    event = AuditEvent.objects.get(object_id=plan.pk, content_type__model="maintenanceplan")
    assert event.changes["tasks"][1][1] == ["Relever la pression", "number", "bar"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rule": "FREQ=SOMETIMES"}, "rule"),
        ({"rule": ""}, "rule"),
        ({"meter_kind": "hours"}, "meter_interval"),
        ({"meter_kind": "hours", "meter_interval": Decimal(500)}, "schedule"),
        ({"execution": "contractor"}, "contractor"),
        ({"season_start_month": 4}, "season_end_month"),
        ({"scope": "type", "asset": None}, "asset_type"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(org_a, fields, field):
    with pytest.raises(ValidationError) as error:
        plan_services.create_plan(by=manager(org_a), organization=org_a, data=data(org_a, **fields))
    assert field in error.value.message_dict, error.value.message_dict
    assert not MaintenancePlan.objects.exists()


def test_archived_assets_and_empty_selections_are_refused(org_a):
    archived = AssetFactory(organization=org_a, archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError) as error:
        plan_services.create_plan(by=manager(org_a), organization=org_a, data=data(org_a, asset=archived))
    assert error.value.error_dict["asset"][0].messages == [
        gettext("This asset is archived or disposed of: no plan applies to it.")
    ]
    kind = boiler_type(org_a)
    school = AssetFactory(organization=org_a)
    with pytest.raises(ValidationError) as error:
        payload = data(org_a, scope="subtree", asset=school, asset_type=kind)
        plan_services.create_plan(by=manager(org_a), organization=org_a, data=payload)
    assert "asset_type" in error.value.message_dict
    assert not MaintenancePlan.objects.exists()


def test_an_agent_may_not_create_plans(org_a):
    with pytest.raises(Forbidden):
        plan_services.create_plan(by=member(org_a, Role.AGENT), organization=org_a, data=data(org_a))


def test_skip_a_future_occurrence_then_the_generator_passes_it(org_a):
    plan = make_plan(org_a)
    by = manager(org_a)
    plan_services.skip_occurrence(
        plan, by=by, asset_id=plan.asset_id, scheduled_on=date(2026, 9, 1), reason="Chaudière neuve"
    )
    assert generator.generate(org_a, today=date(2026, 8, 20)).created == 0
    occurrence = Occurrence.objects.get()
    assert occurrence.status == "skipped" and occurrence.reason == "Chaudière neuve"
    assert AuditEvent.objects.filter(object_id=occurrence.pk, reason="Chaudière neuve").exists()
    with pytest.raises(ValidationError):
        plan_services.skip_occurrence(plan, by=by, asset_id=plan.asset_id, scheduled_on=date(2027, 9, 1), reason=" ")


def test_skip_a_generated_occurrence_cancels_its_work_order(org_a):
    plan = make_plan(org_a)
    generator.generate(org_a, today=date(2026, 8, 20))
    plan_services.skip_occurrence(
        plan, by=manager(org_a), asset_id=plan.asset_id, scheduled_on=date(2026, 9, 1), reason="Site fermé"
    )
    assert WorkOrder.objects.get().state == "cancelled"


def test_postpone_a_future_occurrence_generates_it_before_its_new_date(org_a):
    plan = make_plan(org_a)
    plan_services.postpone_occurrence(
        plan, by=manager(org_a), asset_id=plan.asset_id, scheduled_on=date(2026, 9, 1), due_on=date(2026, 10, 15),
        reason="Travaux dans l'école",
    )  # fmt: skip
    assert generator.generate(org_a, today=date(2026, 8, 20)).created == 0
    assert generator.generate(org_a, today=date(2026, 10, 1)).created == 1
    occurrence = Occurrence.objects.get()
    assert (occurrence.scheduled_on, occurrence.due_on, occurrence.status) == (
        date(2026, 9, 1),
        date(2026, 10, 15),
        "generated",
    )
    assert generator.generate(org_a, today=date(2026, 10, 1)).created == 0


def test_a_reading_below_the_previous_is_refused_unless_a_replacement(org_a):
    by = member(org_a, Role.ADMIN)
    meter = MeterFactory(asset=AssetFactory(organization=org_a), kind="hours", unit="h")
    first = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    asset_services.record_reading(meter, by=by, read_at=first, value=Decimal(900))
    later = first + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        asset_services.record_reading(meter, by=by, read_at=later, value=Decimal(5))
    assert "%(value)s" not in error.value.message_dict["value"][0] and "900" in error.value.message_dict["value"][0]
    reading = asset_services.record_reading(meter, by=by, read_at=later, value=Decimal(5), replacement=True)
    assert reading.replacement
