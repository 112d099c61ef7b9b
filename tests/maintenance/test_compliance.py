"""The compliance predicate and its indicators; page, API and export give the same rows; the map layer; the
alerts before due dates (once per due date)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core.permissions import Role
from regie.maintenance import compliance
from regie.maintenance import inspection_services as services
from regie.maintenance.inspection_factories import building
from regie.maintenance.models import InspectionObligation
from regie.notifications.models import Notification

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
S = compliance.ComplianceStatus


def record(site, code, days_ago, outcome="compliant", asset=None):
    data = site.data(code, inspected_on=TODAY - datetime.timedelta(days=days_ago), outcome=outcome)
    if asset is not None:
        data["asset"] = asset
    return services.record_inspection(by=site.manager, organization=site.org, data=data)


@pytest.fixture
def statuses(site):
    """The school: electricity up to date, emergency lighting due soon, SSI overdue, smoke extraction with open
    observations; everything else never inspected (overdue)."""
    record(site, "ERP-ELEC", 10)
    record(site, "ERP-ECL", 350)  # due in 15 days: inside its 30-day window
    record(site, "ERP-SSI", 400)
    inspection = record(site, "ERP-DF", 20, outcome="non_compliant")
    services.add_observation(inspection, by=site.manager, text="Volet bloqué", severity="major")
    return site


def status_by_type(site, asset):
    rows = compliance.obligations(site.org).filter(asset=asset)
    return {row.inspection_type.code: row.status for row in rows}


def test_the_predicate(statuses):
    found = status_by_type(statuses, statuses.school)
    assert found["ERP-ELEC"] == S.UP_TO_DATE
    assert found["ERP-ECL"] == S.DUE_SOON
    assert found["ERP-SSI"] == S.OVERDUE
    assert found["ERP-DF"] == S.OPEN_OBSERVATIONS
    assert found["ERP-GAZ"] == S.OVERDUE  # never inspected


def test_status_filters_partition_the_rows(statuses):
    today = services.organization_today(statuses.org)
    everything = compliance.obligations(statuses.org, today)
    counted = 0
    for status in S:
        rows = list(everything.filter(compliance.status_q(status, today)))
        assert all(row.status == status for row in rows)
        counted += len(rows)
    assert counted == everything.count()


def test_indicators(statuses, django_assert_num_queries):
    today = services.organization_today(statuses.org)
    qs = compliance.obligations(statuses.org, today)
    with django_assert_num_queries(1):
        figures = compliance.indicators(qs, today)
    total = qs.count()
    assert figures["total"] == total
    assert figures[S.UP_TO_DATE] == 1 and figures[S.DUE_SOON] == 1 and figures[S.OPEN_OBSERVATIONS] == 1
    assert figures[S.OVERDUE] == total - 3
    assert figures["rate"] == round(100 * 2 / total, 1)
    with django_assert_num_queries(1):
        by_type = compliance.indicators_by(qs, today, "inspection_type")
    ssi = next(row for row in by_type if row["name"].startswith("Vérification du système"))
    assert (ssi["total"], ssi["overdue"], ssi["rate"]) == (1, 1, 0.0)
    by_building = compliance.indicators_by(qs, today, "building")
    assert by_building[0]["id"] == statuses.school.pk
    assert by_building[0]["total"] == total  # the school and its lift


def test_page_api_and_export_agree(statuses, client_for, api_for):
    params = {"status": S.OVERDUE, "building": statuses.school.pk}
    page = client_for(statuses.manager).get(reverse("maintenance:compliance"), params)
    assert page.status_code == 200
    page_ids = {row.pk for row in page.context["page"].rows}
    api = api_for(statuses.manager, statuses.org).get("/api/v1/compliance/", params)
    assert api.status_code == 200, api.content
    api_ids = {row["id"] for row in api.json()["results"]}
    assert {row["status"] for row in api.json()["results"]} == {S.OVERDUE}
    export = client_for(statuses.manager).get(reverse("maintenance:compliance"), {**params, "export": "csv"})
    assert export.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(lines) - 1 == len(page_ids) == len(api_ids)
    assert page_ids == api_ids
    expected = set(
        InspectionObligation.objects.filter(building=statuses.school)
        .filter(compliance.status_q(S.OVERDUE, TODAY))
        .values_list("pk", flat=True)
    ) | set(
        InspectionObligation.objects.filter(asset=statuses.school)
        .filter(compliance.status_q(S.OVERDUE, TODAY))
        .values_list("pk", flat=True)
    )
    assert page_ids == expected


def test_page_shows_the_building_with_open_observations(statuses, client_for):
    page = client_for(statuses.manager).get(reverse("maintenance:compliance"), {"status": S.OPEN_OBSERVATIONS})
    body = page.content.decode()
    assert statuses.school.name in body
    assert 'data-status="open_observations"' in body
    assert 'data-figure="rate"' in body
    figures = page.context["figures"]  # the indicators count every status, whatever status the list shows
    assert figures["total"] == InspectionObligation.objects.filter(organization=statuses.org).count()
    assert figures[S.UP_TO_DATE] == 1


def test_compliance_page_query_count_does_not_grow(site, client_for, django_assert_max_num_queries):
    client = client_for(site.manager)
    url = reverse("maintenance:compliance")
    for n in range(8):  # more than a page of rows
        building(site.org, "L", "3", name=f"Salle {n}")
    services.refresh_obligations(site.org)
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(5):
        building(site.org, "L", "3", name=f"Gymnase {n}")
    services.refresh_obligations(site.org)
    with django_assert_max_num_queries(len(few), info="\n".join(q["sql"][:150] for q in few.captured_queries)):
        client.get(url)


def test_map_layer_colours_by_the_worst_status(statuses, client_for):
    statuses.school.latitude, statuses.school.longitude = 48.85, 2.35
    statuses.school.save()
    response = client_for(statuses.manager).get(reverse("maintenance:compliance-geojson"))
    feature = next(f for f in response.json()["features"] if f["id"] == statuses.school.pk)
    assert feature["properties"]["status"] == S.OVERDUE
    assert feature["properties"]["colour"] == compliance.COLOURS[S.OVERDUE]


def test_alerts_once_per_due_date(statuses, make_member, django_capture_on_commit_callbacks):
    head = make_member(statuses.org, Role.DEPARTMENT_HEAD)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        summary = compliance.send_alerts(now)
    assert summary.startswith("2 inspection alert")  # the emergency lighting due in 15 days, the overdue SSI
    sent = Notification.objects.filter(kind=compliance.ALERT_KIND)
    assert {n.recipient_id for n in sent} >= {statuses.admin.pk, statuses.manager.pk}
    assert head.pk not in {n.recipient_id for n in sent}  # not the head of the school's department
    count = sent.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert compliance.send_alerts(now).startswith("0 inspection alert")
    assert Notification.objects.filter(kind=compliance.ALERT_KIND).count() == count
    # inspected again: a new due date, alerted again when its window comes
    record(statuses, "ERP-ECL", 340)
    with django_capture_on_commit_callbacks(execute=True):
        assert compliance.send_alerts(now + datetime.timedelta(days=1)).startswith("1 inspection alert")
