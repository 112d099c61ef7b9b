"""The plans' indicators by building: each work order counted once, under the nearest building its asset stands
in; the figures against the raw records, in one query; the table on the plans list, capped with "more"."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.interventions.factories import CategoryFactory, PriorityFactory
from regie.interventions.models import WorkOrder
from regie.maintenance import plan_selectors
from regie.maintenance.models import Occurrence

from .plan_helpers import make_plan, manager

pytestmark = pytest.mark.django_db

PREVENTIVE, CORRECTIVE = WorkOrder.Kind.PREVENTIVE, WorkOrder.Kind.CORRECTIVE


class Town:
    """Site → Mairie (building) → level → room → boiler, an annex building inside the Mairie, the school (a
    building), and a park outside any building."""

    def __init__(self, org):
        self.org = org
        kinds = {
            kind: AssetTypeFactory(organization=org, kind=kind) for kind in ("site", "building", "space", "green_space")
        }
        self.types = kinds
        make = self.asset
        self.site = make("site", "Centre-ville")
        self.mairie = make("building", "Mairie", self.site)
        level = make("space", "Rez-de-chaussée", self.mairie)
        self.room = make("space", "Salle du conseil", level)
        self.boiler = make("space", "Chaudière", self.room)
        self.annex = make("building", "Annexe", self.mairie)
        self.annex_room = make("space", "Archives", self.annex)
        self.school = make("building", "École Jules Ferry")
        self.park = make("green_space", "Parc")
        self.category = CategoryFactory(organization=org)
        self.priority = PriorityFactory(organization=org)
        self.plan = make_plan(org, asset=self.boiler)
        self.count = 0

    def asset(self, kind, name, parent=None):
        return AssetFactory(organization=self.org, asset_type=self.types[kind], name=name, parent=parent)

    def order(self, asset, kind=CORRECTIVE, state="to_plan", cost="0", completed_at=None, late_after=None):
        self.count += 1
        order = WorkOrder.objects.create(
            organization=self.org, number=f"BT-{self.count}", title="Travaux", kind=kind, state=state,
            category=self.category, priority=self.priority, asset=asset, labour_cost=Decimal(cost),
            material_cost=Decimal("0"), contractor_cost=Decimal("0"), equipment_cost=Decimal("0"),
            completed_at=completed_at,
        )  # fmt: skip
        if late_after is not None:
            day = datetime.date(2026, 1, 1) + datetime.timedelta(days=self.count)
            Occurrence.objects.create(
                organization=self.org, plan=self.plan, asset=asset, scheduled_on=day, due_on=day,
                work_order=order, late_after=late_after,
            )  # fmt: skip
        return order


@pytest.fixture
def town(org_a):
    return Town(org_a)


def records(town, now):
    day = datetime.timedelta(days=1)
    town.order(town.boiler, PREVENTIVE, "done", "100", completed_at=now - 3 * day, late_after=now - day)  # on time
    town.order(town.boiler, PREVENTIVE, "closed", "50", completed_at=now - day, late_after=now - 2 * day)  # late
    town.order(town.room, PREVENTIVE, "planned", "0", late_after=now - day)  # overdue
    town.order(town.room, PREVENTIVE, "planned", "0", late_after=now + day)  # open, not overdue yet
    town.order(town.mairie, CORRECTIVE, "done", "200")
    town.order(town.room, WorkOrder.Kind.URGENT, "to_plan", "30")  # urgent repairs count as corrective
    town.order(town.room, WorkOrder.Kind.INTERNAL, "done", "999")  # internal jobs left out
    town.order(town.room, CORRECTIVE, "cancelled", "999")  # cancelled left out
    town.order(town.annex_room, CORRECTIVE, "done", "40")  # the annex, not the Mairie: the nearest building
    town.order(town.school, PREVENTIVE, "done", "10")  # preventive without a plan: counted, not in on-time
    town.order(town.park, CORRECTIVE, "done", "5")  # in no building: not listed
    town.order(None, CORRECTIVE, "done", "5")  # no asset: not listed


def test_figures_by_building_match_the_records_in_one_query(town):
    now = timezone.now()
    records(town, now)
    with CaptureQueriesContext(connection) as queries:
        rows = plan_selectors.by_building(town.org, now=now)
    assert len(queries) == 1
    table = {row.label: row for row in rows}
    assert list(table) == ["Mairie", "Annexe", "École Jules Ferry"]  # most work orders first, then by name
    mairie = table["Mairie"]
    assert (mairie.building_id, mairie.preventive, mairie.corrective) == (town.mairie.pk, 4, 2)
    assert (mairie.preventive_cost, mairie.corrective_cost) == (Decimal("150"), Decimal("230"))
    assert (mairie.done, mairie.on_time, mairie.on_time_rate, mairie.overdue) == (2, 1, 50, 1)
    assert (mairie.preventive_rate, mairie.preventive_cost_rate) == (67, 39)
    annex = table["Annexe"]
    assert (annex.preventive, annex.corrective, annex.corrective_cost, annex.on_time_rate) == (0, 1, 40, None)
    school = table["École Jules Ferry"]
    assert (school.preventive, school.corrective, school.done, school.overdue) == (1, 0, 0, 0)
    # the same as counting the raw records of the Mairie's own subtree, without the annex's
    raw = WorkOrder.objects.filter(
        organization=town.org,
        asset__in=[town.mairie, town.room, town.boiler],
        kind__in=[PREVENTIVE, CORRECTIVE, "urgent"],
    ).exclude(state="cancelled")
    assert raw.count() == mairie.preventive + mairie.corrective


def test_other_organizations_and_the_cap(town, org_b):
    other = Town(org_b)
    other.order(other.mairie, CORRECTIVE)
    for index in range(plan_selectors.SHOWN_BUILDINGS + 1):
        building = town.asset("building", f"Bâtiment {index:02d}")
        town.order(building)
    figures = plan_selectors.indicators(town.org)
    assert len(figures["by_building"]) == plan_selectors.SHOWN_BUILDINGS
    assert figures["buildings_more"] is True
    everything = plan_selectors.indicators(town.org, all_buildings=True)
    assert len(everything["by_building"]) == plan_selectors.SHOWN_BUILDINGS + 1
    assert everything["buildings_more"] is False
    assert other.mairie.pk not in {row.building_id for row in everything["by_building"]}


def test_the_plans_list_shows_the_table_and_more(town, client_for):
    now = timezone.now()
    records(town, now)
    web = client_for(manager(town.org))
    page = web.get(reverse("maintenance:maintenanceplan-list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-by-building" in html
    assert "Mairie" in html and "Annexe" in html
    assert "buildings=all" not in html  # three buildings: all shown
    for index in range(plan_selectors.SHOWN_BUILDINGS):
        town.order(town.asset("building", f"Bâtiment {index:02d}"))
    html = web.get(reverse("maintenance:maintenanceplan-list")).content.decode()
    assert "buildings=all" in html
    page = web.get(reverse("maintenance:maintenanceplan-list") + "?buildings=all")
    assert "Paramètre inconnu" not in page.content.decode()
    assert len(page.context["indicators"]["by_building"]) == plan_selectors.SHOWN_BUILDINGS + 3
