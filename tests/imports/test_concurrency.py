"""Imports at the same time (PostgreSQL, real threads): a job is imported once; two files naming the same new
employee number never make two agents."""

import pytest

from regie.core.exceptions import Conflict
from regie.imports import services
from regie.imports.models import ImportJob
from regie.people.models import Agent
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = ("C001;Dupré;Élodie;;EQB;PLB;35", "C002;Martin;Paul;;;;28")


def test_the_same_job_started_twice_at_once_imports_once(hr):
    job = hr.dry_run(*ROWS)
    assert job.status == "validated"
    results = run_concurrently(
        *(lambda: services.start(ImportJob.objects.get(pk=job.pk), by=hr.admin, commit=True) for _ in range(2))
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "ImportJob"], results
    assert next(r for r in results if isinstance(r, ImportJob)).status == "committed"
    assert isinstance(next(r for r in results if not isinstance(r, ImportJob)), Conflict)
    assert Agent.objects.filter(organization=hr.org).count() == 2


def test_two_files_with_the_same_new_employee_number_make_one_agent(hr):
    jobs = [hr.dry_run(ROWS[0]), hr.dry_run(ROWS[0], ROWS[1])]
    assert [j.status for j in jobs] == ["validated", "validated"]
    results = run_concurrently(
        *(lambda job=job: services.start(ImportJob.objects.get(pk=job.pk), by=hr.admin, commit=True) for job in jobs)
    )
    statuses = sorted(r.status for r in results)
    assert Agent.objects.filter(organization=hr.org, employee_number="C001").count() == 1
    # Whichever commits first wins; the other is refused whole (all or nothing) or, if it started after the
    # winner's commit, updates the same agent — never a second C001.
    assert statuses in (["committed", "committed"], ["committed", "failed"]), [r.report for r in results]
