"""The cost statement of an occupant, recomputed from the raw cost lines by their own dates: premises shared at
40 % / 60 %, an occupancy ending mid-year, work spanning New Year and the occupancy's end; the page, its exports and
who may read it."""

import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest

from regie.assets.factories import AssetFactory, AssetTypeFactory, OccupancyFactory, OccupantFactory
from regie.assets.models import AssetKind, Occupant
from regie.core.models import Membership
from regie.interventions.models import CostLine, TimeEntry
from regie.interventions.occupant_statement import occupant_statement

from .test_asset_costs import costed, record_costs

pytestmark = pytest.mark.django_db
YEAR = 2026
D = datetime.date


@pytest.fixture
def premises(town):
    building = AssetTypeFactory(organization=town.org, code="BAT", kind=AssetKind.BUILDING)
    room = AssetTypeFactory(organization=town.org, code="SAL", kind=AssetKind.SPACE)
    hall = AssetFactory(organization=town.org, asset_type=building, code="MDA", name="Maison des associations")
    stage = AssetFactory(organization=town.org, asset_type=room, parent=hall, code="MDA-SC", name="Scène")
    club = AssetFactory(organization=town.org, asset_type=building, code="CLUB", name="Club-house")
    judo = OccupantFactory(organization=town.org, name="Judo-club", kind=Occupant.Kind.ASSOCIATION)
    theatre = OccupantFactory(organization=town.org, name="Théâtre des Quais", kind=Occupant.Kind.ASSOCIATION)
    # the hall shared: 40 % judo, 60 % theatre, all year; the club-house: judo until 30 June
    OccupancyFactory(asset=hall, occupant=judo, starts_on=D(2020, 9, 1), floor_share=Decimal(40))
    OccupancyFactory(asset=hall, occupant=theatre, starts_on=D(2021, 1, 1), floor_share=Decimal(60))
    OccupancyFactory(asset=club, occupant=judo, starts_on=D(2019, 1, 1), ends_on=D(YEAR, 6, 30))
    return {"hall": hall, "stage": stage, "club": club, "judo": judo, "theatre": theatre}


@pytest.fixture
def work(town, premises):
    costed(town, premises["hall"], D(YEAR, 2, 3), material="333.33", hours="3")
    costed(town, premises["stage"], D(YEAR, 7, 14), contractor="1250.00", equipment="80.10")
    # started last December: December's materials are not in this statement, January's invoice is
    new_year = costed(town, premises["hall"], D(YEAR - 1, 12, 20), material="999")
    record_costs(town, new_year, D(YEAR, 1, 8), contractor="250")
    costed(town, premises["club"], D(YEAR, 3, 1), contractor="400")  # while judo was there
    costed(town, premises["club"], D(YEAR, 8, 1), contractor="700")  # after judo left
    # started while judo was there, finished after: only the invoice of 28 June is judo's
    moving_out = costed(town, premises["club"], D(YEAR, 6, 25), on=D(YEAR, 6, 28), contractor="150")
    record_costs(town, moving_out, D(YEAR, 7, 3), material="60")


def membership(user, org):
    return Membership.objects.get(user=user, organization=org)


def raw_cost(assets, start, end):
    """What the statement should find, from the raw lines: the active lines and entries of the non-cancelled work
    orders on `assets` dated in [start, end]."""
    total = Decimal(0)
    for model, amount in ((CostLine, "amount"), (TimeEntry, "cost")):
        rows = model.objects.filter(work_order__asset__in=assets, archived_at__isnull=True)
        for row in rows.exclude(work_order__state="cancelled"):
            if start <= row.date <= end:
                total += getattr(row, amount)
    return total


def share(amount, percent):
    return (amount * Decimal(percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_statement_recomputed_from_raw_cost_lines(town, premises, work):
    statement = occupant_statement(town.org, membership(town.manager, town.org), premises["judo"], YEAR)
    by_premises = {line.asset.code: line for line in statement.lines}
    assert set(by_premises) == {"MDA", "CLUB"}
    hall = by_premises["MDA"]
    hall_cost = raw_cost([premises["hall"], premises["stage"]], D(YEAR, 1, 1), D(YEAR, 12, 31))
    assert hall.costs["total"] == hall_cost == Decimal("333.33") + Decimal("106.50") + Decimal("1330.10") + 250
    assert hall.charged["total"] == share(hall_cost, 40)
    club = by_premises["CLUB"]
    assert (club.period_from, club.period_to) == (D(YEAR, 1, 1), D(YEAR, 6, 30))
    assert club.charged["total"] == raw_cost([premises["club"]], D(YEAR, 1, 1), D(YEAR, 6, 30)) == Decimal("550.00")
    assert statement.totals["total"] == share(hall_cost, 40) + Decimal("550.00")
    theatre = occupant_statement(town.org, membership(town.manager, town.org), premises["theatre"], YEAR)
    assert [line.charged["total"] for line in theatre.lines] == [share(hall_cost, 60)]
    # the two shares of the hall make its whole cost, give or take the rounding of each
    assert abs(hall.charged["total"] + theatre.lines[0].charged["total"] - hall_cost) <= Decimal("0.01")
    # the work started last December: its December materials are in last year's statement
    last_year = occupant_statement(town.org, membership(town.manager, town.org), premises["judo"], YEAR - 1)
    assert {line.asset.code: line.costs["total"] for line in last_year.lines} == {
        "MDA": Decimal("999.00"),
        "CLUB": Decimal("0.00"),
    }


def test_the_page_prints_and_exports_the_same_figures(town, premises, work, client_for):
    client = client_for(town.manager)
    url = f"/interventions/costs/occupants/{premises['judo'].pk}/"
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    statement = occupant_statement(town.org, membership(town.manager, town.org), premises["judo"], YEAR)
    assert "Maison des associations" in html and "Club-house" in html and "print.css" in html
    answer = client.get(f"{url}export.csv", {"year": YEAR})
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[-1][0] == "Total"
    assert Decimal(rows[-1][-1].replace(",", ".")) == statement.totals["total"]
    assert client.get(f"{url}export.xlsx", {"year": YEAR}).status_code == 200
    assert client.get(url, {"year": "abc"}).status_code == 400


def test_who_may_read_a_statement(town, premises, org_b, make_member, client_for):
    from regie.core.permissions import Role

    url = f"/interventions/costs/occupants/{premises['judo'].pk}/"
    assert client_for(town.requester).get(url).status_code == 403
    assert client_for(town.agent_user).get(url).status_code == 403
    assert client_for(town.admin).get(url).status_code == 200
    outsider = make_member(org_b, Role.MANAGER)
    assert client_for(outsider).get(url).status_code == 404  # another organization's occupant
