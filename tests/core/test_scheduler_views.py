"""The administrators' page of the scheduled jobs: who sees it, what it shows, "Run now"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core import scheduler
from regie.core.models import JobRun
from regie.core.permissions import Role

from .test_scheduler import BROKEN, CALLS, TIDY, declared  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
URL = reverse("core:scheduled-jobs")


def test_the_page_shows_each_job_and_its_last_run(declared, admin_a, client_for, django_assert_max_num_queries):  # noqa: F811
    scheduler.run_due(timezone.now() - timedelta(minutes=5))
    client = client_for(admin_a)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-job="test.tidy"' in page and "3 things tidied" in page and "Tidy things" in page
    assert 'data-outcome="failure"' in page and "RuntimeError: the disk is full" in page
    assert "every day" in page or "tous les jours" in page
    assert "Run now" in page or "Lancer maintenant" in page


def test_the_query_count_does_not_grow_with_the_jobs(declared, admin_a, client_for, monkeypatch):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin_a)
    scheduler.run_due()
    client.get(URL)
    with CaptureQueriesContext(connection) as two_jobs:
        client.get(URL)
    more = tuple(scheduler.ScheduledJob(f"test.more{i}", TIDY.function, TIDY.every) for i in range(5))
    declared.append(more)
    scheduler.run_due()
    with CaptureQueriesContext(connection) as seven_jobs:
        assert client.get(URL).content.decode().count("data-job=") == 7
    assert len(seven_jobs) == len(two_jobs)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AGENT, Role.ELECTED])
def test_only_administrators_see_it(role, declared, org_a, make_member, client_for):  # noqa: F811
    client = client_for(make_member(org_a, role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"job": "test.tidy"}).status_code == 403
    assert not CALLS


def test_run_now_queues_the_job(declared, admin_a, client_for, django_capture_on_commit_callbacks):  # noqa: F811
    client = client_for(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"job": "test.tidy"})
    assert response.status_code == 302 and response["Location"] == URL
    run = JobRun.objects.get(job__name="test.tidy")  # the tests' task backend runs it at once
    assert run.trigger == JobRun.Trigger.MANUAL and run.outcome == JobRun.Outcome.SUCCESS


def test_run_now_refuses_an_unknown_job(declared, admin_a, client_for):  # noqa: F811
    response = client_for(admin_a).post(URL, {"job": "test.nothing"}, follow=True)
    assert response.status_code == 200
    assert not JobRun.objects.exists()
    assert list(response.context["messages"])  # the error, on the page
