"""Percentiles computed by the database, on PostgreSQL and SQLite alike (SQLite has no `percentile_cont`).

One query numbers the rows of each group by their value with window functions (`ROW_NUMBER`, `COUNT` over the
group) and keeps, per group, only the one or two rows around each quantile's position; the answer interpolates
between those two values as `percentile_cont` does (PostgreSQL's, which a test compares it with). No row beyond
those two per group and quantile leaves the database.

Positions are integer arithmetic in SQL — a quantile is a fraction `a/b`, the lower row is `(n - 1) * a / b + 1`
in integer division — so that a float never lands a row off.
"""

from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, F, Q, Value, Window
from django.db.models.functions import RowNumber

MEDIAN, P90 = Fraction(1, 2), Fraction(9, 10)


def _fraction(quantile):
    fraction = Fraction(quantile).limit_denominator(1000)
    if not 0 <= fraction <= 1:
        raise ValueError(f"a quantile is between 0 and 1, not {quantile}")
    return fraction


def percentiles(queryset, expression, quantiles=(MEDIAN, P90), *, group_by=None):
    """The `quantiles` of `expression` over `queryset` (rows where it is null left out), interpolated linearly
    between the closest ranks (PostgreSQL's `percentile_cont`).

    Without `group_by`: {quantile: value} (values None without rows). With `group_by` (a field name):
    {group value: {quantile: value}} for the groups that have rows. Values keep the expression's type
    (timedelta for a duration; a Decimal or float for a number)."""
    fractions = [_fraction(q) for q in quantiles]
    partition = [F(group_by)] if group_by else []
    numbered = (
        queryset.order_by()
        .annotate(percentile_value=expression)
        .filter(percentile_value__isnull=False)
        .annotate(
            percentile_rank=Window(RowNumber(), partition_by=partition, order_by=F("percentile_value").asc()),
            percentile_count=Window(Count("pk"), partition_by=partition),
        )
    )
    wanted = Q()
    for fraction in fractions:
        lower = (F("percentile_count") - 1) * Value(fraction.numerator) / Value(fraction.denominator) + 1
        wanted |= Q(percentile_rank=lower) | Q(percentile_rank=lower + 1)
    fields = ["percentile_rank", "percentile_count", "percentile_value", *([group_by] if group_by else [])]
    rows = numbered.filter(wanted).values_list(*fields)
    by_group = {}
    for rank, count, value, *group in rows:
        by_group.setdefault(group[0] if group else None, {"count": count, "values": {}})["values"][rank] = value
    answer = {group: _interpolate(found, fractions) for group, found in by_group.items()}
    if group_by:
        return answer
    return answer.get(None) or dict.fromkeys(fractions)


def _interpolate(found, fractions):
    count, values = found["count"], found["values"]
    result = {}
    for fraction in fractions:
        position = (count - 1) * fraction  # 0-based, exact
        lower = int(position)
        low = values[lower + 1]
        remainder = position - lower
        if remainder == 0:
            result[fraction] = low
            continue
        high = values[lower + 2]
        result[fraction] = low + (high - low) * _as_factor(remainder, low)
    return result


def _as_factor(remainder, sample):
    """The interpolation factor in the values' arithmetic (a timedelta takes a float, a Decimal a Decimal)."""
    if isinstance(sample, Decimal):
        return Decimal(remainder.numerator) / Decimal(remainder.denominator)
    return float(remainder)
