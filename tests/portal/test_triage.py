"""Triage: turn into a request (photos kept), merge, reject, public updates; guards and who may."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from regie.attachments.models import Attachment
from regie.attachments.services import store
from regie.attachments.validation import check_files
from regie.core.exceptions import Conflict, Forbidden
from regie.core.factories import OrganizationFactory
from regie.interventions.models import InterventionRequest
from regie.portal.factories import ReportFactory
from regie.portal.models import PublicStatus, Report, ReportFollower, Triage
from regie.portal.services import triage
from tests.attachments.images import png, upload

pytestmark = pytest.mark.django_db


def convert(town, report, by=None, **kw):
    by = by or town.manager
    return triage.convert_to_request(report, by=by, title="Lampadaire éteint", category=town.category, **kw)


def test_convert_makes_a_portal_request_with_the_reports_text_place_and_photos(town):
    report = town.report(email="ana@example.org", latitude="45.1", longitude="5.9", address="2 rue Neuve")
    store(check_files([upload("a.png", png())]), record=report, by=None)
    report = convert(town, report)
    req = report.request
    assert report.triage == Triage.CONVERTED and report.status == PublicStatus.RECEIVED
    assert req.channel == InterventionRequest.Channel.PORTAL and req.description == report.description
    assert req.location == "2 rue Neuve" and str(req.latitude) == "45.100000" and req.category == town.category
    photos = Attachment.objects.filter(object_id=req.pk, content_type__model="interventionrequest")
    assert [a.original_name for a in photos] == ["a.png"] and photos[0].file.read()[:4] == b"\x89PNG"


def test_a_report_is_triaged_once(town):
    report = convert(town, town.report())
    with pytest.raises(Conflict):
        convert(town, report)
    with pytest.raises(Conflict):
        triage.reject(report, by=town.manager, public_reason="Non")


def test_only_who_triages_may(town):
    for user in (town.head, town.requester, town.agent_user):
        with pytest.raises(Forbidden):
            convert(town, town.report(), by=user)


def test_reject_needs_a_public_reason_and_tells_the_resident(town, django_capture_on_commit_callbacks):
    report = town.report(email="ana@example.org")
    with pytest.raises(ValidationError):
        triage.reject(report, by=town.manager, public_reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        report = triage.reject(report, by=town.manager, public_reason="Domaine privé")
    assert report.triage == Triage.REJECTED and report.status == PublicStatus.REJECTED and report.ended_at
    assert report.updates.last().text == "Domaine privé"
    assert [m.to for m in mail.outbox] == [["ana@example.org"]] and "Domaine privé" in mail.outbox[0].body


def test_merge_counts_the_voice_and_the_reporter_follows_the_target(town, django_capture_on_commit_callbacks):
    target = town.report(email="first@example.org", supporters=2)
    duplicate = town.report(email="second@example.org", supporters=1)
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = triage.merge(duplicate, by=town.manager, into=target)
    target.refresh_from_db()
    assert duplicate.triage == Triage.MERGED and duplicate.duplicate_of == target
    assert target.supporters == 4  # 2 + the duplicate + its 1 supporter
    assert ReportFollower.objects.filter(report=target, email="second@example.org").exists()
    assert target.number in duplicate.updates.last().text
    assert [m.to for m in mail.outbox] == [["second@example.org"]]


def test_merge_refuses_itself_a_merged_target_and_another_organization(town):
    a, b, c = town.report(), town.report(), town.report()
    with pytest.raises(ValidationError):
        triage.merge(a, by=town.manager, into=a)
    triage.merge(b, by=town.manager, into=c)
    with pytest.raises(ValidationError, match=c.number):
        triage.merge(a, by=town.manager, into=b)
    with pytest.raises(ValidationError):
        triage.merge(a, by=town.manager, into=ReportFactory(organization=OrganizationFactory()))
    with pytest.raises(Conflict):  # b is merged: not to triage any more, and c may not come back into b
        triage.merge(b, by=town.manager, into=a)


def test_merged_reports_follow_the_request_of_their_target(town):
    target, duplicate = town.report(), town.report()
    triage.merge(duplicate, by=town.manager, into=target)
    target = convert(town, target)
    assert Report.objects.get(pk=duplicate.pk).request == target.request


def test_public_update_reaches_the_resident(town, django_capture_on_commit_callbacks):
    report = town.report(email="ana@example.org")
    with pytest.raises(ValidationError):
        triage.post_public_update(report, by=town.manager, text="")
    with django_capture_on_commit_callbacks(execute=True):
        update = triage.post_public_update(report, by=town.manager, text="Nous passons lundi.")
    assert update.status == PublicStatus.RECEIVED and update.author == town.manager
    assert "Nous passons lundi." in mail.outbox[0].body


def test_a_reopened_report_gets_a_new_request(town):
    report = convert(town, town.report())
    first = report.request
    Report.objects.filter(pk=report.pk).update(triage=Triage.NEW, reopened=1)
    report = convert(town, Report.objects.get(pk=report.pk))
    assert report.request != first and report.triage == Triage.CONVERTED
