"""Exports of the request and work-order lists: same scope as the page, formula injection, bounded queries."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from regie.core.permissions import Role
from regie.imports.exports import ExportColumn, csv_lines, neutralise
from regie.interventions import services
from tests.interventions.conftest import Town

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(org_a, make_member):
    return Town(org_a, make_member)


def file_request(town, by, **overrides):
    obj, _created = services.create_request(by=by, organization=town.org, data=town.request_data(**overrides))
    return obj


def rows_of(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_formula_starts_are_neutralised(text):
    assert neutralise(text) == "'" + text


def test_csv_quoting_is_rfc_4180():
    lines = "".join(csv_lines([{"a": 'dit "oui"; puis\nnon'}], [ExportColumn("A", lambda r: r["a"])]))
    assert lines == '\ufeffA\r\n"dit ""oui""; puis\nnon"\r\n'


def test_export_response_takes_plain_rows_for_a_summary_page(rf):
    from decimal import Decimal

    from django.utils import translation

    from regie.imports.exports import export_response

    rows = [{"department": {"name": "Écoles"}, "total": Decimal("1234.50")}, {"department": None, "total": 0}]
    columns = [ExportColumn("Service", "department.name"), ExportColumn("Total", "total")]
    with translation.override("fr"):
        response = export_response(rf.get("/"), rows, columns, "Coûts", "csv")
    body = rows_of(response)  # streamed after the view: still in the request's language
    assert response["Content-Disposition"].startswith('attachment; filename="couts-')
    assert body == [["Service", "Total"], ["Écoles", "1234,50"], ["", "0"]]


def test_request_list_csv_neutralises_formulas(town, client_for):
    file_request(town, town.requester, title="=cmd|' /C calc'!A0")
    response = client_for(town.manager).get(reverse("interventions:request-list"), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="demandes-dintervention-')
    header, row = rows_of(response)
    assert header[:2] == ["Numéro", "Demande"]
    assert row[1] == "'=cmd|' /C calc'!A0"


def test_export_has_the_scope_of_the_page_for_a_department_scoped_role(town, client_for, make_member):
    from regie.people.factories import DepartmentFactory

    mine = file_request(town, town.requester, title="Fuite école")
    other_department = DepartmentFactory(organization=town.org, name="Sports", code="SPO")
    sports = make_member(town.org, Role.REQUESTER, department=other_department)
    file_request(town, sports, title="Vestiaire du stade")
    client = client_for(town.head)  # head of the schools' department
    page = client.get(reverse("interventions:request-list"))
    assert "Fuite école" in page.content.decode() and "Vestiaire" not in page.content.decode()
    rows = rows_of(client.get(reverse("interventions:request-list"), {"export": "csv"}))
    assert [r[0] for r in rows[1:]] == [mine.number]
    everything = rows_of(client_for(town.manager).get(reverse("interventions:request-list"), {"export": "csv"}))
    assert len(everything) == 3


def test_export_keeps_the_filters_and_the_page_offers_the_links(town, client_for):
    file_request(town, town.requester, title="Fuite école")
    file_request(town, town.requester, title="Porte cassée")
    client = client_for(town.manager)
    page = client.get(reverse("interventions:request-list"), {"q": "porte"}).content.decode()
    assert "?q=porte&amp;export=csv" in page and "?q=porte&amp;export=xlsx" in page
    rows = rows_of(client.get(reverse("interventions:request-list"), {"q": "porte", "export": "csv"}))
    assert [r[1] for r in rows[1:]] == ["Porte cassée"]
    partial = client.get(reverse("interventions:request-list"), {"q": "fuite"}, headers={"HX-Request": "true"})
    assert 'id="export-links" class="export-links" hx-swap-oob="true"' in partial.content.decode()
    assert "?q=fuite&amp;export=csv" in partial.content.decode()


def test_work_order_list_xlsx(town, client_for):
    from regie.interventions.services import create_work_order

    create_work_order(
        by=town.manager,
        organization=town.org,
        data={"title": "@Réparer la fuite", "category": town.category, "priority": town.priorities[1]},
    )
    response = client_for(town.manager).get(reverse("interventions:workorder-list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Numéro", "Intervention")
    assert rows[1][1] == "'@Réparer la fuite"


def test_export_query_count_does_not_grow_with_the_rows(town, client_for, django_assert_max_num_queries):
    client = client_for(town.manager)
    file_request(town, town.requester)
    url = reverse("interventions:request-list")

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            rows_of(client.get(url, {"export": "csv"}))
        return len(captured)

    few = queries()
    for n in range(15):
        file_request(town, town.requester, title=f"Demande {n}", location=f"Lieu {n}")
    assert queries() == few
    with django_assert_max_num_queries(12):
        rows_of(client.get(url, {"export": "csv"}))


def test_a_role_the_list_refuses_cannot_export(town, client_for):
    response = client_for(town.requester).get(reverse("interventions:workorder-list"), {"export": "csv"})
    assert response.status_code == 403
