"""Page slicing with a bounded count and keyset cursors, shared by HTML lists and the API.

An exact COUNT(*) over a large filtered set is where naive lists get slow; past `COUNT_LIMIT` rows we
say "more than 10 000" instead of counting them all. Deep pages are the other place: see "keyset pages" below.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q

COUNT_LIMIT = 10_000
PAGE_PARAM, CURSOR_PARAM = "page", "cursor"  # the query parameters of a page, in the browser and the API
PAGE_PARAMS = (PAGE_PARAM, CURSOR_PARAM)


@dataclass
class Page:
    rows: list
    number: int
    size: int
    has_next: bool
    count: int
    count_is_exact: bool
    next_cursor: str = ""
    previous_cursor: str = ""

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

    @property
    def next_params(self):
        """The query parameters of the "Next" link (None: leave the parameter out)."""
        return {PAGE_PARAM: self.number + 1, CURSOR_PARAM: self.next_cursor or None}

    @property
    def previous_params(self):
        """The query parameters of the "Previous" link: the first page plainly, else after its cursor if any."""
        if self.number <= 2:
            return {PAGE_PARAM: None, CURSOR_PARAM: None}
        return {PAGE_PARAM: self.number - 1, CURSOR_PARAM: self.previous_cursor or None}


def parse_page_number(raw) -> int:
    try:
        return min(max(1, int(raw or 1)), 1_000_000)
    except (TypeError, ValueError):
        return 1


def page_of_request(queryset, request, size: int, count_limit: int = COUNT_LIMIT) -> Page:
    """The page a browser asks for (`?page=`, `?cursor=`); a cursor that is not ours is ignored, not an error."""
    number, scope = parse_page_number(request.GET.get(PAGE_PARAM)), list_scope(request)
    try:
        return slice_page(queryset, number, size, count_limit, cursor=request.GET.get(CURSOR_PARAM, ""), scope=scope)
    except BadCursor:
        return slice_page(queryset, number, size, count_limit, scope=scope)


def list_scope(request) -> str:
    """Who reads which list with which filters: a cursor carries its list's count only for the same scope."""
    params = sorted((key, value) for key, values in request.GET.lists() for value in values if key not in PAGE_PARAMS)
    text = repr((getattr(request.user, "pk", None), request.path, params))
    return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


def slice_page(
    queryset, number: int, size: int, count_limit: int = COUNT_LIMIT, cursor: str = "", scope: str = ""
) -> Page:
    """Page `number` of `queryset`, read after/before `cursor` when one is given (BadCursor if it is not ours).

    A list ordered by plain fields gets a primary-key tiebreak and nulls sorted last on both databases, so that
    its pages neither repeat nor skip rows and its cursors mean the same thing on SQLite and PostgreSQL.
    `scope` (see `list_scope`) names the reader and filters: the cursors of a page then carry its count, and the
    pages they lead to show it instead of counting again (a cursor page needs no count of its own).
    """
    order = _ordering(queryset)
    direction, nullable, known = None, {}, None
    if order is not None:
        nullable = {path: _nullable(queryset.model, path) for path, _ in order}
        queryset = queryset.order_by(*_order_by(order, nullable))
        if cursor:
            direction, values, known = read_cursor(cursor, order, scope)
    elif cursor:
        raise BadCursor("this list has no cursors")
    if direction == "next":
        rows = list(queryset.filter(_past(order, values, nullable, forward=True))[: size + 1])
        number, has_next = max(number, 2), len(rows) > size
        rows = rows[:size]
    elif direction == "prev":
        before = queryset.filter(_past(order, values, nullable, forward=False)).order_by(
            *_order_by(order, nullable, reverse=True)
        )
        rows = list(before[: size + 1])
        number = max(number, 2) if len(rows) > size else 1  # nothing further back: this is the first page
        rows, has_next = rows[:size][::-1], True
    else:
        offset = (number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
    if not has_next and (rows or number == 1):
        count = (number - 1) * size + len(rows)
    elif known is not None:
        count = known
    else:
        count = queryset.order_by()[: count_limit + 1].count()
    page = Page(rows, number, size, has_next, min(count, count_limit), count <= count_limit)
    if order is not None and rows:
        carried = (scope, count) if scope else None
        page.next_cursor = make_cursor(order, rows[-1], "next", carried) if has_next else ""
        page.previous_cursor = make_cursor(order, rows[0], "prev", carried) if page.has_previous else ""
    return page


# --- keyset ("cursor") pages -----------------------------------------------------------------------------------
#
# "Next" and "Previous" carry a cursor: the sort values of the last (first) row shown, signed. The next page is
# then "rows after these values" — an index range read of `size` rows however deep the page — where OFFSET
# reads and throws away every row before it (170 ms at page 300 of a 230,000-row list). A page reached by its
# number alone (a bookmark, "?page=7") is still read with OFFSET.

CURSOR_SALT = "regie.core.pagination.cursor"
PASSES = ("next", "prev")


class BadCursor(ValueError):
    """A cursor that was not made by this server for this sort order."""


def _ordering(queryset):
    """[(path, descending)] of the queryset's ordering, ending with the primary key; None if not plain fields."""
    query = queryset.query
    names = list(query.order_by) or (list(query.get_meta().ordering) if query.default_ordering else [])
    if not names or not all(isinstance(name, str) and name != "?" for name in names):
        return None
    order = [(name.lstrip("-"), name.startswith("-")) for name in names]
    order = [("pk" if path in ("pk", "id") else path, desc) for path, desc in order]
    if order[-1][0] != "pk":
        order.append(("pk", order[-1][1]))
    try:  # model fields only: an annotation keeps OFFSET pages
        for path, _ in order:
            _nullable(queryset.model, path)
    except FieldDoesNotExist:
        return None
    return order


def _nullable(model, path):
    if path == "pk":
        return False
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.null:
            return True
        model = field.related_model
    return False


def _value(row, path):
    for part in path.split("__"):
        if row is None:
            return None
        row = getattr(row, part)
    return row


def _plain(value):
    """A JSON value the ORM reads back for the same field (full precision: no DjangoJSONEncoder here)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)  # Decimal, UUID


def _signature(order):
    return ",".join(("-" if desc else "") + path for path, desc in order)


def make_cursor(order, row, direction, count=None):
    """A signed cursor past `row`; `count` = (scope, count) lets the page it leads to show the count unrecounted."""
    payload = {"o": _signature(order), "d": direction, "v": [_plain(_value(row, path)) for path, _ in order]}
    if count is not None:
        payload["s"], payload["n"] = count
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def read_cursor(token, order, scope=""):
    """(direction, values, count) of a cursor made for `order`, else BadCursor. The count is the one the cursor
    carries for the same `scope`, else None (count again)."""
    try:
        payload = signing.loads(token, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise BadCursor("not a cursor of this server") from None
    if not isinstance(payload, dict) or payload.get("o") != _signature(order) or payload.get("d") not in PASSES:
        raise BadCursor("a cursor of another list or sort order")
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(order):
        raise BadCursor("malformed cursor")
    count = payload.get("n")
    known = count if scope and payload.get("s") == scope and isinstance(count, int) and count >= 0 else None
    return payload["d"], values, known


def _past(order, values, nullable, *, forward):
    """Rows strictly after (`forward`) or before `values` in `order`, nulls sorting last in both directions.

    (a, b, pk) after (x, y, z) is: a beyond x, or a = x and b beyond y, or a = x, b = y and pk beyond z —
    plus a plain bound on the first key, the range an index can start from.
    """
    terms, same = [], Q()
    for (path, desc), value in zip(order, values, strict=True):
        greater = desc != forward  # moving the wanted way along this key means greater values
        if value is None:  # only nulls follow a null (and tie with it); every non-null precedes it
            step = None if forward else Q(**{f"{path}__isnull": False})
            equal = Q(**{f"{path}__isnull": True})
        else:
            step = Q(**{f"{path}__{'gt' if greater else 'lt'}": value})
            if forward and nullable[path]:
                step |= Q(**{f"{path}__isnull": True})
            equal = Q(**{path: value})
        if step is not None:
            terms.append(same & step)
        same &= equal
    condition = Q()
    for term in terms:
        condition |= term
    path, desc = order[0]
    if values[0] is not None and not nullable[path]:
        condition &= Q(**{f"{path}__{'gte' if desc != forward else 'lte'}": values[0]})  # index range start
    return condition


def _order_by(order, nullable, *, reverse=False):
    """ORDER BY with nulls last (first when reversed) on both databases; plain names where no null can occur."""
    terms = []
    for path, desc in order:
        desc = desc != reverse
        if nullable[path]:
            nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
            terms.append(F(path).desc(**nulls) if desc else F(path).asc(**nulls))
        else:
            terms.append(f"-{path}" if desc else path)
    return terms
