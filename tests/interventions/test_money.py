"""Money at town scale: the budget follow-up, figures that drill down to their work orders, totals that agree to
the cent whatever the grouping, closed budget years (`costs_report`, the costs page, `/api/v1/costs/`)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.costs_report import COMMITTED, SPENT, budget_report, cost_report
from regie.interventions.factories import BudgetLineFactory, CostCodeFactory
from regie.interventions.forms import RequestForm
from regie.interventions.models import CostLine, InterventionRequest, TimeEntry, WorkOrder
from regie.interventions.services.settings import update_workflow_settings
from regie.interventions.workflow import RequestState
from regie.people.factories import DepartmentFactory

from .api_support import API, work_order

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _charge(town, wo, amount, kind="material"):
    return services.add_cost_line(
        by=town.manager, work_order=wo, kind=kind, label="Fournitures", date=TODAY, unit_cost=Decimal(amount)
    )


def _hours(town, wo, hours):
    services.record_time(by=town.manager, work_order=wo, agent=town.agent, date=TODAY, hours=Decimal(hours))


def _request(town, line, estimate=None):
    """A request of the school on `line`, approved, with a work order to record costs on."""
    amount = Decimal(estimate) if estimate is not None else None
    request, _created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(budget_line=line, estimated_amount=amount)
    )
    InterventionRequest.objects.filter(pk=request.pk).update(state=RequestState.APPROVED)
    request.refresh_from_db()
    return request, work_order(town, request=request, department=town.school)


def _set_state(request, state):
    InterventionRequest.objects.filter(pk=request.pk).update(state=state)


@pytest.fixture
def budget(town):
    """A line of the school for this year with requests in every situation, and a line of another year."""
    line = BudgetLineFactory(
        organization=town.org, code="615221-ECO", department=town.school, year=TODAY.year, amount=Decimal(10000)
    )
    _approved, wo = _request(town, line, "500.00")
    _charge(town, wo, "120.00")
    _hours(town, wo, "2")  # 71.00 of labour
    under_way, wo = _request(town, line, "100.00")
    _charge(town, wo, "300.25")
    _charge(town, wo, "50.00", kind="contractor")
    mistaken = _charge(town, wo, "999.00")
    services.cancel_cost_line(mistaken, by=town.manager, reason="Saisie en double")
    _hours(town, wo, "1")  # 35.50
    _set_state(under_way, RequestState.IN_PROGRESS)
    closed, wo = _request(town, line, "1000.00")
    _charge(town, wo, "80.10", kind="equipment")
    _hours(town, wo, "3")  # 106.50
    _set_state(closed, RequestState.CLOSED)
    waiting, wo = _request(town, line, "9000.00")
    _charge(town, wo, "5.00")
    _set_state(waiting, RequestState.SUBMITTED)  # not approved: commits nothing
    rejected, _wo = _request(town, line, "700.00")
    _set_state(rejected, RequestState.REJECTED)
    old = BudgetLineFactory(organization=town.org, code="615221-OLD", year=TODAY.year - 1, amount=Decimal(1))
    last_year, _wo = _request(town, None, "50.00")
    InterventionRequest.objects.filter(pk=last_year.pk).update(budget_line=old)  # filed last year
    return line


def _recomputed(line, labour_counts):
    """Committed and spent of `line` from the raw records: each request's cost lines and time entries."""
    committed = spent = Decimal(0)
    for request in InterventionRequest.objects.filter(budget_line=line):
        lines = CostLine.objects.filter(work_order__request=request, archived_at__isnull=True)
        charge = sum((cost.amount for cost in lines), Decimal(0))
        if labour_counts:
            entries = TimeEntry.objects.filter(work_order__request=request, archived_at__isnull=True)
            charge += sum((entry.cost for entry in entries), Decimal(0))
        if request.state in COMMITTED:
            committed += max(request.estimated_amount or Decimal(0), charge)
        elif request.state in SPENT:
            spent += charge
    return committed, spent


@pytest.mark.parametrize(
    ("labour_counts", "committed", "spent"),
    [(False, "850.25", "80.10"), (True, "885.75", "186.60")],
)
def test_the_budget_follow_up_recomputed_from_the_raw_records(
    town, budget, labour_counts, committed, spent, django_assert_num_queries
):
    if labour_counts:
        update_workflow_settings(by=town.admin, organization=town.org, data={"budget_counts_labour": True})
    town.org.__dict__.pop("_workflow_settings", None)
    manager = town.org.memberships.get(user=town.manager)
    with django_assert_num_queries(2):  # the organization's settings, then one grouped query
        report = budget_report(town.org, manager, year=TODAY.year)
    (row,) = report.rows
    assert (row["committed"], row["spent"]) == _recomputed(budget, labour_counts)
    assert (row["committed"], row["spent"]) == (Decimal(committed), Decimal(spent))
    assert row["voted"] == Decimal(10000) and row["remaining"] == Decimal(10000) - row["committed"] - row["spent"]
    assert report.labour_counts is labour_counts and report.totals["remaining"] == row["remaining"]


def test_the_costs_page_and_the_api_show_the_budget_follow_up(town, budget, client_for, api_for, make_member):
    page = client_for(town.manager).get(reverse("interventions:cost-summary")).content.decode()
    row = re.search(rf'data-budget-line="{budget.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "615221-ECO" in row and "850,25" in row and "80,10" in row and "9\xa0069,65" in row
    assert "615221-OLD" not in page  # another year's

    body = api_for(town.manager).get(f"{API}/costs/budget/").json()
    assert body["year"] == TODAY.year and body["labour_counts"] is False
    assert [(r["code"], r["voted"], r["committed"], r["spent"], r["remaining"]) for r in body["rows"]] == [
        ("615221-ECO", "10000.00", "850.25", "80.10", "9069.65")
    ]
    export = client_for(town.manager).get(reverse("interventions:budget-export"))
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Écoles;10000,00;850,25;80,10;9069,65\r\nTotal;;10000,00;850,25;80,10;9069,65" in csv
    assert "615221-ECO" in csv and "615221-OLD" not in csv
    xlsx = client_for(town.manager).get(reverse("interventions:budget-export-xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(town.agent_user).get(reverse("interventions:budget-export")).status_code == 403
    last_year = api_for(town.manager).get(f"{API}/costs/budget/", {"year": TODAY.year - 1}).json()
    assert [r["code"] for r in last_year["rows"]] == ["615221-OLD"]
    other_head = make_member(town.org, Role.DEPARTMENT_HEAD, department=town.works)
    assert api_for(other_head).get(f"{API}/costs/budget/").json()["rows"] == []  # not their department's line
    assert api_for(town.head).get(f"{API}/costs/budget/").json()["rows"][0]["code"] == "615221-ECO"
    assert api_for(town.agent_user).get(f"{API}/costs/budget/").status_code == 403


def test_lines_of_closed_years_are_not_offered_on_new_requests(town, api_for):
    current = BudgetLineFactory(organization=town.org, code="C-NOW", year=TODAY.year)
    undated = BudgetLineFactory(organization=town.org, code="C-ANY", year=None)
    closed = BudgetLineFactory(organization=town.org, code="C-OLD", year=TODAY.year - 1)
    membership = town.org.memberships.get(user=town.requester)
    form = RequestForm(organization=town.org, membership=membership)
    assert set(form.fields["budget_line"].queryset) == {current, undated}

    response = api_for(town.requester).post(
        f"{API}/requests/",
        {**_api_request(town), "budget_line": closed.pk},
        format="json",
    )
    assert response.status_code == 400 and "budget_line" in response.json()["fields"], response.json()
    assert api_for(town.requester).post(
        f"{API}/requests/", {**_api_request(town), "budget_line": current.pk}, format="json"
    ).status_code in (200, 201)

    # a request on a line whose year has closed since keeps it, on its form and when changed otherwise
    kept, _created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(budget_line=current)
    )
    InterventionRequest.objects.filter(pk=kept.pk).update(budget_line=closed)
    kept.refresh_from_db()
    form = RequestForm(instance=kept, organization=town.org, membership=membership)
    assert closed in form.fields["budget_line"].queryset and current in form.fields["budget_line"].queryset
    services.update_request(kept, by=town.requester, data={"title": "Fuite sous l'évier (cuisine)"})
    with pytest.raises(ValidationError) as error:
        services.create_request(by=town.requester, organization=town.org, data=town.request_data(budget_line=closed))
    assert "budget_line" in error.value.message_dict


def _api_request(town):
    return {
        "title": "Fuite sous l'évier",
        "description": "Fuite d'eau dans la cuisine",
        "category": town.category.pk,
        "location": "École Jules-Ferry",
        "priority": town.priorities[2].pk,
    }


# --- totals agree to the cent, and each links to its work orders --------------------------------------------


@pytest.fixture
def half_cents(town):
    """Work orders whose stored costs carry fractions of a cent (as imported rows could on SQLite, which keeps
    any decimal): summed per group then rounded, two groupings of the same work orders gave totals cents apart
    (by cost code 0.01 + 0.01 for the materials, by month 0.01)."""
    code_a = CostCodeFactory(organization=town.org, code="A", name="Fête")
    code_b = CostCodeFactory(organization=town.org, code="B", name="Marché")
    streets = DepartmentFactory(organization=town.org, code="VOI", name="Voirie")
    layout = [(town.works, code_a), (town.works, code_b), (streets, code_a), (streets, code_b)]
    orders = [work_order(town, title=f"Travaux {n}", department=d, cost_code=c) for n, (d, c) in enumerate(layout)]
    with connection.cursor() as cursor:
        for wo in orders:
            cursor.execute(
                "UPDATE interventions_workorder SET material_cost = %s, labour_cost = %s WHERE id = %s",
                [0.003, 1000000.126, wo.pk],
            )
    return orders


def test_totals_agree_to_the_cent_whatever_the_grouping(town, half_cents, django_assert_num_queries):
    manager = town.org.memberships.get(user=town.manager)
    totals = set()
    for group_by in ("department", "cost_code", "category", "team", "month"):
        with django_assert_num_queries(1):  # one grouped query, whatever the grouping
            report = cost_report(town.org, manager, group_by=group_by)
        assert sum((row["total"] for row in report.rows), Decimal(0)) == report.totals["total"]
        totals.add(report.totals["total"])
    # each work order counts once, rounded once: 0.00 + 1,000,000.13 on both databases (PostgreSQL's
    # numeric(12, 2) rounds when it stores, the report when it sums)
    assert totals == {Decimal("4000000.52")}


def _figure(html, attribute):
    return re.search(rf"{attribute}[^>]*>(?:<strong>)?(?:<a [^>]*>)?([^<]+)<", html).group(1)


@pytest.mark.parametrize("group_by", ["department", "cost_code", "month"])
def test_every_figure_of_the_costs_page_drills_down_to_work_orders_that_add_up_to_it(
    town, half_cents, client_for, group_by
):
    cancelled = work_order(town, title="Annulé", department=town.works, cost_code=half_cents[0].cost_code)
    _charge(town, cancelled, "77.00")
    WorkOrder.objects.filter(pk=cancelled.pk).update(state="cancelled")
    client = client_for(town.manager)
    page = client.get(reverse("interventions:cost-summary"), {"group_by": group_by}).content.decode()
    links = re.findall(r'<a href="([^"]+)" data-drill-down>([^<]+)</a>', page)
    assert len(links) == {"department": 2, "cost_code": 2, "month": 1}[group_by] + 1  # the rows and the total
    for href, figure in links:
        listed = client.get(href.replace("&amp;", "&")).content.decode()
        assert "data-ignored-parameters" not in listed
        assert figure in _figure(listed, "data-list-total"), (href, figure)
    assert "4\xa0000\xa0000,52" in links[-1][1]


def test_the_api_figures_link_to_the_work_orders_behind_them(town, half_cents, api_for):
    client = api_for(town.manager)
    body = client.get(f"{API}/costs/summary/", {"group_by": "cost_code"}).json()
    assert body["date_from"] == f"{TODAY.year}-01-01" and body["date_to"] == f"{TODAY.year}-12-31"
    for figures in (*body["rows"], body["totals"]):
        listed = client.get(figures["work_orders_url"]).json()
        ids = [item["id"] for item in listed["results"]]
        assert len(ids) == figures["work_orders"]
        costs = [client.get(f"{API}/work-orders/{pk}/").json()["costs"]["total"] for pk in ids]
        assert sum(Decimal(c) for c in costs) == Decimal(figures["total"]), figures


def test_the_costs_period_defaults_to_the_current_budget_year(town, client_for, api_for):
    this_year, last_year = work_order(town, title="Cette année"), work_order(town, title="L'an dernier")
    _charge(town, this_year, "10.00")
    _charge(town, last_year, "20.00")
    WorkOrder.objects.filter(pk=last_year.pk).update(created_at=timezone.now() - datetime.timedelta(days=366))
    assert api_for(town.manager).get(f"{API}/costs/summary/").json()["totals"]["total"] == "10.00"
    everything = api_for(town.manager).get(f"{API}/costs/summary/", {"date_from": "2000-01-01"}).json()
    assert everything["totals"]["total"] == "30.00"
    page = client_for(town.manager).get(reverse("interventions:cost-summary")).content.decode()
    assert f'value="{TODAY.year}-01-01"' in page and "10,00" in _figure(page, "data-grand-total")


def test_the_costs_page_reads_a_fixed_number_of_queries_whatever_the_rows(town, client_for):
    """One grouped query per figure group: more departments, cost codes and budget lines read no more queries."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    client = client_for(town.manager)

    def queries():
        with CaptureQueriesContext(db) as captured:
            assert client.get(reverse("interventions:cost-summary")).status_code == 200
        return len(captured)

    def add(n):
        department = DepartmentFactory(organization=town.org, code=f"D{n}", name=f"Service {n}")
        _charge(town, work_order(town, title=f"Travaux {n}", department=department), "10.00")
        BudgetLineFactory(organization=town.org, code=f"L{n}", department=department, year=TODAY.year)

    add(1)
    client.get(reverse("interventions:cost-summary"))  # the session and the caches warmed
    few = queries()
    for n in range(2, 7):
        add(n)
    assert queries() == few
