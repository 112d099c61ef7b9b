"""Record numbers: per-organization sequences, safe under concurrent writes."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import Counter

INCREMENT = (
    f"UPDATE {Counter._meta.db_table} SET value = value + 1 "  # noqa: S608 - table name from the model, values bound
    "WHERE organization_id = %s AND prefix = %s AND year = %s RETURNING value"
)
INCREMENT_BY = (
    f"UPDATE {Counter._meta.db_table} SET value = value + %s "  # noqa: S608 - table name from the model, values bound
    "WHERE organization_id = %s AND prefix = %s AND year = %s RETURNING value"
)


def next_number(organization, prefix, *, yearly=True, digits=6):
    """The next number of an organization's sequence: yearly (DI-2026-000042, restarting each 1 January in the
    organization's time) or continuous (`yearly=False`: EQ-000042). Every numbered record of every module
    takes its number here, inside the transaction that creates the record.

    One atomic `UPDATE … RETURNING`: the row lock it takes makes concurrent requests queue, so two never
    share a number; the counter row is created on the first number of the sequence (or of the year).
    """
    year = timezone.localdate().year if yearly else 0
    value = _increment(INCREMENT, [organization.pk, prefix, year], organization, prefix, year)
    return format_number(prefix, year, value, yearly=yearly, digits=digits)


def next_numbers(organization, prefix, count, *, yearly=True, digits=6):
    """`count` consecutive numbers of the sequence at once, in order (bulk writers: the maintenance generator
    numbers thousands of work orders): one `UPDATE … SET value = value + count RETURNING value`, the same row
    lock as `next_number`, so a block never overlaps another writer's numbers."""
    if count <= 0:
        return []
    year = timezone.localdate().year if yearly else 0
    last = _increment(INCREMENT_BY, [count, organization.pk, prefix, year], organization, prefix, year)
    return [
        format_number(prefix, year, value, yearly=yearly, digits=digits) for value in range(last - count + 1, last + 1)
    ]


def _increment(statement, params, organization, prefix, year):
    """Run the counter's UPDATE; the counter row is created on the first number of the sequence (or year)."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    Counter.objects.create(organization=organization, prefix=prefix, year=year)
            except IntegrityError:  # created concurrently by another transaction: increment that one
                pass
            cursor.execute(statement, params)
            row = cursor.fetchone()
    return row[0]


def format_number(prefix, year, value, *, yearly=True, digits=6):
    """How a sequence's number reads: DI-2026-000042 (yearly) or EQ-000042 (continuous)."""
    return f"{prefix}-{year}-{value:0{digits}d}" if yearly else f"{prefix}-{value:0{digits}d}"
