"""The demo's two years of interventions: reference data, volumes, seasons, workflow states, costs, numbers,
audit trail, live items for the demo users, and their deletion.

Built once for the module at 5 % of its volume (`history=0.05`: ~1,500 requests in the big town).
"""

import re
from collections import Counter as Tally
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Abs, Coalesce, ExtractMonth, ExtractWeekDay
from django.utils import timezone

from regie.assets.models import Asset
from regie.core.models import AuditEvent, Counter, Membership, Organization, User
from regie.core.permissions import Role
from regie.core.validators import moving_bounds
from regie.demo import cleanup, generator
from regie.interventions import selectors, services
from regie.interventions.asset_costs import asset_costs
from regie.interventions.demo import request_volume
from regie.interventions.factories import STANDARD_PRIORITIES
from regie.interventions.models import (
    BudgetLine,
    Category,
    CostCode,
    CostLine,
    InterventionRequest,
    Priority,
    TimeEntry,
    WorkflowSettings,
    WorkOrder,
)
from regie.interventions.services.costs import agent_rate
from regie.interventions.transitions import derived_request_state
from regie.interventions.workflow import REQUEST_GROUPS
from regie.interventions.workflow import RequestState as S
from regie.interventions.workflow import WorkOrderState as W
from regie.notifications.models import Notification
from regie.people.models import Agent, Department

pytestmark = pytest.mark.django_db

HISTORY = 0.05
SLUGS = {
    "agglo": "ca-val-de-regie",
    "town": "villeneuve-sur-regie",
    "mid": "beaulieu-la-riviere",
    "village": "montclar-les-vignes",
}
MONEY = DecimalField(max_digits=14, decimal_places=2)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo with 5 % of its history, committed once for the module and deleted after it."""
    with django_db_blocker.unblock():
        built = generator.build(seed=7, history=HISTORY)
        try:
            yield built
        finally:
            cleanup.delete_demo()


def org(key):
    return Organization.objects.get(slug=SLUGS[key])


def requests_of(key):
    return InterventionRequest.objects.filter(organization__slug=SLUGS[key])


def user(name):
    return User.objects.get(username=name)


def test_each_organization_has_its_reference_data(demo):
    expected = {
        "town": (True, Decimal("15000.00"), True),
        "mid": (True, None, False),
        "village": (False, None, False),
    }
    for key, (validation, threshold, budget) in expected.items():
        settings = WorkflowSettings.objects.get(organization=org(key))
        assert (settings.department_validation, settings.second_approval_threshold, settings.budget_required) == (
            validation,
            threshold,
            budget,
        )
    for key in SLUGS:
        priorities = Priority.objects.owned_by(org(key)).order_by("rank")
        rows = [(p.code, p.name, p.rank, p.response_hours, p.resolution_hours, p.working_days_only) for p in priorities]
        assert rows == list(STANDARD_PRIORITIES)
        for category in Category.objects.owned_by(org(key)).select_related("skill", "department"):
            assert category.skill.organization_id == category.organization_id
            assert category.department.kind == Department.Kind.TECHNICAL
            assert category.department.organization_id == category.organization_id
    town = org("town")
    codes = set(Category.objects.owned_by(town).values_list("code", flat=True))
    trades = {"PLOMB", "ELEC", "PEINT", "SERRUR", "MENUIS", "EV", "ELAG", "VOIRIE", "PROPRE", "LOGIST", "CHAUFF"}
    assert trades | {"SIGNAL", "ECLPUB"} <= codes
    assert {"EAU", "ASSAIN", "DECHETS"} <= set(Category.objects.owned_by(org("agglo")).values_list("code", flat=True))
    year = timezone.localdate().year
    for department in Department.objects.owned_by(town).filter(kind=Department.Kind.REQUESTING):
        lines = BudgetLine.objects.owned_by(town).filter(department=department, year=year)
        natures = {line.code.split("-")[0]: line for line in lines}
        assert {"615221", "6068", "2135"} <= set(natures), department.code
        assert natures["2135"].section == BudgetLine.Section.CAPITAL
        assert all(line.amount and line.amount >= 1000 for line in lines)
    cost_codes = set(CostCode.objects.owned_by(town).values_list("code", flat=True))
    assert {f"EVT-{year - 1}-14JUIL", f"EVT-{year - 1}-MUSIQUE", f"EVT-{year - 1}-NOEL", f"EVT-{year - 1}-FORUM"} <= (
        cost_codes
    )
    assert any(code.startswith("PRJ-") for code in cost_codes)
    assert not CostCode.objects.filter(starts_on__gt=F("ends_on")).exists()


def test_volumes_per_organization(demo):
    full = generator.Demo(history=1)
    assert [request_volume(full, key) for key in ("town", "mid", "village", "agglo")] == [30_000, 6_000, 300, 2_000]
    doubled = generator.Demo(scale=2, history=1)
    assert request_volume(doubled, "town") == 60_000 and request_volume(doubled, "village") == 300
    for key in SLUGS:
        expected = request_volume(demo, key)
        live = 20  # the items left waiting for the demo users
        assert expected * 0.95 <= requests_of(key).count() <= expected + live, key
    town = requests_of("town")
    orders = WorkOrder.objects.filter(organization=org("town"), request__isnull=False)  # not the plans' preventive
    approved = town.filter(approved_at__isnull=False).count()
    assert approved * 1.05 <= orders.count() <= approved * 1.4  # one work order each, sometimes two
    assert TimeEntry.objects.filter(organization=org("town")).count() >= orders.count() * 1.4


def test_requests_follow_the_seasons_the_weekdays_and_the_events(demo):
    town = requests_of("town")

    def by_month(queryset):
        months = Tally(
            dict(queryset.order_by().annotate(m=ExtractMonth("created_at")).values_list("m").annotate(n=Count("id")))
        )
        return lambda *numbers: sum(months[n] for n in numbers)

    green, heating, roads, everything = (
        by_month(town.filter(category__code="EV")),
        by_month(town.filter(category__code="CHAUFF")),
        by_month(town.filter(category__code="VOIRIE")),
        by_month(town),
    )
    assert green(6) > green(1) and green(5, 6) > 2 * green(12, 1)
    assert heating(12, 1, 2) > 3 * heating(6, 7, 8)
    assert roads(2, 3) > roads(7, 8)
    assert everything(8) < 0.75 * everything(*range(1, 8), *range(9, 13)) / 11
    weekdays = Tally(
        dict(town.order_by().annotate(d=ExtractWeekDay("created_at")).values_list("d").annotate(n=Count("id")))
    )
    assert weekdays[1] + weekdays[7] < 0.08 * town.count()  # Sunday, Saturday
    events = town.filter(cost_code__code__startswith="EVT-", category__code="LOGIST").select_related("cost_code")
    assert events.count() >= 10
    for request in events:
        assert timezone.localtime(request.created_at).date() <= request.cost_code.starts_on


def test_old_requests_are_finished_recent_ones_are_at_every_step(demo):
    now = timezone.now()
    town = requests_of("town")
    old = town.filter(created_at__lt=now - timedelta(days=120))
    assert old.filter(state__in=REQUEST_GROUPS["ended"]).count() >= 0.95 * old.count()
    assert old.filter(state=S.CLOSED).count() >= 0.75 * old.count()
    assert 0.02 * old.count() <= old.filter(state=S.REJECTED).count() <= 0.12 * old.count()
    assert old.filter(state=S.CANCELLED).exists()
    assert not town.filter(state__in=[S.REJECTED, S.CANCELLED], last_reason="").exists()
    recent = set(town.filter(created_at__gte=now - timedelta(days=30)).values_list("state", flat=True))
    assert {S.SUBMITTED, S.VALIDATED, S.CLOSED} <= recent
    assert recent & {S.APPROVED, S.PLANNED} and recent & {S.IN_PROGRESS, S.DONE}
    for key in SLUGS:
        requests = requests_of(key)
        assert not requests.exclude(state=S.DRAFT).filter(submitted_at__isnull=True).exists()
        assert (
            not requests.filter(state__in=REQUEST_GROUPS["active"] + REQUEST_GROUPS["finished"])
            .filter(approved_at__isnull=True)
            .exists()
        )
        assert not requests.filter(state=S.CLOSED).filter(Q(done_at__isnull=True) | Q(closed_at__isnull=True)).exists()
    done = town.filter(done_at__isnull=False)
    late = done.filter(done_at__gt=F("resolution_due_at")).count()
    assert 0.03 * done.count() < late < 0.4 * done.count()  # some overdue, not most
    assert town.filter(first_approved_by__isnull=False, estimated_amount__gt=15000).exists()
    assert not town.filter(first_approved_by__isnull=False, estimated_amount__lte=15000).exists()
    village = requests_of("village")
    assert not village.filter(validated_at__isnull=False).exists()  # the village skips the department step


def test_requests_follow_their_work_orders(demo):
    for key in SLUGS:
        orders = WorkOrder.objects.filter(organization=org(key), request__isnull=False)  # not the plans' preventive
        states = {}
        for request_id, state in orders.values_list("request_id", "state"):
            states.setdefault(request_id, []).append(state)
        for request in requests_of(key).filter(state__in=[S.APPROVED, S.PLANNED, S.IN_PROGRESS, S.DONE]):
            if request.pk in states:
                assert request.state == derived_request_state(states[request.pk]), request.number
        assert (
            not orders.filter(state__in=[W.DONE, W.CLOSED])
            .filter(Q(completed_at__isnull=True) | Q(report="") | Q(first_visit_fix__isnull=True))
            .exists()
        )
        contractor = orders.filter(execution=WorkOrder.Execution.CONTRACTOR)
        assert not contractor.filter(
            Q(contractor__isnull=True) | Q(team__isnull=False) | Q(agents__isnull=False)
        ).exists()
        in_house = orders.filter(execution=WorkOrder.Execution.IN_HOUSE)
        assert not in_house.filter(Q(team__isnull=True) | Q(agents__isnull=True)).exists()
        assert not orders.filter(planned_start__isnull=False, planned_end__lte=F("planned_start")).exists()
        assert not orders.exclude(location=F("request__location")).exists()  # each one is its request's
        assert not orders.filter(created_at__lt=F("request__approved_at")).exists()
        assert not TimeEntry.objects.filter(organization=org(key), work_order__execution="contractor").exists()
        assert not TimeEntry.objects.filter(organization=org(key), date__gt=timezone.localdate()).exists()
    town = WorkOrder.objects.filter(organization=org("town"), request__isnull=False)
    share = town.filter(execution=WorkOrder.Execution.CONTRACTOR).count() / town.count()
    assert 0.04 <= share <= 0.2
    fixed = town.filter(first_visit_fix=True).count() / town.filter(first_visit_fix__isnull=False).count()
    assert 0.7 <= fixed <= 0.9
    crews = Tally(WorkOrder.agents.through.objects.filter(workorder__in=town).values_list("workorder_id", flat=True))
    assert set(Tally(crews.values())) == {1, 2, 3}  # one to three agents
    entries = TimeEntry.objects.filter(organization=org("town")).select_related("work_order")
    assert all(entry.agent_id in {a.pk for a in entry.work_order.agents.all()} for entry in entries[:200])


def test_cost_totals_equal_their_time_entries_and_cost_lines(demo):
    def total(queryset, name):
        sums = queryset.values("work_order").annotate(s=Sum(name)).values("s")
        return Coalesce(Subquery(sums, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)

    entries = TimeEntry.objects.filter(work_order=OuterRef("pk"), archived_at__isnull=True)
    lines = CostLine.objects.filter(work_order=OuterRef("pk"), archived_at__isnull=True)
    orders = WorkOrder.objects.filter(organization__slug__in=SLUGS.values()).annotate(
        labour=total(entries, "cost"),
        time=total(entries, "hours"),
        materials=total(lines.filter(kind="material"), "amount"),
        invoices=total(lines.filter(kind="contractor"), "amount"),
        equipment=total(lines.filter(kind="equipment"), "amount"),
    )
    cent = Decimal("0.005")
    wrong = orders.alias(
        d1=Abs(F("labour_cost") - F("labour")),
        d2=Abs(F("hours") - F("time")),
        d3=Abs(F("material_cost") - F("materials")),
        d4=Abs(F("contractor_cost") - F("invoices")),
        d5=Abs(F("equipment_cost") - F("equipment")),
    ).filter(Q(d1__gt=cent) | Q(d2__gt=cent) | Q(d3__gt=cent) | Q(d4__gt=cent) | Q(d5__gt=cent))
    assert orders.count() > 1000 and not wrong.exists()

    def order_total(name):
        sums = WorkOrder.objects.filter(request=OuterRef("pk")).values("request").annotate(s=Sum(name)).values("s")
        return Coalesce(Subquery(sums, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)

    requests = InterventionRequest.objects.filter(organization__slug__in=SLUGS.values())
    names = ("labour_cost", "material_cost", "contractor_cost", "equipment_cost", "hours")
    annotated = requests.annotate(**{f"sum_{n}": order_total(n) for n in names})
    differences = {f"diff_{n}": Abs(F(n) - F(f"sum_{n}")) for n in names}
    condition = Q()
    for n in names:
        condition |= Q(**{f"diff_{n}__gt": cent})
    assert not annotated.alias(**differences).filter(condition).exists()
    totals = requests.aggregate(*(Sum(n) for n in names))
    assert all(value > 0 for value in totals.values())
    rates = {}
    for entry in TimeEntry.objects.filter(organization=org("town")).select_related("agent")[:500]:
        if entry.agent_id not in rates:
            rates[entry.agent_id] = agent_rate(entry.agent)
        assert entry.hourly_rate == rates[entry.agent_id]
        assert entry.cost == (entry.hours * entry.hourly_rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert Decimal("0.25") <= entry.hours <= 10


def test_numbers_are_unique_and_the_sequences_continue(demo):
    year = timezone.localdate().year
    for key in SLUGS:
        for model, prefix in ((InterventionRequest, "DI"), (WorkOrder, "BT")):
            rows = list(
                model.objects.filter(organization=org(key))
                .order_by("created_at", "pk")
                .values_list("number", flat=True)
            )
            assert len(rows) == len(set(rows))
            assert all(re.fullmatch(rf"{prefix}-\d{{4}}-\d{{6}}", number) for number in rows)
            by_year = {}
            for number in rows:  # numbered in the order they were made, from 1 each year
                by_year.setdefault(number[3:7], []).append(int(number[-6:]))
            for year_text, numbers in by_year.items():
                assert numbers == list(range(1, len(numbers) + 1)), (key, prefix, year_text)
                counter = Counter.objects.get(organization=org(key), prefix=prefix, year=int(year_text))
                assert counter.value == len(numbers)
    town = org("town")
    counters = Counter.objects.filter(organization=town, year=year)  # none yet on New Year's night
    last = counters.filter(prefix="DI").values_list("value", flat=True).first() or 0
    requester = user("requester.villeneuve")
    department = Membership.objects.get(user=requester, organization=town).department
    request, created = services.create_request(
        by=requester,
        organization=town,
        data={
            "title": "Fuite au plafond du préau",
            "description": "Traces d'eau après la pluie.",
            "category": Category.objects.get(organization=town, code="PLOMB"),
            "location": "École élémentaire Jules-Ferry, préau",
            "budget_line": BudgetLine.objects.get(
                organization=town, department=department, code__startswith="615221-", year=year
            ),
            "estimated_amount": Decimal("350.00"),
        },
    )
    assert created and request.number == f"DI-{year}-{last + 1:06d}"
    last_order = counters.filter(prefix="BT").values_list("value", flat=True).first() or 0
    order = services.create_work_order(
        by=user("manager.villeneuve"),
        organization=town,
        data={
            "title": "Contrôle des extincteurs",
            "category": Category.objects.get(organization=town, code="SERRUR"),
            "priority": Priority.objects.get(organization=town, code="P3"),
        },
    )
    assert order.number == f"BT-{year}-{last_order + 1:06d}"


def test_every_step_is_in_the_audit_trail(demo):
    request_type, order_type = (ContentType.objects.get_for_model(m) for m in (InterventionRequest, WorkOrder))
    created = AuditEvent.objects.filter(
        organization=OuterRef("organization"), action=AuditEvent.Action.CREATE, object_id=OuterRef("pk")
    )
    requests = InterventionRequest.objects.filter(organization__slug__in=SLUGS.values())
    assert not requests.exclude(Exists(created.filter(content_type=request_type))).exists()
    orders = WorkOrder.objects.filter(organization__slug__in=SLUGS.values())
    assert not orders.exclude(Exists(created.filter(content_type=order_type))).exists()
    for request in requests.filter(organization=org("town"), state=S.CLOSED).order_by("pk")[:40]:
        events = list(AuditEvent.objects.filter(content_type=request_type, object_id=request.pk).order_by("at", "pk"))
        first = events[0]
        assert first.action == AuditEvent.Action.CREATE and first.at == request.created_at
        assert first.actor_id == request.requester_id and first.channel in ("web", "api")
        assert first.changes["state"] == [None, "draft"] and first.changes["number"] == [None, request.number]
        chain = [e.changes["state"] for e in events[1:]]
        assert chain[0] == ["draft", "submitted"] and chain[-1] == ["done", "closed"]
        assert all(a[1] == b[0] for a, b in pairwise(chain)), chain
        if events[-1].channel == "system":  # not acknowledged in time: closed by the system, no rating
            assert events[-1].actor_id is None and request.satisfaction is None and events[-1].reason
        else:
            assert events[-1].changes["satisfaction"] == [None, request.satisfaction]
            assert events[-1].actor_id == request.requester_id
        validation = next(e for e in events if e.changes.get("state") == ["submitted", "validated"])
        head = Membership.objects.get(user_id=validation.actor_id, organization=request.organization)
        assert head.role == Role.DEPARTMENT_HEAD and head.department_id == request.department_id
        approval = next(e for e in events if e.changes.get("state", [None, None])[1] == "approved")
        manager = Membership.objects.get(user_id=approval.actor_id, organization=request.organization)
        assert manager.role in (Role.MANAGER, Role.ADMIN)
        assert any(e.channel == "system" for e in events)  # planned, in progress, done: following the work orders
    rejections = AuditEvent.objects.filter(content_type=request_type, changes__state__1="rejected")
    assert rejections.exists() and not rejections.filter(reason="").exists()
    channels = set(AuditEvent.objects.filter(content_type=request_type).values_list("channel", flat=True))
    assert {"web", "api", "system"} <= channels
    now = timezone.now()
    organizations = Organization.objects.filter(slug__in=SLUGS.values())
    assert not AuditEvent.objects.filter(organization__in=organizations, at__gt=now).exists()
    for model in (InterventionRequest, WorkOrder, TimeEntry, CostLine, Notification):
        assert not model.objects.filter(organization__in=organizations, created_at__gt=now).exists(), model
    for model in (TimeEntry, CostLine):  # costs are recorded while a work order is open (`costs.COSTABLE`)
        assert not model.objects.filter(work_order__closed_at__lt=F("created_at")).exists(), model
    costs = AuditEvent.objects.filter(content_type=order_type, action=AuditEvent.Action.UPDATE)
    assert costs.filter(changes__has_key="time").count() == TimeEntry.objects.count()
    assert costs.filter(changes__has_key="cost").count() == CostLine.objects.count()


def test_closed_requests_are_rated_mostly_well(demo):
    """Requesters rate what they acknowledge; those the system closed after the delay have no rating."""
    closed = InterventionRequest.objects.filter(organization__slug__in=SLUGS.values(), state=S.CLOSED)
    request_type = ContentType.objects.get_for_model(InterventionRequest)
    by_system = AuditEvent.objects.filter(
        content_type=request_type, changes__state__1="closed", channel="system", actor__isnull=True
    ).values("object_id")
    assert not closed.filter(pk__in=by_system, satisfaction__isnull=False).exists()
    closed = closed.exclude(pk__in=by_system)
    assert closed.exists() and not closed.filter(satisfaction__isnull=True).exists()
    ratings = Tally(closed.values_list("satisfaction", flat=True))
    assert ratings[4] + ratings[5] >= 0.7 * closed.count()
    assert ratings[1] + ratings[2] + ratings[3] > 0


def test_live_items_wait_for_the_demo_users(demo):
    town, now = org("town"), timezone.now()
    requester, head = user("requester.villeneuve"), user("department_head.villeneuve")
    department = Membership.objects.get(user=head, organization=town).department
    mine = requests_of("town").filter(requester=requester)
    assert mine.filter(state=S.SUBMITTED, department=department).count() >= 3  # for the department head
    assert requests_of("town").filter(state=S.VALIDATED, department=department).count() >= 3  # for the manager
    second = requests_of("town").get(state=S.AWAITING_SECOND_APPROVAL, first_approved_by=user("admin.villeneuve"))
    assert second.estimated_amount > 15000
    assert mine.filter(state=S.DONE).exists()  # to acknowledge, with a rating
    agent = Agent.objects.get(user=user("agent.villeneuve"))
    today = timezone.localdate()
    monday = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time()))
    this_week = WorkOrder.objects.filter(
        organization=town,
        agents=agent,
        team=agent.team,
        planned_start__gte=monday,
        planned_start__lt=monday + timedelta(days=7),
    )
    assert this_week.count() >= 3
    assert this_week.filter(planned_start__gt=now, state=W.PLANNED).exists() or today.weekday() >= 4
    company = Membership.objects.get(user=user("contractor.villeneuve"), organization=town).contractor
    assert WorkOrder.objects.filter(organization=town, contractor=company, state=W.PLANNED).exists()
    for name in ("requester", "department_head", "manager", "agent", "contractor"):
        unread = Notification.objects.filter(recipient=user(f"{name}.villeneuve"), organization=town, read_at=None)
        assert unread.exists(), name
    assert Notification.objects.filter(recipient=head, title__contains=mine.filter(state=S.SUBMITTED).first().number)


def test_the_history_people_cannot_sign_in(demo):
    named = cleanup.demo_users().filter(username__regex=r"^(requester|department_head|manager)\.[a-z0-9]+\.")
    assert named.count() >= 40
    assert not any(u.has_usable_password() for u in named)
    for membership in Membership.objects.filter(user__in=named, role__in=[Role.REQUESTER, Role.DEPARTMENT_HEAD]):
        assert membership.department.kind == Department.Kind.REQUESTING


# What each category's requests may name in the registry (kinds of `AssetKind`); those absent name nothing.
INDOOR = frozenset({"building", "space", "equipment"})
BUILDING_TRADES = ("PLOMB", "ELEC", "PEINT", "SERRUR", "MENUIS", "MACON", "CHAUFF")
ASSET_KINDS = {
    "ECLPUB": {"street_light", "lighting_cabinet"},
    "ELAG": {"tree"},
    "EV": {"tree", "green_space"},
    "VOIRIE": {"road_section", "road_feature"},
    "SIGNAL": {"road_feature"},
    "AIRJEUX": {"play_item", "playground"},
    "CIMET": {"cemetery"},
    "MECA": {"vehicle"},
    "SPORT": {"sports_ground", *INDOOR},
    **dict.fromkeys(BUILDING_TRADES, INDOOR),
}  # fmt: skip


def test_requests_name_assets_that_fit_their_category(demo):
    town = requests_of("town")
    share = town.exclude(asset=None).count() / town.count()
    assert 0.4 <= share <= 0.75, share
    for key in SLUGS:
        linked = requests_of(key).exclude(asset=None)
        pairs = Tally(linked.values_list("category__code", "asset__asset_type__kind"))
        for (category, kind), count in pairs.items():
            assert kind in ASSET_KINDS.get(category, set()), (key, category, kind, count)
        assert not linked.exclude(asset__organization=F("organization")).exists()
        assert not linked.filter(cost_code__code__startswith="EVT-").exists()  # an event's place is a text
    lighting = town.filter(category__code="ECLPUB")
    assert lighting.exclude(asset=None).count() > lighting.filter(asset=None).count()
    assert set(lighting.exclude(asset=None).values_list("asset__asset_type__code", flat=True)) == {"EP", "ARM"}
    assert requests_of("town").filter(category__code="PROPRE", asset=None).count() == (
        requests_of("town").filter(category__code="PROPRE").count()
    )  # litter, a dumped mattress: nothing registered
    orders = WorkOrder.objects.filter(organization__slug__in=SLUGS.values(), request__isnull=False)
    assert orders.exclude(asset=None).exists()
    assert not orders.exclude(asset=None).exclude(asset=F("request__asset")).exists()
    assert not orders.filter(asset=None, request__asset__isnull=False).exists()


def test_a_request_naming_an_asset_has_its_place_and_point(demo):
    town = org("town")
    assets = {
        row[0]: row
        for row in Asset.objects.owned_by(town).values_list(
            "pk", "parent_id", "name", "address", "latitude", "longitude", "asset_type__kind"
        )
    }

    def building_of(pk):
        while pk is not None and assets[pk][6] != "building":
            pk = assets[pk][1]
        return assets[pk] if pk is not None else None

    linked = requests_of("town").exclude(asset=None)
    assert linked.count() > 500
    for pk, location, latitude, longitude, description in linked.values_list(
        "asset_id", "location", "latitude", "longitude", "description"
    ):
        _pk, _parent, name, address, lat, lon, kind = assets[pk]
        building = building_of(pk) if kind in ("space", "level", "equipment") else None
        if address:
            assert location == address
        elif building is not None and building[2] not in name:
            assert location == f"{building[2]}, {name}"  # a room: after its building's name
        else:
            assert location == name
        located = (lat, lon) if lat is not None else (building[4], building[5]) if building else (None, None)
        assert (latitude, longitude) == located  # a vehicle has no point: nor has its request
        assert f"({location})" in description


def test_school_buildings_gather_requests_and_costs_by_year(demo):
    town = org("town")
    schools = Department.objects.get(organization=town, code="ECOLES")
    building = requests_of("town").filter(department=schools, category__code__in=BUILDING_TRADES).exclude(asset=None)
    inside = Tally(building.values_list("asset__asset_type__kind", flat=True))
    assert inside["space"] and inside["equipment"] and inside["building"]
    school_buildings = Asset.objects.owned_by(town).filter(asset_type__kind="building", department=schools)
    boilers = Tally(
        building.filter(asset__asset_type__code="CHAUD", asset__parent__in=school_buildings).values_list(
            "asset_id", flat=True
        )
    )
    assert boilers and boilers.most_common(1)[0][1] >= 2  # a school boiler with several requests
    costed = Tally(
        WorkOrder.objects.filter(organization=town, asset__isnull=False, request__department=schools)
        .exclude(labour_cost=0)
        .values_list("asset__path", flat=True)
    )
    by_building = Tally()
    for school in school_buildings:
        by_building[school.pk] = sum(n for path, n in costed.items() if path.startswith(school.path))
    busiest = Asset.objects.get(pk=by_building.most_common(1)[0][0])
    manager = Membership.objects.get(organization=town, user__username="manager.villeneuve")
    costs = asset_costs(town, manager, busiest)
    assert costs.totals["total"] > 0
    assert len([row for row in costs.rows if row["total"] > 0]) >= 2  # costs in more than one year


def test_the_duplicate_hint_finds_open_requests_on_the_same_asset(demo):
    town = org("town")
    open_requests = requests_of("town").filter(state__in=REQUEST_GROUPS["open"]).exclude(asset=None)
    assets = Tally(open_requests.values_list("asset_id", flat=True))
    shared = [pk for pk, count in assets.items() if count > 1]
    assert shared  # a boiler, a classroom, a street light reported twice while the first is not done
    request = open_requests.filter(asset_id=shared[0]).select_related("asset", "category").first()
    hints = selectors.duplicate_candidates(
        town, location="", category=request.category, asset=request.asset, exclude_pk=request.pk
    )
    assert hints and all(hint.asset_id == request.asset_id for hint in hints)


def test_a_sample_of_rows_passes_model_validation(demo):
    for model in (InterventionRequest, WorkOrder, TimeEntry, CostLine):
        for obj in model.objects.filter(organization__slug__in=SLUGS.values()).order_by("?")[:25]:
            # dates bounded around today were checked around the day they were typed (as an update does)
            obj.full_clean(exclude=moving_bounds(obj))


def test_reset_deletes_the_history(demo):
    organizations = list(Organization.objects.filter(slug__in=SLUGS.values()))
    cleanup.delete_demo()
    for model in (InterventionRequest, WorkOrder, TimeEntry, CostLine, Notification, Counter, Category, BudgetLine):
        assert not model.objects.filter(organization__in=organizations).exists(), model.__name__
    assert not AuditEvent.objects.filter(organization__in=organizations).exists()
    assert not WorkflowSettings.objects.filter(organization__in=organizations).exists()
    assert not cleanup.demo_users().exists()
