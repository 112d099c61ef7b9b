"""A town with a known history over last month and the month before, for the dashboards' tests.

Every moment is fixed in the organization's time zone (Europe/Paris) so that the figures can be recomputed by hand
from the raw records: requests received, approved, rejected and closed on given days, work orders of each kind with
costs, ratings, an overdue request and work order, a team led by an agent.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.analytics.period import preset
from regie.core.permissions import Role
from regie.interventions.models import InterventionRequest, WorkOrder
from regie.people.models import Team
from tests.interventions.api_support import file, work_order
from tests.interventions.conftest import Town

HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)


@pytest.fixture
def town(org_a, make_member):
    return Town(org_a, make_member)


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class History:
    def __init__(self, town):
        self.town = town
        self.month = preset("last_month")
        self.before = self.month.previous()
        self.requests = []
        self.work_orders = []
        first, previous_first = self.month.start, self.before.start
        # (submitted, approved after, closed after, state, rating, due after, channel)
        specs = [
            (at(first, 9), 2 * HOUR, 5 * HOUR, "closed", 5, DAY, "web"),  # same day, on time
            (at(first + DAY, 10), DAY, 3 * DAY, "closed", 4, 2 * DAY, "phone"),  # late
            (at(first + 2 * DAY, 8), 3 * HOUR, 10 * DAY, "closed", 2, 20 * DAY, "web"),  # on time
            (at(first + 3 * DAY, 23), None, 2 * HOUR, "closed_without_work", None, None, "email"),  # next day
            (at(first + 4 * DAY, 14), None, None, "rejected", None, None, "web"),
            (at(first + 5 * DAY, 9), HOUR, None, "approved", None, DAY, "portal"),  # open, overdue now
            (at(previous_first + DAY, 9), HOUR, 2 * DAY, "closed", 3, 5 * DAY, "web"),  # the month before
            (at(previous_first + 2 * DAY, 9), None, None, "rejected", None, None, "phone"),
        ]
        for submitted, approved_after, closed_after, state, rating, due_after, channel in specs:
            obj = file(town, department=town.school)
            closed = submitted + closed_after if closed_after else None
            InterventionRequest.objects.filter(pk=obj.pk).update(
                state=state,
                channel=channel,
                submitted_at=submitted,
                responded_at=submitted + (approved_after or HOUR),
                approved_at=submitted + approved_after if approved_after else None,
                closed_at=closed,
                satisfaction=rating,
                resolution_due_at=submitted + due_after if due_after else None,
            )
            self.requests.append(InterventionRequest.objects.get(pk=obj.pk))
        # work orders of last month: (kind, execution, state, completed after, planned length, first visit, cost)
        self.agent_team = town.team
        Team.objects.filter(pk=town.team.pk).update(leader=town.agent)
        contractor = services_contractor(town)
        wo_specs = [
            ("corrective", "in_house", "closed", 2 * HOUR, 4 * HOUR, True, "120.50"),
            ("corrective", "in_house", "done", 30 * HOUR, 8 * HOUR, False, "80.00"),
            ("preventive", "in_house", "closed", 3 * HOUR, 4 * HOUR, True, "45.25"),
            ("urgent", "contractor", "closed", 5 * HOUR, 2 * HOUR, None, "900.00"),
            ("corrective", "in_house", "planned", None, 3 * HOUR, None, "0"),  # overdue now
            ("corrective", "in_house", "cancelled", None, None, None, "500.00"),  # left out
        ]
        for index, (kind, execution, state, completed_after, length, first_visit, cost) in enumerate(wo_specs):
            created = at(first + index * DAY, 7)
            wo = work_order(
                town,
                title=f"Travaux {index}",
                department=town.works,
                team=town.team if execution == "in_house" else None,
                execution=execution,
                contractor=contractor if execution == "contractor" else None,
            )
            WorkOrder.objects.filter(pk=wo.pk).update(
                kind=kind,
                state=state,
                created_at=created,
                planned_start=created + HOUR if length else None,
                planned_end=created + HOUR + length if length else None,
                completed_at=created + completed_after if completed_after else None,
                closed_at=created + completed_after + HOUR if state == "closed" else None,
                first_visit_fix=first_visit,
                material_cost=Decimal(cost),
                hours=Decimal("2.50") if execution == "in_house" else Decimal(0),
            )
            self.work_orders.append(WorkOrder.objects.get(pk=wo.pk))
        # one of the month before, to compare with
        wo = work_order(town, title="Avant", department=town.works, team=town.team)
        WorkOrder.objects.filter(pk=wo.pk).update(
            created_at=at(previous_first, 7), material_cost=Decimal("10.00"), state="closed"
        )
        self.elected = town_member(town, Role.ELECTED)

    def members(self):
        """(user, role's dashboard) of each role that has one."""
        return [
            (self.town.manager, "director"),
            (self.town.head, "department"),
            (self.town.agent_user, "team"),
            (self.elected, "elected"),
        ]


def services_contractor(town):
    from regie.people.factories import ContractorFactory

    return ContractorFactory(organization=town.org, name="Élec Services")


def town_member(town, role):
    from regie.core.factories import MembershipFactory, UserFactory

    return MembershipFactory(organization=town.org, role=role, user=UserFactory()).user


@pytest.fixture
def history(town):
    return History(town)


@pytest.fixture
def bad_scopes(org_b):
    """Dashboard queries the page and the API both refuse: bad periods, another organization's department, a
    malformed id, an unknown filter."""
    from regie.people.factories import DepartmentFactory

    other = DepartmentFactory(organization=org_b)
    return [
        {"date_from": "2026-05-01", "date_to": "2026-04-01"},
        {"date_from": "1900-01-01", "date_to": "2026-01-01"},
        {"date_from": "2010-01-01", "date_to": "2026-01-01"},
        {"date_from": "not-a-date"},
        {"period": "forever"},
        {"department": other.pk},
        {"department": "abc"},
        {"colour": "blue"},
    ]
