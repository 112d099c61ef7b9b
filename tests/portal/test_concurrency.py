"""Two staff triage the same report at once, residents add their voice while it is triaged: one triage wins, the
other gets a clear error, nothing is half written, and every voice is counted once (PostgreSQL, real threads)."""

import time

import pytest
from django.core.exceptions import ValidationError

from regie.core.exceptions import Conflict
from regie.core.models import AuditEvent
from regie.interventions.models import InterventionRequest
from regie.portal.models import Report, ReportFollower, Triage
from regie.portal.services import submission, triage
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _fresh(report):
    return Report.objects.get(pk=report.pk)


def _convert(town, report, by):
    return lambda: triage.convert_to_request(_fresh(report), by=by, title="Lampadaire éteint", category=town.category)


def _merge(report, into, by):
    return lambda: triage.merge(_fresh(report), by=by, into=_fresh(into))


@pytest.fixture
def slow_triage(monkeypatch):
    # Between reading the report's triage and writing it: without the report's lock both checks pass.
    slow_down(monkeypatch, triage, "_require_new")


def test_two_conversions_of_one_report_make_one_request(town, slow_triage):
    report = town.report(email="ana@example.org")

    results = run_concurrently(_convert(town, report, town.manager), _convert(town, report, town.manager2))

    assert len([r for r in results if isinstance(r, Report)]) == 1, results
    (loser,) = [r for r in results if isinstance(r, Conflict)]
    assert loser.status == 409 and loser.code == "already_triaged"
    report.refresh_from_db()
    assert report.triage == Triage.CONVERTED
    assert InterventionRequest.objects.filter(organization=town.org).count() == 1
    assert report.request == InterventionRequest.objects.get(organization=town.org)
    assert AuditEvent.objects.filter(object_id=report.pk, changes__has_key="triage").count() == 1


def test_converting_and_merging_one_report_at_once_one_wins(town, slow_triage):
    report, other = town.report(), town.report()

    results = run_concurrently(_convert(town, report, town.manager), _merge(report, other, town.manager2))

    (winner,) = [r for r in results if isinstance(r, Report)]
    assert [type(r) for r in results if not isinstance(r, Report)] == [Conflict], results
    report.refresh_from_db()
    other.refresh_from_db()
    if winner.triage == Triage.CONVERTED:
        assert report.duplicate_of is None and other.supporters == 0
        assert InterventionRequest.objects.filter(organization=town.org).count() == 1
    else:
        assert report.duplicate_of == other and other.supporters == 1 and report.request is None
        assert not InterventionRequest.objects.filter(organization=town.org).exists()


def test_crossed_merges_never_make_a_cycle(town, slow_triage):
    a, b = town.report(), town.report()

    results = run_concurrently(_merge(a, b, town.manager), _merge(b, a, town.manager2))

    assert len([r for r in results if isinstance(r, Report)]) == 1, results
    assert len([r for r in results if isinstance(r, (ValidationError, Conflict))]) == 1, results
    a.refresh_from_db()
    b.refresh_from_db()
    merged, target = (a, b) if a.duplicate_of_id else (b, a)
    assert merged.duplicate_of == target and target.duplicate_of is None and target.triage == Triage.NEW
    assert target.supporters == 1 and merged.triage == Triage.MERGED


def test_one_report_merged_into_two_targets_at_once_goes_into_one(town, slow_triage):
    report = town.report(email="ana@example.org", supporters=2)
    first, second = town.report(), town.report()

    results = run_concurrently(_merge(report, first, town.manager), _merge(report, second, town.manager2))

    (winner,) = [r for r in results if isinstance(r, Report)]
    assert [type(r) for r in results if not isinstance(r, Report)] == [Conflict], results
    target = winner.duplicate_of
    other = second if target.pk == first.pk else first
    assert _fresh(target).supporters == 3 and _fresh(other).supporters == 0
    assert list(ReportFollower.objects.filter(email="ana@example.org").values_list("report", flat=True)) == [target.pk]
    events = AuditEvent.objects.filter(object_id__in=[first.pk, second.pk], changes__has_key="merged")
    assert events.count() == 1


def test_merging_into_a_report_being_converted_follows_its_request(town, monkeypatch):
    target, duplicate = town.report(), town.report()
    slow_down(monkeypatch, triage, "follow_target")  # the conversion holds the target while it writes

    results = run_concurrently(_convert(town, target, town.manager), _merge(duplicate, target, town.manager2))

    assert all(isinstance(r, Report) for r in results), results
    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert target.request is not None and duplicate.request == target.request  # never a duplicate left behind
    assert duplicate.status == target.status


def test_concurrent_voices_are_all_counted(town):
    report = town.report(email="ana@example.org")
    calls = [
        (lambda i=i: submission.support_report(report=_fresh(report), client_address=f"192.0.2.{i}")) for i in range(6)
    ]

    results = run_concurrently(*calls)

    assert all(isinstance(r, Report) for r in results), results
    assert _fresh(report).supporters == 6


def test_two_voices_with_one_email_make_one_follower(town):
    report = town.report(email="ana@example.org")
    calls = [
        (lambda i=i: submission.support_report(report=_fresh(report), email="bob@example.org",
                                               client_address=f"192.0.2.{i}"))
        for i in range(2)
    ]  # fmt: skip

    results = run_concurrently(*calls)

    assert all(isinstance(r, Report) for r in results), results
    assert _fresh(report).supporters == 2
    assert ReportFollower.objects.filter(report=report, email="bob@example.org").count() == 1


def test_a_voice_given_while_the_report_is_merged_counts_for_its_target(town, monkeypatch):
    report, target = town.report(), town.report()
    slow_down(monkeypatch, triage, "set_status")  # the merge holds the report after reading its supporters

    def support_during_the_merge():
        time.sleep(0.1)
        return submission.support_report(report=_fresh(report), email="bob@example.org", client_address="192.0.2.9")

    results = run_concurrently(_merge(report, target, town.manager), support_during_the_merge)

    assert all(isinstance(r, Report) for r in results), results
    assert results[1].pk == target.pk  # the resident is shown the report they now follow
    report.refresh_from_db()
    target.refresh_from_db()
    assert report.supporters == 0 and target.supporters == 2  # the merged report's voice and the new one
    assert ReportFollower.objects.filter(report=target, email="bob@example.org").count() == 1
