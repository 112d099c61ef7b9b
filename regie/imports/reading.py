"""Reading an uploaded table: CSV in any usual delimiter and encoding, or the first sheet of an XLSX workbook.

Encoding: a byte-order mark decides (UTF-8, UTF-16 — Excel's "Unicode text"); else UTF-8 if the bytes are
valid UTF-8 (they almost never are by accident), else Windows-1252 (what French Excel and most HR software
write), else Latin-1, which decodes anything. No statistical guesser: these four cover the files we get and
the choice is explainable. Delimiter: `csv.Sniffer` among `; , tab |`, else the one most frequent in the
first line.
"""

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
DELIMITERS = ";,\t|"


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str = ""
    delimiter: str = ""


def detect_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def detect_delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample else ""
        return max(DELIMITERS, key=first_line.count) if first_line else ","


def is_xlsx(data: bytes, name: str) -> bool:
    return name.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04")


# What files that are no table start with (a PDF, an image, an archive, an old Excel or Word file).
NOT_TABLES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0")


def _spaced(number):
    return f"{number:,}".replace(",", "\u202f")


def read_table(data: bytes, name: str, *, max_bytes=MAX_BYTES, max_rows=MAX_ROWS) -> Table:
    """The headers and the non-blank rows of a file; `ValidationError` with a message for the user otherwise."""
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > max_bytes:
        message = _("The file is larger than %(max)s MB: split it.") % {"max": max_bytes // (1024 * 1024)}
        raise ValidationError(message, code="too_large")
    if not is_xlsx(data, name) and not _looks_like_text(data):
        raise ValidationError(_("This file is not a CSV table or an XLSX workbook."), code="not_a_table")
    table = _read_xlsx(data, max_rows) if is_xlsx(data, name) else _read_csv(data, max_rows)
    if not any(table.headers):
        raise ValidationError(_("The first line must hold the column titles."), code="no_headers")
    if len(table.rows) > max_rows:
        raise ValidationError(
            _("The file has more than %(max)s rows: split it.") % {"max": _spaced(max_rows)}, code="too_many_rows"
        )
    return table


def _looks_like_text(data: bytes) -> bool:
    """A CSV is text: no known binary signature, and no NUL byte outside UTF-16."""
    if data.startswith(NOT_TABLES):
        return False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return b"\x00" not in data[:65536]


def _read_csv(data: bytes, max_rows=MAX_ROWS) -> Table:
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    delimiter = detect_delimiter(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _table(rows, max_rows)
    except csv.Error:
        raise ValidationError(_("This file cannot be read as a CSV table."), code="unreadable") from None
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _read_xlsx(data: bytes, max_rows=MAX_ROWS) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ValidationError(_("This file cannot be read as a spreadsheet."), code="unreadable") from None
    try:
        sheet = workbook.worksheets[0]
        rows = ([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        return _table(rows, max_rows)
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows, max_rows=MAX_ROWS) -> Table:
    headers, body = None, []
    for number, cells in enumerate(rows, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if headers is None:
            while not cells[-1]:  # a spreadsheet's formatted but empty columns
                cells.pop()
            headers = [c or _("Column %(n)s") % {"n": i} for i, c in enumerate(cells, start=1)]
            continue
        body.append((number, cells))
        if len(body) > max_rows:
            break
    return Table(headers=headers or [], rows=body)
