"""The bulk pass of an import (targets declaring `apply_bulk`, see `registry`): every row parsed first, then
the valid rows handed to the target in batches inside the caller's one transaction.

A dry run asks the target to validate only (`dry_run=True`): nothing is written, every row's problems are
reported. A commit writes batch after batch; once one row failed (the data changed since the dry run), the
remaining batches are only validated, so the report is complete, and the caller rolls everything back.
"""

import contextlib
import gc

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from . import rows as row_helpers
from .rows import line


def apply_rows(job, target, table, by, report, counts, *, commit):
    """The cyclic garbage collector is paused for the pass: with 100,000 rows' objects alive, its full
    collections rescan all of them again and again (the pass grew quadratic); what it would free is freed at
    the end."""
    gc.disable()
    try:
        with _large_cache():
            _apply_rows(job, target, table, by, report, counts, commit=commit)
    finally:
        gc.enable()


@contextlib.contextmanager
def _large_cache():
    """On SQLite, a page cache of 128 MB for the pass (the default 2 MB makes 100,000 rows' index updates
    spill and re-read pages); the connection's own setting afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -131072")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _apply_rows(job, target, table, by, report, counts, *, commit):
    from .services import _progress  # the cache key of the job's progress

    organization = job.organization
    lookups = target.lookups(organization)
    valid = _parsed(job, target, table, lookups, report)
    options = dict(job.options or {})
    done = 0
    for start in range(0, len(valid), target.batch_size):
        batch = valid[start : start + target.batch_size]
        keys = {values[target.natural_key] for _number, values in batch}
        existing = row_helpers.existing_records(target, organization, keys)
        dry_run = not commit or bool(report)
        try:
            with transaction.atomic():
                result = target.apply_bulk(
                    by=by, organization=organization, rows=batch, existing=existing,
                    lookups=lookups, options=options, dry_run=dry_run,
                )  # fmt: skip
        except IntegrityError:
            report.append(line(batch[0][0], "", _("These rows conflict with records written meanwhile; run again.")))
            continue
        for number, name, message in result.errors:
            report.append(line(number, row_helpers.column_of(job, target, name) if name else "", message))
        counts["created"] += result.created
        counts["updated"] += result.updated
        done += len(batch)
        _progress(job, done)
    if target.summary is not None:
        counts["notes"] = target.summary(lookups=lookups, options=options, dry_run=not commit or bool(report))
    report.sort(key=lambda entry: entry["row"])


def _parsed(job, target, table, lookups, report):
    """[(row number, values)] of the rows that parse, their natural key not seen on an earlier row; the
    others' errors go to the report."""
    key_index = job.mapping[target.natural_key]
    first_row_of, valid = {}, []
    for number, cells in table.rows:
        values, errors = row_helpers.parse_row(job, target, number, cells, lookups)
        key = values.get(target.natural_key)
        if key is not None and key in first_row_of:
            message = _("Same value as row %(row)s.") % {"row": first_row_of[key]}
            errors.append(line(number, job.headers[key_index], message))
        elif key is not None:
            first_row_of[key] = number
        if errors:
            report.extend(errors)
        else:
            valid.append((number, values))
    return valid
