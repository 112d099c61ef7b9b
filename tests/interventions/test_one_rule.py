"""One rule each, decided once: who sees money, what "overdue" means, who may edit a request.

Each test asks the HTML page, the API and the export (or the home queue) as the same person, for every role of
`core.permissions.Role`, and expects the same figures — or nothing for all of them.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from regie.core.api import record_viewset
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions.costs_report import FIGURES
from regie.interventions.models import InterventionRequest, WorkOrder
from regie.people import services as people_services
from regie.people.factories import ContractorFactory, SkillFactory
from regie.people.models import Skill

from .api_support import API, approved, work_order

pytestmark = pytest.mark.django_db

# Who sees money, said once more by hand (the test must not ask the rule it checks):
# "all", "own" (their department's only) or None.
MONEY = {
    Role.REQUESTER: None,
    Role.DEPARTMENT_HEAD: "own",
    Role.MANAGER: "all",
    Role.AGENT: None,
    Role.STOREKEEPER: None,
    Role.FLEET_MANAGER: None,
    Role.CONTRACTOR: None,
    Role.ELECTED: "all",
    Role.ADMIN: "all",
}


# Who sees per-agent pay rates (skills', agents' rates, a time entry's rate and cost): money, minus the elected
# officials, who read costs, not pay (issue 14).
PAY_RATES = {role: scope for role, scope in MONEY.items() if role != Role.ELECTED} | {Role.ELECTED: None}


def test_the_table_names_every_role():
    assert set(MONEY) == set(Role) == set(PAY_RATES)


def member(town, role):
    """A member of the town with `role` (a department head and a requester of the schools)."""
    if role == Role.CONTRACTOR:
        town.company = getattr(town, "company", None) or ContractorFactory(organization=town.org)
        return town.make_member(town.org, role, contractor=town.company)
    if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD):
        return town.make_member(town.org, role, department=town.school)
    return town.make_member(town.org, role)


@pytest.fixture
def costs(town, make_member):
    """Work charged to two departments: the schools (100 € + 2 h) and the buildings (900 €)."""
    town.make_member = make_member
    today = timezone.localdate()
    school = work_order(town, title="Robinet de l'école", department=town.school, agents=[town.agent])
    works = work_order(town, title="Toiture", department=town.works)
    services.add_cost_line(
        by=town.manager, work_order=school, kind="material", label="Robinet", date=today, unit_cost=Decimal(100)
    )
    services.record_time(by=town.manager, work_order=school, agent=town.agent, date=today, hours=Decimal(2))
    services.add_cost_line(
        by=town.manager, work_order=works, kind="contractor", label="Couvreur", date=today, unit_cost=Decimal(900)
    )
    return {"school": school, "works": works}


def figures(values):
    return tuple(Decimal(str(values[name])) for name in FIGURES)


def from_page(client):
    response = client.get(reverse("interventions:cost-summary"))
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    report = response.context["report"]
    return {row["department_id"]: figures(row) for row in report.rows}, figures(report.totals)


def from_api(client):
    response = client.get(f"{API}/costs/summary/")
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    body = response.json()
    return {row["id"]: figures(row) for row in body["rows"]}, figures(body["totals"])


def from_csv(client, labels):
    response = client.get(reverse("interventions:cost-export"))
    if response.status_code == 403:
        return None
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    lines = [[row[0], *(cell.replace(",", ".") for cell in row[1:])] for row in lines]  # French decimals
    assert len(header) == 1 + len(FIGURES)
    *rows, total = lines
    return {labels[row[0]]: figures(dict(zip(FIGURES, row[1:], strict=True))) for row in rows}, figures(
        dict(zip(FIGURES, total[1:], strict=True))
    )


@pytest.mark.parametrize("role", list(Role))
def test_the_costs_page_its_csv_and_the_api_give_each_role_the_same_figures(town, costs, role, client_for, api_for):
    user = member(town, role)
    labels = {town.school.name: town.school.pk, town.works.name: town.works.pk}
    page, api, export = from_page(client_for(user)), from_api(api_for(user)), from_csv(client_for(user), labels)
    assert page == api == export, role
    scope = MONEY[role]
    if scope is None:
        assert page is None, f"{role} must not see the costs"
        return
    rows, totals = page
    expected = {town.school.pk, town.works.pk} if scope == "all" else {town.school.pk}
    assert set(rows) == expected, role
    assert totals == tuple(map(sum, zip(*rows.values(), strict=True)))
    school_total = Decimal(100) + 2 * Decimal("35.50")
    assert rows[town.school.pk][-1] == school_total
    assert totals[-1] == (school_total + 900 if scope == "all" else school_total)


def test_a_department_filter_narrows_a_department_heads_report_never_widens_it(town, costs, api_for):
    head = api_for(town.head)
    other = head.get(f"{API}/costs/summary/", {"department": town.works.pk}).json()
    assert other["rows"] == [] and other["totals"]["total"] == "0.00"


def test_the_csv_keeps_the_pages_filters_and_link(town, costs, client_for):
    client = client_for(town.manager)
    page = client.get(reverse("interventions:cost-summary"), {"group_by": "team"}).content.decode()
    assert f'href="{reverse("interventions:cost-export")}?group_by=team"' in page
    response = client.get(reverse("interventions:cost-export"), {"group_by": "team"})
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert header[0] == "Équipe"
    assert "costs-team-" in response["Content-Disposition"]
    bad = client.get(reverse("interventions:cost-export"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert bad.status_code == 400


# --- money on a request's and a work order's page ----------------------------------------------------------


def shows_money(role, record, town):
    scope = MONEY[role]
    return scope == "all" or (scope == "own" and record.department_id == town.school.pk)


@pytest.mark.parametrize("role", list(Role))
def test_detail_pages_and_api_show_money_to_the_same_people(town, costs, role, client_for, api_for):
    """The request page, the work order page and their API answers: the amounts shown iff the one rule says so."""
    user = member(town, role)
    request = approved(town)
    for_request = work_order(town, request=request, department=town.school, agents=[town.agent])
    services.record_time(
        by=town.manager, work_order=for_request, agent=town.agent, date=timezone.localdate(), hours=Decimal(2)
    )  # 2 h: the work order's labour (71 €, money) is not the agent's rate (35.50 €, a pay rate)
    records = [
        ("request", request, reverse("interventions:request-detail", args=[request.pk]), f"{API}/requests/"),
        *[
            ("workorder", wo, reverse("interventions:workorder-detail", args=[wo.pk]), f"{API}/work-orders/")
            for wo in (costs["school"], costs["works"], for_request)
        ],
    ]
    web, api = client_for(user), api_for(user)
    for kind, record, url, api_list in records:
        page, answer = web.get(url), api.get(f"{api_list}{record.pk}/")
        if page.status_code != 200:
            assert page.status_code in (403, 404) and answer.status_code in (403, 404), (role, kind)
            continue
        assert answer.status_code == 200, (role, kind)
        record.refresh_from_db()
        expected = shows_money(role, record, town)
        amount = f"{record.total_cost:.2f}".replace(".", ",")
        assert page.context["show_money"] is expected, (role, kind)
        assert (amount in page.content.decode()) is expected, (role, kind, amount)
        assert (answer.json()["costs"] is not None) is expected, (role, kind)
        if kind == "workorder":
            entries = api.get(f"{api_list}{record.pk}/time-entries/").json()["results"]
            lines = api.get(f"{api_list}{record.pk}/cost-lines/").json()["results"]
            pay = expected and PAY_RATES[role] is not None  # a time entry's rate and cost are pay rates
            assert all((e["cost"] is not None) is pay for e in entries), (role, kind)
            assert all((e["hourly_rate"] is not None) is pay for e in entries), (role, kind)
            assert page.context["show_pay_rates"] is pay, (role, kind)
            if entries:
                assert ("35,50" in page.content.decode()) is pay, (role, kind)  # the agent's rate, anywhere
            assert all((line["amount"] is not None) is expected for line in lines), (role, kind)
        else:
            timeline = api.get(f"{api_list}{record.pk}/timeline/").json()["results"]
            times = [e["changes"]["time"] for e in timeline if "time" in (e["changes"] or {})]
            pay = expected and PAY_RATES[role] is not None
            assert times and all(("cost" in (t[1] or {})) is pay for t in times), (role, kind)


@pytest.mark.parametrize("role", list(Role))
def test_pay_rates_follow_the_same_rule(town, role, make_member, client_for, api_for):
    town.make_member = make_member
    user = member(town, role)
    expected = PAY_RATES[role] is not None
    for resource, record in (("skills", town.plumbing), ("agents", town.agent)):
        answer = api_for(user).get(f"{API}/{resource}/{record.pk}/")
        page = client_for(user).get(reverse(f"people:{record._meta.model_name}-detail", args=[record.pk]))
        if answer.status_code == 403:
            assert page.status_code == 403, (role, resource)
            continue
        assert (answer.json()["hourly_rate"] is not None) is expected, (role, resource)
        labels = [str(label) for label, _value in page.context["rows"]]
        rate = str(record._meta.get_field("hourly_rate").verbose_name)
        assert (rate in labels) is expected, (role, resource, labels)


@pytest.mark.parametrize("role", list(Role))
def test_ordering_by_a_pay_rate_follows_the_same_rule(town, role, make_member, client_for, api_for):
    """The order of the rows would tell the rates: the API and the list page order skills by rate for whom sees
    the rates only; for the others the term is ignored, as an unknown field is (the list keeps its order)."""
    town.make_member = make_member
    user = member(town, role)
    for name, rate in (("Electricite", "44.00"), ("Maconnerie", "36.00"), ("Peinture", "38.00")):  # Plomberie: 40
        SkillFactory(organization=town.org, name=name, code=name[:4].upper(), hourly_rate=rate)
    by_rate = ["Maconnerie", "Peinture", "Plomberie", "Electricite"]
    by_name = sorted(by_rate)
    api = api_for(user)

    def names(ordering=None):
        answer = api.get(f"{API}/skills/", {"ordering": ordering} if ordering else {})
        return answer.status_code, [row["name"] for row in answer.json().get("results", [])]

    def page_names(sort):
        page = client_for(user).get(reverse("people:skill-list"), {"sort": sort})
        return page.status_code, [skill.name for skill in page.context["page"].rows] if page.status_code == 200 else []

    if names()[0] == 403:
        assert page_names("hourly_rate")[0] == 403, role
        return
    sees = PAY_RATES[role] is not None
    assert names() == (200, by_name), role
    assert names("hourly_rate") == (200, by_rate if sees else by_name), role
    assert names("-hourly_rate") == (200, by_rate[::-1] if sees else by_name), role
    assert names("-hourly_rate,-name") == (200, by_rate[::-1] if sees else by_name[::-1]), role  # term by term
    assert page_names("hourly_rate") == (200, by_rate if sees else by_name), role
    assert page_names("-hourly_rate") == (200, by_rate[::-1] if sees else by_name), role


def test_a_filter_or_a_default_order_cannot_read_money():
    """Both apply to every caller, whether they may see money or not: a viewset that would do it is refused."""

    def skills(**options):
        fields = ["code", "name", "hourly_rate"]
        services = (people_services.create_skill, people_services.update_skill)
        return record_viewset(Skill, "skill", fields, *services, money_fields=["hourly_rate"], **options)

    assert skills(filters=["code"], ordering=["name", "hourly_rate"]).money_fields == ("hourly_rate",)
    with pytest.raises(ImproperlyConfigured, match="hourly_rate cannot be a filter"):
        skills(filters=["hourly_rate"])
    with pytest.raises(ImproperlyConfigured, match="hourly_rate cannot be a default ordering"):
        skills(ordering=["-hourly_rate", "name"])


# --- overdue ------------------------------------------------------------------------------------------------


@pytest.fixture
def around_now(town):
    """Requests and work orders due just before, at, just after a moment (an hour from now, so that the real clock
    does not cross it during the test), without a date, and ended ones."""
    now = timezone.now() + datetime.timedelta(hours=1)
    second = datetime.timedelta(seconds=1)
    dues = [now - datetime.timedelta(days=3), now - second, now, now + second, None]
    requests, work = [], []
    for n, due in enumerate(dues):
        for state in ("submitted", "in_progress", "done", "cancelled"):
            obj = approved(town, title=f"Demande {n} {state}")
            InterventionRequest.objects.filter(pk=obj.pk).update(state=state, resolution_due_at=due)
            requests.append(obj.pk)
        for state in ("to_plan", "in_progress", "done", "cancelled"):
            wo = work_order(town, title=f"Bon {n} {state}")
            start = due - datetime.timedelta(hours=2) if due else None
            WorkOrder.objects.filter(pk=wo.pk).update(state=state, planned_start=start, planned_end=due)
            work.append(wo.pk)
    return now, requests, work


def test_overdue_filter_and_property_agree_around_the_boundary(town, around_now):
    now, requests, work = around_now
    for model, pks in ((InterventionRequest, requests), (WorkOrder, work)):
        rows = list(model.objects.filter(pk__in=pks))
        by_filter = set(model.objects.filter(pk__in=pks).overdue(now).values_list("pk", flat=True))
        by_property = {row.pk for row in rows if model.OVERDUE.of(row, now)}
        assert by_filter == by_property and len(by_filter) == 4, model  # 2 past dues × 2 open states
        later = now + datetime.timedelta(seconds=2)
        assert set(model.objects.filter(pk__in=pks).overdue(later).values_list("pk", flat=True)) == {
            row.pk for row in rows if model.OVERDUE.of(row, later)
        }


def test_overdue_counts_agree_on_the_home_page_the_lists_and_the_api(town, around_now, client_for, api_for):
    queue = {line.key: line for line in client_for(town.manager).get("/").context["queue"]}
    api = api_for(town.manager)
    for key, api_list, html_list in (
        ("overdue_requests", f"{API}/requests/", "interventions:request-list"),
        ("overdue_work_orders", f"{API}/work-orders/", "interventions:workorder-list"),
    ):
        filtered = api.get(api_list, {"overdue": "on", "page_size": 200}).json()
        everything = api.get(api_list, {"page_size": 200}).json()["results"]
        flagged = sum(row["is_overdue"] for row in everything)
        page = client_for(town.manager).get(reverse(html_list), {"overdue": "on"})
        badges = page.content.decode().count('class="overdue"')
        assert queue[key].count == filtered["count"] == flagged == page.context["page"].count == badges == 2, key
        assert all(row["is_overdue"] for row in filtered["results"])


# --- may edit a request -------------------------------------------------------------------------------------

STATES = ["draft", "submitted", "validated", "approved", "in_progress", "done", "closed", "rejected", "cancelled"]


@pytest.mark.parametrize("role", list(Role))
def test_may_edit_a_request_one_rule_for_button_page_api_and_service(town, role, make_member, client_for, api_for):
    town.make_member = make_member
    user = member(town, role)
    own, _created = services.create_request(
        by=town.requester, organization=town.org, data=town.request_data(), submit=False
    )
    mine = None
    if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD, Role.MANAGER, Role.AGENT, Role.ADMIN):
        mine, _created = services.create_request(by=user, organization=town.org, data=town.request_data(), submit=False)
    web, api = client_for(user), api_for(user)
    for state in STATES:
        for obj in filter(None, (own, mine)):
            InterventionRequest.objects.filter(pk=obj.pk).update(state=state)
            obj.refresh_from_db()
            detail = web.get(reverse("interventions:request-detail", args=[obj.pk]))
            if detail.status_code != 200:
                assert detail.status_code in (403, 404)
                continue
            ended = state in ("done", "closed", "rejected", "cancelled")
            managers = role in (Role.MANAGER, Role.ADMIN)
            expected = not ended and (managers or (obj.requester_id == user.pk and state in ("draft", "submitted")))
            assert detail.context["can_edit"] is expected, (role, state)
            assert api.get(f"{API}/requests/{obj.pk}/").json()["can_edit"] is expected, (role, state)
            edit = web.get(reverse("interventions:request-update", args=[obj.pk]))
            assert (edit.status_code == 200) is expected, (role, state)
            patched = api.patch(f"{API}/requests/{obj.pk}/", {"title": f"Titre {state}"}, format="json")
            assert (patched.status_code == 200) is expected, (role, state, patched.json())
            if not expected:
                assert patched.status_code in (403, 409), (role, state)


def test_the_costs_spreadsheet_has_the_same_rows_as_the_page(town, costs, client_for):
    from openpyxl import load_workbook

    client = client_for(town.manager)
    page = client.get(reverse("interventions:cost-summary"))
    response = client.get(reverse("interventions:cost-export-xlsx"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(page.context["rows"]) + 1  # header, the page's rows, the total
    assert Decimal(str(rows[-1][-1])) == page.context["totals"]["total"]
