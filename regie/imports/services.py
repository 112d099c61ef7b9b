"""Use cases of an import: upload, map the columns, dry run, commit.

The dry run and the commit are the same pass (`execute`): every row is parsed and written through the
target's own service, each row in a savepoint, all rows in one transaction. The dry run always rolls that
transaction back; the commit rolls it back as soon as one row failed — all or nothing, and what the dry run
reported is exactly what the commit would meet. Audit events are written by the services with the channel
`import`. Files of more than `background_rows()` rows run as a task, so no web request holds the database
(SQLite's single write lock) for long.
"""

import logging
import unicodedata
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.context import channel
from regie.core.exceptions import Conflict, DomainError
from regie.core.services import lock

from . import bulk, reading, registry
from .models import REPORT_LIMIT, ImportJob, ImportMapping
from .rows import existing_records as _existing
from .rows import line as _line
from .rows import lines_of as _lines_of
from .rows import parse_row as _parse_row

logger = logging.getLogger(__name__)
Status = ImportJob.Status
PROGRESS_EVERY = 100


def background_rows():
    return getattr(settings, "REGIE_IMPORT_BACKGROUND_ROWS", 1000)


def _authorize(by, organization, target):
    authorize(by, organization, "import.manage")
    authorize(by, organization, target.permission)


def upload(*, by, organization, target, file):
    """Keep an uploaded file as a new job, once it reads as a table (headers and rows counted)."""
    target = registry.get_target(target)
    _authorize(by, organization, target)
    data = file.read(target.max_bytes + 1)
    name = PurePath(getattr(file, "name", "") or "import.csv").name[:200]
    try:
        table = reading.read_table(data, name, max_bytes=target.max_bytes, max_rows=target.max_rows)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    job = ImportJob(
        organization=organization,
        target=target.key,
        original_name=name,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        total_rows=len(table.rows),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_by=by,
    )
    suffix = ".xlsx" if reading.is_xlsx(data, name) else ".csv"
    job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=False)  # never the user's file name
    with transaction.atomic():
        job.save()
        audit.record(job, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(job, _TRACKED)))
    return job


_TRACKED = ("target", "original_name", "status", "total_rows", "created_count", "updated_count", "error_count")


def _plain_title(text):
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalnum())


def saved_mapping(job):
    """The organization's mapping saved for the job's target (its last file's columns and options), or None."""
    return ImportMapping.objects.owned_by(job.organization).filter(target=job.target).first()


def suggested_mapping(job):
    """Field name → column index: the organization's saved mapping where its columns are in this file, else
    the column whose title is the field's name, label or one of its aliases."""
    target = registry.get_target(job.target)
    titles = {_plain_title(h): i for i, h in reversed(list(enumerate(job.headers)))}
    saved = saved_mapping(job)
    saved_columns = saved.columns if saved else {}
    mapping = {}
    for field in target.fields:
        names = [saved_columns.get(field.name, ""), field.name, str(field.label), *field.aliases]
        mapping[field.name] = next((titles[t] for t in map(_plain_title, names) if t and t in titles), None)
    return mapping


def suggested_options(job):
    """The target's options as the job has them, else as the organization's saved mapping has them."""
    target = registry.get_target(job.target)
    saved = saved_mapping(job)
    chosen = job.options or (saved.options if saved else {})
    return {option.name: bool(chosen.get(option.name, option.default)) for option in target.options}


@transaction.atomic
def save_mapping(job, *, by, mapping, options=None):
    """Say which column holds which field (required fields must have one, a column serves one field) and
    which of the target's options apply; both are saved for the organization and offered again on its next
    file for the same target."""
    target = registry.get_target(job.target)
    _authorize(by, job.organization, target)
    job = lock(job)
    if job.is_running or job.status == Status.COMMITTED:
        raise Conflict(_("This import is running or done: its columns can no longer change."), code="import_locked")
    errors, used, clean = {}, {}, {}
    for field in target.fields:
        index = mapping.get(field.name)
        if index is None or index == "":
            if field.required:
                errors[field.name] = [_("Choose the column that holds this field.")]
            continue
        index = int(index)
        if not 0 <= index < len(job.headers):
            errors[field.name] = [_("Choose one of the options offered.")]
        elif index in used:
            errors[field.name] = [_("This column is already used for “%(field)s”.") % {"field": used[index]}]
        else:
            used[index], clean[field.name] = field.label, index
    if errors:
        raise ValidationError(errors)
    options = options if options is not None else suggested_options(job)
    chosen = {option.name: bool(options.get(option.name, option.default)) for option in target.options}
    job.mapping, job.options, job.status = clean, chosen, Status.MAPPED
    job.report, job.notes, job.error_count, job.created_count, job.updated_count = [], [], 0, 0, 0
    fields = ["mapping", "options", "status", "report", "notes", "error_count", "created_count", "updated_count"]
    job.save(update_fields=fields)
    ImportMapping.objects.update_or_create(
        organization=job.organization,
        target=job.target,
        defaults={"columns": {name: job.headers[index] for name, index in clean.items()}, "options": chosen},
    )
    changes = {"mapping": [None, clean], **({"options": [None, chosen]} if chosen else {})}
    audit.record(job, action=audit.Action.UPDATE, by=by, changes=changes)
    return job


def start(job, *, by, commit):
    """Run the dry run (`commit=False`) or the import: at once for a small file, else as a background task."""
    target = registry.get_target(job.target)
    _authorize(by, job.organization, target)
    with transaction.atomic():
        job = lock(job)
        if commit and job.status != Status.VALIDATED:
            raise Conflict(_("Run the dry run without errors before importing."), code="import_not_validated")
        if not commit and job.status not in (Status.MAPPED, Status.VALIDATED, Status.FAILED):
            raise Conflict(_("Map the columns before the dry run."), code="import_not_mapped")
        job.status = Status.COMMITTING if commit else Status.VALIDATING
        job.processed_rows = 0
        job.save(update_fields=["status", "processed_rows", "updated_at"])
    if job.total_rows > background_rows():
        from .tasks import run_import

        transaction.on_commit(lambda: run_import.enqueue(job.pk, by.pk, commit))
        return job
    return execute(job, by=by, commit=commit)


class _RollBack(Exception):
    pass


def execute(job, *, by, commit):
    """The pass over every row (see the module's docstring); the job records its counts and its report."""
    target = registry.get_target(job.target)
    with job.file.open("rb") as handle:
        table = reading.read_table(
            handle.read(), job.original_name, max_bytes=target.max_bytes, max_rows=target.max_rows
        )
    report, counts = [], {"created": 0, "updated": 0, "notes": []}
    with translation.override(job.language), channel("import"):
        try:
            with transaction.atomic():
                if target.apply_bulk is not None:
                    bulk.apply_rows(job, target, table, by, report, counts, commit=commit)
                else:
                    _apply_rows(job, target, table, by, report, counts)
                if report or not commit:
                    raise _RollBack
        except _RollBack:
            pass
        return _finish(job, by=by, commit=commit, report=report, counts=counts)


def _apply_rows(job, target, table, by, report, counts):
    organization = job.organization
    lookups = target.lookups(organization)
    key_index = job.mapping[target.natural_key]
    keys = {cells[key_index] for _n, cells in table.rows if key_index < len(cells)}
    existing = _existing(target, organization, keys)
    first_row_of = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        values, errors = _parse_row(job, target, number, cells, lookups)
        key = values.get(target.natural_key)
        if key is not None and key in first_row_of:
            column = job.headers[key_index]
            errors.append(_line(number, column, _("Same value as row %(row)s.") % {"row": first_row_of[key]}))
        elif key is not None:
            first_row_of[key] = number
        if not errors:
            errors = _write_row(job, target, number, by, values, existing.get(key), counts)
        report.extend(errors)
        if done % PROGRESS_EVERY == 0:
            _progress(job, done)


def _write_row(job, target, number, by, values, existing, counts):
    try:
        with transaction.atomic():
            target.apply(by=by, organization=job.organization, values=dict(values), existing=existing)
    except ValidationError as error:
        return _lines_of(job, target, number, error)
    except DomainError as error:
        return [_line(number, "", str(error.message))]
    counts["updated" if existing is not None else "created"] += 1
    return []


def progress_key(job_pk):
    return f"imports:progress:{job_pk}"


def _progress(job, done):
    """Rows done so far. The rows are written in one open transaction that other connections cannot see into,
    so the figure goes through the cache (shared between web and task processes with Redis)."""
    cache.set(progress_key(job.pk), done, 3600)


def progress_of(job):
    if job.is_running:
        return cache.get(progress_key(job.pk), job.processed_rows)
    return job.processed_rows


def _finish(job, *, by, commit, report, counts):
    with transaction.atomic():
        job = lock(job)
        before = audit.snapshot(job, _TRACKED)
        if report:
            job.status = Status.FAILED
        else:
            job.status = Status.COMMITTED if commit else Status.VALIDATED
        job.report = report[:REPORT_LIMIT]
        job.notes = [str(note) for note in counts.get("notes", [])][:50]
        job.error_count = len(report)
        job.created_count, job.updated_count = counts["created"], counts["updated"]
        job.processed_rows = job.total_rows
        fields = ["status", "report", "notes", "error_count", "created_count", "updated_count", "processed_rows"]
        if job.status == Status.COMMITTED:
            job.committed_at = timezone.now()
            fields.append("committed_at")
        job.save(update_fields=[*fields, "updated_at"])
        audit.record(job, action=audit.Action.UPDATE, by=by, changes=audit.diff(before, audit.snapshot(job, _TRACKED)))
    cache.delete(progress_key(job.pk))
    return job


def fail(job_pk, *, by):
    """A run that crashed: the job says so instead of staying "in progress" for ever."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_pk)
        job.status = Status.FAILED
        job.report = [_line(0, "", _("The import stopped on an unexpected error; nothing was written."))]
        job.error_count = 1
        job.save(update_fields=["status", "report", "error_count", "updated_at"])
        audit.record(job, action=audit.Action.UPDATE, by=by, changes={"status": [None, job.status]})
    return job
