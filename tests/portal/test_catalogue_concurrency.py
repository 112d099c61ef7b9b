"""A manager restores a service's question while another archives the service (PostgreSQL, real threads): the
restore locks the service's row, so a question is never restored onto a service archived meanwhile."""

import time

import pytest

from regie.core import services as core_services
from regie.core.exceptions import Conflict
from regie.core.models import AuditEvent
from regie.portal.models import CategoryQuestion, ServiceCategory
from regie.portal.services import catalogue
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archived_question(town):
    question = CategoryQuestion.objects.create(organization=town.org, category=town.service, code="Q", label="Q ?")
    return catalogue.archive_question(question, by=town.manager)


def _restore(question, by):
    return lambda: catalogue.restore_question(CategoryQuestion.objects.get(pk=question.pk), by=by)


def _archive_service(town, by, after=0.0):
    def archive():
        time.sleep(after)
        service = ServiceCategory.objects.get(pk=town.service.pk)
        return core_services.archive_record(service, by=by, action="servicecategory.manage")

    return archive


def _events(model, pk, action):
    return list(AuditEvent.objects.filter(object_id=pk, action=action, content_type__model=model).values_list("pk"))


def test_archiving_the_service_waits_for_a_restore_under_way(town, archived_question, monkeypatch):
    # the restore holds the service between its check (not archived) and its write; the archival comes meanwhile
    slow_down(monkeypatch, catalogue, "restore_record")

    results = run_concurrently(_restore(archived_question, town.manager),
                               _archive_service(town, town.manager2, after=0.1))  # fmt: skip

    assert isinstance(results[0], CategoryQuestion) and isinstance(results[1], ServiceCategory), results
    archived_question.refresh_from_db()
    service = ServiceCategory.objects.get(pk=town.service.pk)
    assert archived_question.archived_at is None and service.archived_at is not None
    # the restore came first, the archival after it: never a question restored onto an archived service
    assert archived_question.updated_at < service.archived_at
    (restored,) = _events("categoryquestion", archived_question.pk, AuditEvent.Action.RESTORE)
    (archived,) = _events("servicecategory", service.pk, AuditEvent.Action.ARCHIVE)
    assert restored < archived


def test_a_restore_during_the_services_archival_waits_and_is_refused(town, archived_question, monkeypatch):
    # the archival holds the service's row while it writes; the restore comes meanwhile
    slow_down(monkeypatch, core_services, "mark_archived")

    def restore_during_the_archival():
        time.sleep(0.1)
        return _restore(archived_question, town.manager)()

    results = run_concurrently(_archive_service(town, town.manager2), restore_during_the_archival)

    assert isinstance(results[0], ServiceCategory), results
    assert isinstance(results[1], Conflict) and results[1].code == "archived", results
    archived_question.refresh_from_db()
    assert archived_question.archived_at is not None
    assert not _events("categoryquestion", archived_question.pk, AuditEvent.Action.RESTORE)
