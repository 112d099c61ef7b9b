"""Importing agents from an HR export: mapping, dry run, all-or-nothing commit, re-import by employee number."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regie.core.exceptions import Conflict, Forbidden
from regie.core.models import AuditEvent
from regie.core.permissions import Role
from regie.imports import services
from regie.imports.models import ImportJob, ImportMapping
from regie.people.models import Agent

from .conftest import csv_file

pytestmark = pytest.mark.django_db

GOOD = "A001;Dupré;Élodie;elodie.dupre@ville-a.fr;EQB;PLB, Électricité;35,5"
OTHER = "A002;Martin;Paul;;Équipe bâtiment;;28"


def test_upload_detects_the_file_and_suggests_the_columns_from_the_titles(hr):
    job = hr.upload(GOOD, OTHER)
    assert (job.encoding, job.delimiter, job.total_rows, job.status) == ("cp1252", ";", 2, "uploaded")
    assert job.file.name.endswith(".csv") and "rh" not in job.file.name  # stored under a name of ours
    assert services.suggested_mapping(job) == {
        "employee_number": 0,
        "last_name": 1,
        "first_name": 2,
        "email": 3,
        "department": None,
        "team": 4,
        "skills": 5,
        "weekly_hours": 6,
    }


def test_the_saved_mapping_is_offered_for_the_next_file_with_other_titles(hr):
    job = hr.upload("X1;Nom1;Pré1", header="Code RH;Famille;Usuel\r\n")
    assert services.suggested_mapping(job)["employee_number"] is None
    services.save_mapping(job, by=hr.admin, mapping={"employee_number": 0, "last_name": 1, "first_name": 2})
    saved = ImportMapping.objects.get(organization=hr.org, target="people.agents")
    assert saved.columns == {"employee_number": "Code RH", "last_name": "Famille", "first_name": "Usuel"}
    again = hr.upload("X2;Nom2;Pré2", header="Usuel;Code RH;Famille\r\n")
    suggested = services.suggested_mapping(again)
    assert (suggested["employee_number"], suggested["last_name"], suggested["first_name"]) == (1, 2, 0)


def test_a_required_field_needs_a_column_and_a_column_serves_one_field(hr):
    job = hr.upload(GOOD)
    with pytest.raises(ValidationError) as error:
        services.save_mapping(job, by=hr.admin, mapping={"employee_number": 0, "last_name": 0})
    assert set(error.value.message_dict) == {"last_name", "first_name"}


def test_dry_run_writes_nothing_and_reports_row_column_message_in_french(hr):
    with translation.override("fr"):
        job = hr.dry_run(GOOD, "A002;Martin;Paul;pas-une-adresse;EQZ;;soixante", "A003;;Zoé;;;;")
    assert Agent.objects.count() == 0
    assert not AuditEvent.objects.filter(content_type__model="agent").exists()
    # Row 3's cells do not parse: the service is not asked about its e-mail until they do.
    assert job.status == "failed" and job.error_count == 3
    assert job.report == [
        {"row": 3, "column": "Équipe", "message": "Aucune équipe n’a le code ou le nom « EQZ »."},
        {"row": 3, "column": "Heures hebdomadaires", "message": "Saisissez un nombre d’heures, comme 35 ou 35,5."},
        {"row": 4, "column": "Nom", "message": "Cette valeur est obligatoire."},
    ]


def test_the_services_own_validation_is_reported_under_its_column(hr):
    with translation.override("fr"):
        job = hr.dry_run("A002;Martin;Paul;pas-une-adresse;;;61")
    assert job.report == [
        {"row": 2, "column": "Courriel", "message": "Saisissez une adresse e-mail valide."},
        {
            "row": 2,
            "column": "Heures hebdomadaires",
            "message": "Assurez-vous que cette valeur est inférieure ou égale à 60.",
        },
    ]


def test_a_clean_dry_run_says_what_the_import_would_do_and_writes_nothing(hr):
    job = hr.dry_run(GOOD, OTHER)
    assert (job.status, job.created_count, job.updated_count, job.report) == ("validated", 2, 0, [])
    assert Agent.objects.count() == 0


def test_commit_creates_through_the_services_with_the_import_channel(hr):
    job = hr.imported(GOOD, OTHER)
    assert job.status == "committed" and job.committed_at is not None
    elodie = Agent.objects.get(employee_number="A001")
    assert (elodie.first_name, elodie.last_name, elodie.email) == ("Élodie", "Dupré", "elodie.dupre@ville-a.fr")
    assert elodie.team == hr.team and set(elodie.skills.all()) == {hr.plumbing, hr.electricity}
    assert elodie.weekly_hours == Decimal("35.5")
    assert Agent.objects.get(employee_number="A002").weekly_hours == Decimal(28)
    events = AuditEvent.objects.filter(content_type__model="agent", action="create")
    assert events.count() == 2 and set(events.values_list("channel", flat=True)) == {"import"}
    assert set(events.values_list("actor", flat=True)) == {hr.admin.pk}
    job_events = AuditEvent.objects.filter(content_type__model="importjob", object_id=job.pk)
    assert {"import"} <= set(job_events.values_list("channel", flat=True))


def test_reimport_updates_by_employee_number_instead_of_duplicating(hr):
    hr.imported(GOOD, OTHER)
    job = hr.imported("A001;Dupré-Leroy;Élodie;;EQB;PLB;30", "A003;Petit;Zoé;;;;")
    assert (job.created_count, job.updated_count) == (1, 1)
    assert Agent.objects.count() == 3
    elodie = Agent.objects.get(employee_number="A001")
    assert elodie.last_name == "Dupré-Leroy" and elodie.weekly_hours == 30
    assert elodie.email == "elodie.dupre@ville-a.fr"  # an empty cell changes nothing
    assert list(elodie.skills.all()) == [hr.plumbing]
    update = AuditEvent.objects.get(content_type__model="agent", object_id=elodie.pk, action="update")
    assert update.channel == "import" and update.changes["last_name"] == ["Dupré", "Dupré-Leroy"]


def test_commit_is_all_or_nothing(hr):
    job = hr.dry_run(GOOD, OTHER)
    assert job.status == "validated"
    # The data changes between the dry run and the import: the team of row 3 disappears.
    hr.team.archived_at = hr.team.created_at
    hr.team.save(update_fields=["archived_at"])
    job = services.start(job, by=hr.admin, commit=True)
    assert job.status == "failed" and job.error_count == 2
    assert Agent.objects.count() == 0  # row 2 was fine, but nothing is written


def test_the_same_employee_number_twice_in_a_file_is_an_error(hr):
    with translation.override("fr"):
        job = hr.dry_run(GOOD, "A001;Autre;Personne;;;;")
    assert job.report == [{"row": 3, "column": "Matricule", "message": "Même valeur qu’à la ligne 2."}]


def test_commit_needs_a_clean_dry_run(hr):
    job = hr.dry_run(GOOD, "A002;;;;;;")
    with pytest.raises(Conflict):
        services.start(job, by=hr.admin, commit=True)


def test_a_manager_without_the_targets_permission_cannot_import(hr, make_member):
    requester = make_member(hr.org, Role.AGENT)
    with pytest.raises(Forbidden):
        hr.upload(GOOD, by=requester)


def test_large_files_run_as_a_background_task_with_progress(hr, settings, django_capture_on_commit_callbacks):
    settings.REGIE_IMPORT_BACKGROUND_ROWS = 3
    lines = [f"B{n:03};Nom{n};Prénom{n};;EQB;PLB;35" for n in range(250)]
    job = hr.upload(*lines)
    job = services.save_mapping(job, by=hr.admin, mapping=services.suggested_mapping(job))
    seen = []
    original = services._progress
    services._progress = lambda job, done: (seen.append(done), original(job, done))
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            started = services.start(job, by=hr.admin, commit=False)
        assert started.status == "validating" and len(callbacks) == 1  # queued, not run in the request
        for callback in callbacks:
            callback()  # the immediate backend runs the task now
        job.refresh_from_db()
        assert job.status == "validated" and job.processed_rows == 250
        with django_capture_on_commit_callbacks(execute=True):
            services.start(job, by=hr.admin, commit=True)
    finally:
        services._progress = original
    job.refresh_from_db()
    assert job.status == "committed" and Agent.objects.count() == 250
    assert seen == [100, 200, 100, 200]


def test_a_crashing_task_marks_the_job_failed(hr, monkeypatch):
    from regie.imports import tasks

    job = hr.upload(GOOD)
    job = services.save_mapping(job, by=hr.admin, mapping=services.suggested_mapping(job))
    ImportJob.objects.filter(pk=job.pk).update(status="validating")
    monkeypatch.setattr(services, "execute", lambda *a, **k: 1 / 0)
    result = tasks.run_import.call(job.pk, hr.admin.pk, False)
    assert result == "failed"
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_utf8_comma_file(hr):
    job = hr.imported(
        "A010,Lefèvre,Anaïs,,,,", header="matricule,nom,prénom,courriel,équipe,compétences,heures\n", encoding="utf-8"
    )
    assert job.status == "committed"
    assert Agent.objects.get(employee_number="A010").first_name == "Anaïs"


def test_csv_file_helper_builds_windows_text():
    assert "É".encode("cp1252") in csv_file(GOOD).read()
