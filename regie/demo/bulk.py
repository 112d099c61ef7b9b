"""The demo's bulk table writer: rows straight to a table, `executemany` (SQLite) or `COPY` (PostgreSQL)."""

import json
from datetime import UTC

from django.db import connections, router

BATCH = 2000


# --- Writing it down ---------------------------------------------------------------------------------------------
class Table:
    """Rows of one model written straight to its table: `executemany` (SQLite) or `COPY` (PostgreSQL).

    Hundreds of thousands of rows: model instances and `bulk_create` would cost more than the whole simulation.
    Values are given by attname; absent ones take the field's default. Ids, when the rows need them before
    they are written (other rows point at them), are reserved first: from the table's sequence on PostgreSQL,
    past the highest ever used on SQLite (the build holds the write lock).
    """

    def __init__(self, model, columns=None, *, with_ids=False):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.postgres = self.connection.vendor == "postgresql"
        fields = [model._meta.get_field(name) for name in columns] if columns else model._meta.concrete_fields
        self.fields = [f for f in fields if columns or with_ids or not f.primary_key]
        # (attname, default: the field's, "" or None as Django gives it, converter)
        self.spec = [(f.attname, None if f.primary_key else f.get_default(), self.converter(f)) for f in self.fields]

    def converter(self, f):
        """What a value needs before the driver takes it (dates and decimals pass as they are)."""
        internal = f.get_internal_type()
        if internal == "DateTimeField" and not self.postgres:
            return utc_naive  # SQLite keeps UTC without an offset (Django's adapter writes naive values)
        if internal == "JSONField":
            return json.dumps
        return None

    def row(self, values):
        """A row (tuple, in column order, converted for the database) from values by attname."""
        return tuple(values.get(a, d) if c is None else c(values.get(a, d)) for a, d, c in self.spec)

    def reserve(self, count):
        """`count` new ids for this table."""
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT max(id) FROM "{table}"')  # noqa: S608 (a model's own table name)
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            first = max(highest, found[0] if found else 0) + 1
            return list(range(first, first + count))

    def insert(self, rows):
        if not rows:
            return
        table = self.model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(self.fields))
            sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'  # noqa: S608 (model metadata only)
            for start in range(0, len(rows), 10 * BATCH):
                cursor.executemany(sql, rows[start : start + 10 * BATCH])


def utc_naive(value):
    """An aware datetime as SQLite columns keep it under USE_TZ: UTC, no offset (as Django's adapter writes it)."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
