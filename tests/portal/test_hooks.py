"""The public status follows the request a report became, told to the resident at each public step."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from regie.interventions import services
from regie.interventions.origins import origins_of
from regie.portal.models import PublicStatus, Report
from regie.portal.services import triage

pytestmark = pytest.mark.django_db


def test_a_request_walked_to_closure_moves_the_report_and_mails_each_step(town, django_capture_on_commit_callbacks):
    report = town.report(email="ana@example.org")
    duplicate = town.report(email="bob@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        triage.merge(duplicate, by=town.manager, into=report)
        report = triage.convert_to_request(report, by=town.manager, title="Éteint", category=town.category)
    req = report.request
    mail.outbox.clear()
    seen = []

    def step(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        report.refresh_from_db()
        seen.append(report.status)

    step(lambda: services.transition_request(req, "approve", by=town.manager))
    start = timezone.now() + datetime.timedelta(days=1)
    holder = {}

    def plan():
        holder["wo"] = services.create_work_order(
            by=town.manager, organization=town.org, request=req,
            data={"team": town.team, "planned_start": start, "planned_end": start + datetime.timedelta(hours=2)},
            m2m={"agents": [town.agent]},
        )  # fmt: skip

    step(plan)
    step(lambda: services.transition_work_order(holder["wo"], "start", by=town.agent_user))
    step(
        lambda: services.transition_work_order(
            holder["wo"], "complete", by=town.agent_user, report="Lampe changée", first_visit_fix=True
        )
    )
    step(lambda: services.transition_work_order(holder["wo"], "close", by=town.manager))
    req.refresh_from_db()
    step(lambda: services.transition_request(req, "close", by=town.manager, rating=5))
    P = PublicStatus
    assert seen == [P.RECEIVED, P.PLANNED, P.IN_PROGRESS, P.FIXED, P.FIXED, P.FIXED]  # done: the work is done
    assert report.ended_at is not None
    statuses = list(report.updates.values_list("status", flat=True))
    assert statuses == [P.PLANNED, P.IN_PROGRESS, P.FIXED]  # one update a change (received came first)
    # the reporter and the merged report's reporter (a follower now) are each told of the three steps
    residents = [tuple(m.to) for m in mail.outbox if m.to[0] in ("ana@example.org", "bob@example.org")]
    assert sorted(residents) == sorted([("ana@example.org",), ("bob@example.org",)] * 3)
    assert Report.objects.get(pk=duplicate.pk).status == P.FIXED


def test_a_request_going_back_clears_ended_at(town):
    report = triage.convert_to_request(town.report(), by=town.manager, title="Éteint", category=town.category)
    services.transition_request(report.request, "reject", by=town.manager, reason="Hors périmètre")
    report.refresh_from_db()
    assert report.status == PublicStatus.REJECTED and report.ended_at is not None


def test_the_requests_page_names_the_report_it_came_from(town):
    from regie.core.models import Membership

    report = triage.convert_to_request(town.report(), by=town.manager, title="Éteint", category=town.category)
    membership = Membership.objects.get(user=town.manager, organization=town.org)
    (origin,) = [o for o in origins_of(report.request, membership) if report.number in o.text]
    assert origin.url.endswith(f"/portal/reports/{report.pk}/")
    agent = Membership.objects.get(user=town.agent_user, organization=town.org)
    assert [o.url for o in origins_of(report.request, agent) if report.number in o.text] == [""]
