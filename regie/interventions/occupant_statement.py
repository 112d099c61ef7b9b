"""The cost statement of an occupant (an association, a school): what the work done in the premises it occupies cost
over a year — the figure towns give associations to justify a subsidy.

Each occupancy of the year is one line: its premises (the occupancy's asset and everything inside it), the part of
the year it covers (from its start, or 1 January, to its end, or 31 December), the costs of the premises' work
orders dated in that period (`asset_costs.period_costs`: time entries and cost lines), and the occupant's part, by
its share of the floor area. Each time entry and cost line counts on its own date, as on the asset page
(`asset_costs`): work from 20 December to 10 January is shared between two years' statements. Each charged
figure is rounded to the cent on its own; the statement's totals add the lines. Who may read it: `cost.view` and
`occupant.view` (a department head, the work charged to their department: `money_scope`, the costs report's
predicate).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from regie.assets.models import Occupancy
from regie.core.permissions import membership_can, money_scope

from .asset_costs import FIGURES, period_costs

CENT = Decimal("0.01")


@dataclass
class StatementLine:
    occupancy: Occupancy
    period_from: datetime.date
    period_to: datetime.date
    share: Decimal  # percent of the floor area
    costs: dict  # FIGURES of the premises over the period
    charged: dict  # FIGURES × share

    @property
    def asset(self):
        return self.occupancy.asset


@dataclass
class OccupantStatement:
    occupant: object
    year: int
    lines: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)  # the charged FIGURES over every line


def may_read_statements(membership):
    return membership_can(membership, "cost.view") and membership_can(membership, "occupant.view")


def occupancies_in_year(organization, occupant, year):
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Occupancy.objects.owned_by(organization)
        .active()
        .filter(occupant=occupant, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("asset", "asset__asset_type")
        .order_by("asset__sort_name", "starts_on", "pk")
    )


def charged(costs, share):
    return {name: (costs[name] * share / 100).quantize(CENT, rounding=ROUND_HALF_UP) for name in FIGURES}


def occupant_statement(organization, membership, occupant, year):
    """The statement of `occupant` for `year`; PermissionDenied for whom may not read statements."""
    scope = money_scope(membership)
    if scope is None or not may_read_statements(membership):
        raise PermissionDenied
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    lines = []
    for occupancy in occupancies_in_year(organization, occupant, year):
        period_from = max(first, occupancy.starts_on)
        period_to = min(last, occupancy.ends_on or last)
        costs = period_costs(organization, scope, occupancy.asset, period_from, period_to)
        lines.append(
            StatementLine(
                occupancy=occupancy,
                period_from=period_from,
                period_to=period_to,
                share=occupancy.floor_share,
                costs=costs,
                charged=charged(costs, occupancy.floor_share),
            )
        )
    totals = {name: sum((line.charged[name] for line in lines), Decimal("0.00")) for name in FIGURES}
    return OccupantStatement(occupant=occupant, year=year, lines=lines, totals=totals)
