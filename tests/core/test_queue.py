"""enqueue_on_commit: on the database queue the task's row is written in the caller's transaction (it commits or
rolls back with the records); on another queue the task is enqueued at commit, never before."""

import pytest
from django.db import transaction
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from regie.core.queue import enqueue_on_commit

pytestmark = pytest.mark.django_db

RAN = []


@task
def remember(value: int) -> int:
    RAN.append(value)
    return value


class Rollback(Exception):
    pass


def test_on_the_database_queue_the_task_commits_with_the_transaction(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        enqueue_on_commit(remember, 1)
        assert DBTaskResult.objects.filter(task_path__endswith="remember").count() == 1  # in this transaction
    with pytest.raises(Rollback), transaction.atomic():
        enqueue_on_commit(remember, 2)
        raise Rollback
    rows = DBTaskResult.objects.filter(task_path__endswith="remember")
    assert [row.args_kwargs["args"] for row in rows] == [[1]]  # the rolled-back one left no task


def test_on_another_queue_the_task_is_enqueued_at_commit(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    RAN.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue_on_commit(remember, 3)
        assert RAN == []  # not before the commit
    assert len(callbacks) == 1 and RAN == [3]
