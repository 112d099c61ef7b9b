"""Writing many rows fast, for the bulk path of imports: primary keys reserved before the insert (so a row can
hold what depends on its own key, such as a tree path, without a second write), multi-row INSERT and
UPDATE … FROM (VALUES …) statements built from the model's fields. The ORM's bulk_create and bulk_update
spend most of 100,000 rows' time compiling expressions; these build each statement once per batch.

The model's rules are not run here: callers validate first (the import targets do, with their services'
rules). Sort keys and auto_now fields are filled by the fields' `pre_save`, as bulk_create does.
"""

from django.db import connections, router
from django.db.models import BooleanField, DateField, DateTimeField, DecimalField, JSONField

MAX_PARAMETERS = 30_000  # SQLite's bound is 32,766
CONVERTED = (DecimalField, DateField, DateTimeField, JSONField, BooleanField)  # DateTimeField is a DateField


def _connection(model):
    return connections[router.db_for_write(model)]


def reserve_pks(model, count):
    """`count` primary keys no other writer will take: from the sequence on PostgreSQL; past the largest key on
    SQLite, whose writers hold the database's lock from BEGIN (transaction_mode IMMEDIATE)."""
    if count <= 0:
        return []
    connection = _connection(model)
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quoted(column)}), 0) FROM {quoted(table)}")  # noqa: S608 (names of the model)
        largest = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        largest = max(largest, cursor.fetchone()[0])
    return list(range(largest + 1, largest + 1 + count))


def _converters(fields, connection):
    """Per field, what turns a value into a parameter: nothing for texts and integers, the field's own
    get_db_prep_save for the others (None stays NULL without a call)."""

    def plain(value):
        return value

    def convert(field):
        prep = field.get_db_prep_save
        return lambda value: None if value is None else prep(value, connection)

    return [convert(f) if isinstance(f, CONVERTED) else plain for f in fields]


def _getters(fields):
    """Per field, how an insert reads its value: `pre_save` where the field computes it (sort keys, auto_now),
    else the attribute."""
    from regie.core.fields import SortKeyField

    def computed(field):
        return lambda obj: field.pre_save(obj, True)

    def attribute(field):
        name = field.attname
        return lambda obj: getattr(obj, name)

    def computes(field):
        return (
            isinstance(field, SortKeyField)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        )

    return [computed(f) if computes(f) else attribute(f) for f in fields]


def insert(model, objects, *, with_pk=True):
    """INSERT the objects (their primary keys set when `with_pk`, else the database gives them)."""
    if not objects:
        return
    connection = _connection(model)
    quoted = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    pairs = list(zip(_getters(fields), _converters(fields, connection), strict=True))
    columns = ", ".join(quoted(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(1000, MAX_PARAMETERS // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), size):
            batch = objects[start : start + size]
            params = []
            for obj in batch:
                params.extend(convert(read(obj)) for read, convert in pairs)
            statement = f"INSERT INTO {quoted(model._meta.db_table)} ({columns}) VALUES {', '.join([row] * len(batch))}"  # noqa: S608
            cursor.execute(statement, params)


def update(model, objects, names):
    """UPDATE the fields `names` of the objects, by primary key, one statement per batch."""
    if not objects or not names:
        return
    connection = _connection(model)
    quoted = connection.ops.quote_name
    meta = model._meta
    fields = [meta.pk, *(meta.get_field(name) for name in names)]
    converters = _converters(fields, connection)
    if connection.vendor == "postgresql":
        placeholders = [f"CAST(%s AS {f.db_type(connection)})" for f in fields]
    else:
        placeholders = ["%s"] * len(fields)
    row = "(" + ", ".join(placeholders) + ")"
    table = quoted(meta.db_table)
    assignments = ", ".join(f"{quoted(f.column)} = v.column{i}" for i, f in enumerate(fields[1:], start=2))
    size = max(1, min(1000, MAX_PARAMETERS // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), size):
            batch = objects[start : start + size]
            params = []
            for obj in batch:
                params.extend(c(getattr(obj, f.attname)) for f, c in zip(fields, converters, strict=True))
            values = ", ".join([row] * len(batch))
            where = f"{table}.{quoted(meta.pk.column)} = v.column1"
            statement = f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v WHERE {where}"  # noqa: S608
            cursor.execute(statement, params)
