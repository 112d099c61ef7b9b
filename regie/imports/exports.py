"""Exports: any list's rows as CSV or XLSX, with exactly the page's scope.

`export_response(request, rows, columns, filename, format)` serves an iterable or a queryset; list views get
it through `ExportListMixin`, which exports the queryset the page itself lists (`get_queryset()`: the same
selector, organization, role scope, search, filters and sort), so an export can never show more than the page.

GeoJSON (lists that locate their rows, `ExportListMixin.export_geometry`): a FeatureCollection (RFC 7946, WGS 84)
streamed feature by feature, the columns as each feature's properties.

CSV: `;`-separated, UTF-8 with a byte-order mark, CRLF line ends and RFC 4180 quoting — what French (and
German) Excel opens correctly with a double click; numbers use the user's decimal separator. XLSX: one sheet
written by openpyxl in write-only mode. In both, a text cell starting with `= + - @` (or a tab/carriage
return) gets a leading apostrophe, so a value typed by a user cannot run as a spreadsheet formula.
"""

import csv
import datetime
import decimal
import json
import tempfile
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regie.core.pagination import CURSOR_PARAM, PAGE_PARAM

FORMATS = ("csv", "xlsx")
GEOJSON = "geojson"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: object  # a dotted attribute path ("department.name") or a function of the row

    def of(self, row):
        return self.value(row) if callable(self.value) else attribute_value(row, self.value)


def attribute_value(obj, path):
    """The value of a dotted path (or a key, for rows that are dicts), choices by their label, related records
    by their name."""
    value = obj
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
            if value is None:
                return None
            continue
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if value is None:
            return None
        if callable(value) and not hasattr(value, "all"):
            value = value()
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all())
    if isinstance(value, models.Model):
        return str(value)
    return value


def neutralise(text: str) -> str:
    """A text a spreadsheet would take for a formula, made inert."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_text(value, tz):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float | int):
        return formats.number_format(value, use_l10n=True)
    return neutralise(str(value))


def _xlsx_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    return neutralise(str(value))


def _rows(rows):
    if hasattr(rows, "iterator"):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


class _Echo:
    """csv.writer writes into this and gets the line back, so each line streams as it is produced."""

    def write(self, value):
        return value


def csv_lines(rows, columns, *, language=None, tz=None):
    """The lines of the CSV, produced while the response streams — after the view returned, so the request's
    language and time zone are passed in rather than read from the (by then possibly reset) thread state."""
    language = language or translation.get_language()
    tz = tz or timezone.get_current_timezone()
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    with translation.override(language):
        yield "\ufeff" + writer.writerow([neutralise(str(c.header)) for c in columns])
        for row in _rows(rows):
            yield writer.writerow([_csv_text(c.of(row), tz) for c in columns])


def export_response(request, rows, columns, filename, format):
    """The rows as a download: `columns` are `ExportColumn`s, `filename` has no extension."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    name = f"{slugify(filename) or 'export'}-{timezone.localdate().isoformat()}.{format}"
    if format == "csv":
        lines = csv_lines(rows, columns, language=translation.get_language(), tz=timezone.get_current_timezone())
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(_xlsx_file(rows, columns, filename), as_attachment=True, filename=name)
        response["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx_file(rows, columns, title):
    """An XLSX is a zip with a directory at its end: it is written to a temporary file, then served from it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31] or "Export")
    sheet.append([neutralise(str(c.header)) for c in columns])
    for row in _rows(rows):
        sheet.append([_xlsx_value(c.of(row)) for c in columns])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse once sent
    workbook.save(handle)
    handle.seek(0)
    return handle


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def geojson_chunks(rows, columns, geometry, *, language=None):
    """The FeatureCollection's text, one feature at a time; `geometry(row)` is a GeoJSON geometry or None."""
    language = language or translation.get_language()
    with translation.override(language):
        yield '{"type": "FeatureCollection", "features": ['
        for index, row in enumerate(_rows(rows)):
            feature = {
                "type": "Feature",
                "id": row.pk,
                "geometry": geometry(row),
                "properties": {str(c.header): _json_value(c.of(row)) for c in columns},
            }
            yield ("," if index else "") + json.dumps(feature, ensure_ascii=False)
        yield "]}\n"


def geojson_response(rows, columns, geometry, filename):
    name = f"{slugify(filename) or 'export'}-{timezone.localdate().isoformat()}.geojson"
    chunks = geojson_chunks(rows, columns, geometry, language=translation.get_language())
    response = StreamingHttpResponse(chunks, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


class ExportListMixin:
    """For a `core.views.RecordListView`: `?export=csv|xlsx` on the list's own URL downloads what it lists.

    The columns are the page's (`columns`) unless the view sets `export_columns`. The list shows "Export CSV /
    XLSX" links that keep the current search, filters and sort (and follow them when HTMX reloads the table).
    """

    export_action = "export.run"
    export_columns = None
    export_geometry = None  # row -> GeoJSON geometry or None: the list exports GeoJSON too

    def export_formats(self):
        return (*FORMATS, GEOJSON) if self.export_geometry is not None else FORMATS

    def get_export_columns(self):
        if self.export_columns is not None:
            return self.export_columns
        return [ExportColumn(str(c.label), c.attr) for c in self.visible_columns()]  # money: the page's rule

    def may_export(self):
        return self.can(self.export_action)

    def get(self, request, *args, **kwargs):
        wanted = request.GET.get("export")
        if wanted in self.export_formats():
            if not self.may_export():
                raise PermissionDenied
            title = str(self.title or self.model._meta.verbose_name_plural)
            if wanted == GEOJSON:
                geometry = type(self).export_geometry
                return geojson_response(self.get_queryset(), self.get_export_columns(), geometry, title)
            return export_response(request, self.get_queryset(), self.get_export_columns(), title, wanted)
        response = super().get(request, *args, **kwargs)
        if getattr(request, "htmx", False) and not request.htmx.boosted and hasattr(response, "render"):
            response.add_post_render_callback(self._append_export_links)
        return response

    def export_links(self):
        if not self.may_export():
            return []
        params = [(k, v) for k, v in self.request.GET.lists() if k not in (PAGE_PARAM, CURSOR_PARAM, "export")]
        query = [(k, v) for k, values in params for v in values]
        labels = {"csv": _("Export CSV"), "xlsx": _("Export XLSX"), GEOJSON: _("Export GeoJSON")}
        return [
            (labels[fmt], f"{self.request.path}?{urlencode([*query, ('export', fmt)])}")
            for fmt in self.export_formats()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_links"] = self.export_links()
        return context

    def _append_export_links(self, response):
        """The table was reloaded by HTMX (filters changed): the links follow, swapped out of band."""
        html = render_to_string(
            "imports/_export_links.html", {"export_links": self.export_links(), "oob": True}, self.request
        )
        response.content = response.content + html.encode()
