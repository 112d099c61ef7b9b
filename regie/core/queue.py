"""Enqueue a background task for once the current transaction commits, whatever the queue.

On the database queue (`django_tasks_db`, the default) the task's row is written in the transaction itself, on
the same connection: it commits with the records the task is about, or not at all — one commit instead of two,
and no task lost when the process stops between the commit and the enqueue; the worker cannot see it before the
commit. On any other queue (Redis in production, the tests' immediate backend) it is enqueued at commit
(`transaction.on_commit`), since that queue's worker could otherwise run it before the records exist. Outside a
transaction it is enqueued at once."""

from django.db import router, transaction


def enqueue_on_commit(task, *args, **kwargs):
    backend = task.get_backend()
    if _writes_in_transaction(backend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def _writes_in_transaction(backend):
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database queue is a declared dependency
        return False
    if not isinstance(backend, DatabaseBackend):
        return False
    return transaction.get_connection(router.db_for_write(DBTaskResult)).in_atomic_block
