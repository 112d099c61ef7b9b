"""Helpers of the PostgreSQL concurrency tests: real threads, each with its own database connection."""

import threading
import time

from django.db import connection


def run_concurrently(*calls):
    """Run each call in its own thread and database connection, released together; returns results/errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def slow_down(monkeypatch, module, name, seconds=0.3):
    """Make `module.name` sleep before it runs, so the window a race needs stays open on every run.

    Patch a step a service takes after reading the rows it checks and before it commits: without the
    parent's lock both threads read, then both write; with it the second waits for the first to commit.
    """
    original = getattr(module, name)

    def slowed(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slowed)
