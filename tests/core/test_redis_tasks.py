"""The Redis task path against a real Redis server: a task enqueued through `django_tasks_redis.RedisTaskBackend`
(the production backend when REGIE_REDIS_URL is set), run by its worker, its result read back.

Each test has its own Redis database (15 by default: conftest's REDIS_TEST_URL), key prefix and queue, and
deletes its keys afterwards. Skipped when no Redis answers, unless REGIE_TEST_REDIS=required (.ci/run)."""

import uuid

import pytest
import redis
from django.tasks import TaskResultStatus, task_backends
from django.test import override_settings

from conftest import REDIS_TEST_URL
from regie.core.models import JobRun
from regie.core.tasks import run_scheduled_job

from .test_scheduler import CALLS, declared  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_backend():
    """A "redis" task backend beside the tests' default one, on its own prefix and queue; its keys deleted after."""
    prefix, queue = f"regie-test-{uuid.uuid4().hex[:12]}", f"test-{uuid.uuid4().hex[:8]}"
    tasks = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
        "redis": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "QUEUES": [queue],
            "OPTIONS": {"REDIS_URL": REDIS_TEST_URL, "REDIS_KEY_PREFIX": prefix, "REDIS_BLOCK_TIMEOUT": 0},
        },
    }
    with override_settings(TASKS=tasks):
        backend = task_backends["redis"]
        assert backend.get_client().ping()
        yield backend, queue
    client = redis.Redis.from_url(REDIS_TEST_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def _work(backend, queue):
    """The worker `manage.py run_redis_tasks --queue <queue>` runs, once over what waits."""
    from django_tasks_redis import executor

    return executor.process_tasks(queue_name=queue, backend_name=backend.alias)


def test_a_task_goes_through_redis_and_a_worker(declared, redis_backend):  # noqa: F811
    backend, queue = redis_backend
    result = run_scheduled_job.using(backend="redis", queue_name=queue).enqueue("test.tidy")
    assert result.status == TaskResultStatus.READY
    assert not CALLS  # queued in Redis, not run

    done = _work(backend, queue)

    assert [r.id for r in done] == [result.id]
    stored = backend.get_result(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL and stored.return_value == "success"
    run = JobRun.objects.get(job__name="test.tidy")
    assert run.trigger == JobRun.Trigger.MANUAL and run.summary == "3 things tidied"
    assert _work(backend, queue) == []  # nothing left: run once


def test_a_failing_job_is_recorded_and_the_task_still_ends(declared, redis_backend):  # noqa: F811
    backend, queue = redis_backend
    result = run_scheduled_job.using(backend="redis", queue_name=queue).enqueue("test.broken")
    _work(backend, queue)
    stored = backend.get_result(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL and stored.return_value == "failure"
    assert "the disk is full" in JobRun.objects.get(job__name="test.broken").error


def test_a_task_that_raises_is_failed_in_redis(declared, redis_backend):  # noqa: F811
    backend, queue = redis_backend
    result = run_scheduled_job.using(backend="redis", queue_name=queue).enqueue("test.nothing")  # KeyError
    _work(backend, queue)
    stored = backend.get_result(result.id)
    assert stored.status == TaskResultStatus.FAILED
    assert "no scheduled job named" in stored.errors[0].traceback


def test_the_settings_give_redis_the_url():
    """REGIE_REDIS_URL reaches the backend as the option it reads (REDIS_URL), and installs its worker command
    (the settings read in a fresh interpreter: outside pytest they keep the Redis backend)."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, regie.settings as s; "
        "print(json.dumps([s.TASKS['default'], 'django_tasks_redis' in s.INSTALLED_APPS]))"
    )
    env = {**os.environ, "REGIE_REDIS_URL": "redis://redis.example:6390/3", "REGIE_DEBUG": "1", "REGIE_TESTING": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    tasks, installed = json.loads(out.stdout.strip().splitlines()[-1])
    assert tasks == {
        "BACKEND": "django_tasks_redis.RedisTaskBackend",
        "OPTIONS": {"REDIS_URL": "redis://redis.example:6390/3"},
    }
    assert installed
