"""The import pages: upload → columns → dry run report → import; isolation; progress polling."""

import pytest
from django.urls import reverse

from regie.core.permissions import Role
from regie.imports import services
from regie.imports.models import ImportJob
from regie.people.models import Agent

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def test_the_whole_journey_through_the_pages(hr, client_for):
    client = client_for(hr.admin)
    form = client.get(reverse("imports:job-create"), {"target": "people.agents"})
    assert '<option value="people.agents" selected>Agents (export RH)</option>' in form.content.decode()
    response = client.post(
        reverse("imports:job-create"),
        {"target": "people.agents", "file": csv_file("A001;Dupré;Élodie;;EQB;PLB;35", "A002;;Paul;;;;")},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job-mapping", args=[job.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<option value="0" selected>Matricule</option>' in page.content.decode()
    mapping = {name: "" if i is None else i for name, i in services.suggested_mapping(job).items()}
    response = client.post(reverse("imports:job-mapping", args=[job.pk]), mapping)
    assert response.status_code == 302
    page = client.get(reverse("imports:job-detail", args=[job.pk])).content.decode()
    assert "Cette valeur est obligatoire." in page and Agent.objects.count() == 0
    response = client.post(reverse("imports:job-commit", args=[job.pk]))  # refused: the dry run had errors
    assert Agent.objects.count() == 0
    fixed = client.post(
        reverse("imports:job-create"), {"target": "people.agents", "file": csv_file("A002;Martin;Paul;;;;")}
    )
    job = ImportJob.objects.latest("pk")
    client.post(reverse("imports:job-mapping", args=[job.pk]), mapping)
    assert fixed.status_code == 302
    client.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "committed" and Agent.objects.get().employee_number == "A002"


def test_the_source_file_is_kept_and_downloadable(hr, client_for):
    job = hr.upload("A001;Dupré;Élodie;;;;")
    response = client_for(hr.admin).get(reverse("imports:job-file", args=[job.pk]))
    assert response.status_code == 200 and 'filename="rh.csv"' in response["Content-Disposition"]
    assert "Élodie".encode("cp1252") in b"".join(response.streaming_content)


def test_an_unreadable_file_is_a_form_error(hr, client_for):
    response = client_for(hr.admin).post(
        reverse("imports:job-create"), {"target": "people.agents", "file": csv_file(header="", encoding="utf-8")}
    )
    assert response.status_code == 400 and ImportJob.objects.count() == 0


def test_another_organizations_job_is_a_404(hr, org_b, make_member, client_for):
    job = hr.upload("A001;Dupré;Élodie;;;;")
    other = client_for(make_member(org_b, Role.ADMIN))
    for name in ("imports:job-detail", "imports:job-mapping", "imports:job-file"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:job-commit", args=[job.pk])).status_code == 404


def test_roles_without_the_import_action_are_refused(hr, make_member, client_for):
    client = client_for(make_member(hr.org, Role.AGENT))
    assert client.get(reverse("imports:job-list")).status_code == 403
    assert client.get(reverse("imports:job-create")).status_code == 403


def test_a_running_job_polls_its_progress(hr, client_for):
    from django.core.cache import cache

    job = hr.upload(*[f"B{n};N;P;;;;" for n in range(10)])
    ImportJob.objects.filter(pk=job.pk).update(status="committing")
    cache.set(services.progress_key(job.pk), 4)
    client = client_for(hr.admin)
    page = client.get(reverse("imports:job-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="40"' in page
    partial = client.get(reverse("imports:job-detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith("<section") and "4 sur 10" in partial.content.decode()
