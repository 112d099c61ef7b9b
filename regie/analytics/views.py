"""The dashboards' pages: the role's dashboard, its tables as files (CSV, XLSX) and the council's monthly report
(a printable page and its PDF). Thin: the scope is `scope.scope_from_query`, the figures `dashboards.build`."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from regie.core.views import TenantViewMixin
from regie.imports.exports import FORMATS, ExportColumn, export_response

from . import council, dashboards, display
from .period import preset
from .scope import ScopeForm, dashboard_of, led_teams, scope_from_query

EXPORT_TABLES = ("indicators", *dashboards.BREAKDOWNS)


class ScopedPage(TenantViewMixin, TemplateView):
    """A page of the role's dashboard for the period and filters of its query string."""

    permission_action = "indicator.view"
    known_parameters = ()

    def default_query(self):
        return self.request.GET

    def scope_or_errors(self):
        membership = self.request.membership
        if dashboard_of(membership) == "team" and not led_teams(self.organization, membership).exists():
            return None, {"team": [_("You lead no team: the team dashboard is its leader's.")]}, 403
        try:
            scope = scope_from_query(self.default_query(), self.organization, membership, known=self.known_parameters)
        except ValidationError as error:
            return None, error.message_dict, 400
        return scope, {}, 200


class DashboardView(ScopedPage):
    """The dashboard of the member's role: tiles, tables and the monthly trend, each figure linked to its records."""

    template_name = "analytics/dashboard.html"

    def get(self, request, *args, **kwargs):
        scope, errors, status = self.scope_or_errors()
        form = ScopeForm(request.GET or None, organization=self.organization)
        context = self.get_context_data(form=form, errors=errors, scope=scope)
        if scope is not None:
            board = dashboards.build(scope)
            context.update(
                dashboard=board,
                title=board.title,
                export_query=request.GET.urlencode(),
                chart={
                    "labels": [row["month"].strftime("%Y-%m") for row in board.trend],
                    "received": [row["received"] for row in board.trend],
                    "closed": [row["closed"] for row in board.trend],
                    "names": {"received": _("Received"), "closed": _("Closed")},
                },
            )
        else:
            context["title"] = _("Dashboard")
        return self.render_to_response(context, status=status)


class DashboardExportView(ScopedPage):
    """A dashboard's table as a file: the indicators (value, previous period, records) or one of its tables."""

    def get(self, request, *args, table="indicators", format="csv", **kwargs):
        scope, errors, status = self.scope_or_errors()
        if scope is None or table not in EXPORT_TABLES or format not in FORMATS:
            return HttpResponse(
                "\n".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()) or _("Not found."),
                status=status if scope is None else 404,
                content_type="text/plain; charset=utf-8",
            )
        board = dashboards.build(scope)
        period = str(scope.period)
        if table == "indicators":
            rows = [{"figure": f, "section": s.title} for s in board.sections for f in s.figures]
            columns = [
                ExportColumn(_("Section"), lambda row: str(row["section"])),
                ExportColumn(_("Indicator"), lambda row: str(row["figure"].indicator.label)),
                ExportColumn(_("Period"), lambda row: _("now") if row["figure"].indicator.current else period),
                ExportColumn(_("Value"), lambda row: display.value_text(row["figure"].indicator, row["figure"].value)),
                ExportColumn(_("90th percentile"), lambda row: _p90(row["figure"])),
                ExportColumn(_("Previous period"), lambda row: _previous(row["figure"])),
                ExportColumn(_("Records"), lambda row: _records(row["figure"])),
                ExportColumn(_("Definition"), lambda row: str(row["figure"].indicator.formula)),
            ]
        else:
            found = next((t for t in board.tables if t.breakdown.key == table), None)
            if found is None:
                return HttpResponse(_("This table is not on your dashboard."), status=404, content_type="text/plain")
            rows = found.rows
            columns = [
                ExportColumn(_("Group"), lambda row: row.label),
                ExportColumn(str(found.breakdown.title), lambda row: display.value_text(row.figure.indicator,
                                                                                        row.figure.value)),
                ExportColumn(_("90th percentile"), lambda row: _p90(row.figure)),
                ExportColumn(_("Records"), lambda row: row.figure.count),
            ]  # fmt: skip
        name = f"{slugify(str(board.title))}-{table}-{scope.period.start}-{scope.period.end}"
        return export_response(request, rows, columns, name, format)


def _p90(figure):
    return display.value_text(figure.indicator, figure.p90) if figure.indicator.kind == "duration" else ""


def _previous(figure):
    return "" if figure.indicator.current else display.value_text(figure.indicator, figure.previous)


def _records(figure):
    if figure.indicator.kind == "ratio":
        return figure.denominator
    return figure.count


class CouncilReportView(ScopedPage):
    """The one-page monthly report for the municipal council (last month by default): the elected official's
    figures, compared with the month before, with the organization's name and period; printable, and as PDF."""

    template_name = "analytics/council.html"

    def default_query(self):
        query = self.request.GET
        if not any(name in query for name in ("period", "date_from", "date_to")):
            query = query.copy()
            query.update(preset("last_month").query())
        return query

    def get(self, request, *args, pdf=False, **kwargs):
        scope, errors, status = self.scope_or_errors()
        if scope is None:
            context = self.get_context_data(errors=errors, title=_("Monthly report for the council"))
            return self.render_to_response(context, status=status)
        report = council.report(scope, timezone.now())
        if pdf:
            response = HttpResponse(council.pdf(report), content_type="application/pdf")
            name = f"rapport-{slugify(self.organization.name)}-{scope.period.start:%Y-%m}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "private, no-store"
            return response
        context = self.get_context_data(report=report, title=report.title, query=request.GET.urlencode())
        return self.render_to_response(context)
