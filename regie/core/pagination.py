"""Page slicing with a bounded count, shared by HTML lists and the API.

An exact COUNT(*) over a large filtered set is where naive lists get slow; past `COUNT_LIMIT` rows we
say "more than 10 000" instead of counting them all.
"""

from dataclasses import dataclass

COUNT_LIMIT = 10_000


@dataclass
class Page:
    rows: list
    number: int
    size: int
    has_next: bool
    count: int
    count_is_exact: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def first_index(self):
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last_index(self):
        return (self.number - 1) * self.size + len(self.rows)

    @property
    def last_number(self):
        """The last page number when the count is exact, else None."""
        return max(1, -(-self.count // self.size)) if self.count_is_exact else None


def parse_page_number(raw) -> int:
    try:
        return min(max(1, int(raw or 1)), 1_000_000)
    except (TypeError, ValueError):
        return 1


def slice_page(queryset, number: int, size: int, count_limit: int = COUNT_LIMIT) -> Page:
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    if not has_next and (rows or number == 1):
        count = offset + len(rows)
    else:
        count = queryset.order_by()[: count_limit + 1].count()
    return Page(rows, number, size, has_next, min(count, count_limit), count <= count_limit)
