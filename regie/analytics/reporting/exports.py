"""Scheduled exports of the facts: per organization, one CSV and one Parquet file of each (docs/reporting.md).

The rows are exactly those the organization's reporting role reads through the views (`facts.Fact.rows`, given
the organization and its today), the columns the same, in the same order. They stream from the database in
chunks (`CHUNK_SIZE` rows: a server-side cursor on PostgreSQL), each chunk written to both files, so a million
rows never sit in memory. Each file is written beside its final name and moved over it once complete: a reader
never meets half a file.

CSV: the platform's dialect (`imports.exports`: `;`, UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting, a text
that a spreadsheet would run as a formula made inert), with machine values a BI tool reads the same in every
language: ISO 8601 dates and UTC times, a dot as the decimal separator, `true`/`false`, nothing for none.
Parquet: typed columns (64-bit integers, decimals of the field's precision, UTC timestamps, dates, booleans).
"""

import csv
import datetime
import decimal
import logging
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import models
from django.utils import timezone

from regie.imports.exports import CSV_DELIMITER, neutralise

from .facts import FACTS

logger = logging.getLogger(__name__)

CHUNK_SIZE = 5000


def arrow_type(field):
    """The Parquet type of a column from its Django field."""
    if isinstance(field, models.BooleanField):
        return pa.bool_()
    if isinstance(field, models.DecimalField):
        return pa.decimal128(field.max_digits, field.decimal_places)
    if isinstance(field, models.DateTimeField):
        return pa.timestamp("us", tz="UTC")
    if isinstance(field, models.DateField):
        return pa.date32()
    if isinstance(field, models.AutoField | models.IntegerField):
        return pa.int64()
    return pa.string()


def arrow_schema(fact):
    fields = fact.output_fields()
    return pa.schema([pa.field(name, arrow_type(fields[name])) for name in fact.column_names])


def csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def organization_today(organization):
    return timezone.localdate(timezone=ZoneInfo(organization.timezone))


def _chunks(rows, size):
    chunk = []
    for row in rows.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_fact(fact, organization, folder, *, on=None, chunk_size=CHUNK_SIZE):
    """Write `<folder>/<fact>.csv` and `.parquet` of the rows `organization` sees; returns how many rows."""
    schema = arrow_schema(fact)
    rows = fact.rows([organization.pk], on or organization_today(organization))
    csv_path, parquet_path = folder / f"{fact.name}.csv", folder / f"{fact.name}.parquet"
    csv_part, parquet_part = csv_path.with_suffix(".csv.part"), parquet_path.with_suffix(".parquet.part")
    count = 0
    try:
        with (
            csv_part.open("w", encoding="utf-8-sig", newline="") as handle,
            pq.ParquetWriter(parquet_part, schema) as parquet,
        ):
            writer = csv.writer(handle, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(fact.column_names)
            for chunk in _chunks(rows, chunk_size):
                writer.writerows([csv_text(value) for value in row] for row in chunk)
                columns = list(zip(*chunk, strict=True))
                arrays = [pa.array(column, type=schema.field(i).type) for i, column in enumerate(columns)]
                parquet.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
                count += len(chunk)
            if not count:
                parquet.write_table(schema.empty_table())
    except BaseException:
        csv_part.unlink(missing_ok=True)
        parquet_part.unlink(missing_ok=True)
        raise
    os.replace(csv_part, csv_path)
    os.replace(parquet_part, parquet_path)
    return count


def export_organization(organization, directory, *, on=None, chunk_size=CHUNK_SIZE):
    """Every fact of `organization` into `<directory>/<slug>/`; returns {fact name: rows}."""
    folder = Path(directory) / organization.slug
    folder.mkdir(parents=True, exist_ok=True)
    return {fact.name: export_fact(fact, organization, folder, on=on, chunk_size=chunk_size) for fact in FACTS}


def export_directory():
    value = settings.REGIE_REPORTING_EXPORT_DIR
    return Path(value) if value else None


def run(now=None, *, organizations=None, directory=None):
    """The scheduled job (`analytics.reporting_export`): every active organization's files, or nothing when
    `REGIE_REPORTING_EXPORT_DIR` is unset. Returns the summary kept as the run's outcome (counts only)."""
    from regie.core.models import Organization

    directory = directory or export_directory()
    if directory is None:
        return "Reporting exports are off (REGIE_REPORTING_EXPORT_DIR is not set)."
    if organizations is None:
        organizations = Organization.objects.filter(archived_at__isnull=True).order_by("slug")
    exported, total = 0, 0
    for organization in organizations:
        counts = export_organization(organization, directory)
        exported += 1
        total += sum(counts.values())
        logger.info("reporting export of %s: %s rows", organization.slug, sum(counts.values()))
    return f"{exported} organizations exported, {total} rows, {exported * len(FACTS) * 2} files."
