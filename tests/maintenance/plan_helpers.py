"""What the plans' tests share: a plan on a boiler with its reference data."""

import datetime

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.core.permissions import Role
from regie.interventions.factories import CategoryFactory, PriorityFactory
from regie.maintenance.models import MaintenancePlan, PlanTask
from tests.cases import member


def manager(organization):
    return member(organization, Role.MANAGER)


def make_plan(organization, *, asset=None, tasks=("Purger", "Relever la pression"), **fields):
    """A plan saved as is (bypassing the services' checks: the tests of the services call them)."""
    values = {
        "name": "Entretien chaudière",
        "scope": MaintenancePlan.Scope.ASSET,
        "rule": "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1",
        "starts_on": datetime.date(2026, 1, 1),
        "lead_days": 14,
        "grace_days": 7,
        **fields,
    }
    if asset is not None:
        values["asset"] = asset
    elif values["scope"] == MaintenancePlan.Scope.ASSET:
        values["asset"] = AssetFactory(organization=organization)
    plan = MaintenancePlan.objects.create(
        organization=organization,
        category=CategoryFactory(organization=organization),
        priority=PriorityFactory(organization=organization),
        **values,
    )
    PlanTask.objects.bulk_create(PlanTask(plan=plan, position=i, label=label) for i, label in enumerate(tasks))
    return plan


def boiler_type(organization):
    return AssetTypeFactory(organization=organization, name="Chaudière")
