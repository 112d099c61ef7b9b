"""The costs page and its export (CSV, XLSX): what work cost, by department, category, cost code, team or month."""

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core.filters import unknown_parameters
from regie.imports.exports import ExportColumn, export_response

from .. import forms
from ..costs_report import BUDGET_FIGURES, FIGURES, budget_report, cost_report, with_budget_year, work_orders_query
from .base import PageView


class CostSummaryView(PageView):
    """What things cost, grouped by department, category, cost code ("what did the 14 July cost?"), team, month,
    and the budget follow-up of the year's budget lines.

    The figures are `costs_report.cost_report` — the same as the CSV export and `/api/v1/costs/summary/`; each
    links to the work-order list that selects the work orders behind it (`costs_report.work_orders_query`).
    Without dates, the period is the current budget year (the calendar year, as the French communes' budgets).
    """

    permission_action = "cost.view"
    template_name = "interventions/costs.html"

    def query(self):
        """The page's query string, the period defaulting to the current budget year."""
        return with_budget_year(self.request.GET)

    def report(self):
        """(form, report, scope): the report of the filters asked (None when they are not valid) and the arguments
        it was called with."""
        form = forms.CostFilterForm(self.query(), organization=self.organization)
        if not form.is_valid():
            return form, None, {}
        data = form.cleaned_data
        scope = {
            "date_from": forms.day_start(data.get("date_from")),
            "date_to": forms.day_start(data.get("date_to"), days=1),
            "cost_code": forms.pk_of(data.get("cost_code")),
        }
        report = cost_report(
            self.organization, self.request.membership, group_by=data.get("group_by") or "department", **scope
        )
        for row in report.rows:
            row["label"] = cost_row_label(report.group_by, row)
        return form, report, scope

    def budget(self, scope):
        """The budget follow-up of the period's budget year (that of its start)."""
        year = scope["date_from"].year if scope["date_from"] else timezone.localdate().year
        return budget_report(self.organization, self.request.membership, year=year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, report, scope = self.report()
        group_by = report.group_by if report else "department"
        if report:
            for row in report.rows:
                row["link"] = work_orders_link(work_orders_query(group_by, row, **scope))
            budget = self.budget(scope)
        context.update(
            title=_("Costs"),
            form=form,
            report=report,
            rows=report.rows if report else [],
            totals=report.totals if report else {},
            totals_link=work_orders_link(work_orders_query(**scope)) if report else "",
            budget=budget if report else None,
            group_label=dict(form.fields["group_by"].choices)[group_by],
            ignored_parameters=unknown_parameters(self.request.GET, form.fields),
            export_query=self.request.GET.urlencode(),
        )
        return context


BUDGET_HEADERS = {
    "voted": gettext_lazy("Voted"),
    "committed": gettext_lazy("Committed"),
    "spent": gettext_lazy("Spent"),
    "remaining": gettext_lazy("Remaining"),
}


class BudgetExportView(CostSummaryView):
    """The costs page's budget follow-up as a file (CSV or XLSX): its lines and totals."""

    def get(self, request, *args, format="csv", **kwargs):
        _form, report, scope = self.report()
        if report is None:
            return self.render_to_response(self.get_context_data(), status=400)
        budget = self.budget(scope)
        columns = [
            ExportColumn(_("Budget line"), "label"),
            ExportColumn(_("Department"), "department__name"),
            *(ExportColumn(str(BUDGET_HEADERS[name]), amount(name)) for name in BUDGET_FIGURES),
        ]
        rows = [{**line, "label": f"{line['code']} — {line['name']}"} for line in budget.rows]
        rows.append({**budget.totals, "label": _("Total"), "department__name": ""})
        return export_response(request, rows, columns, f"budget-{budget.year}", format)


def amount(name):
    """An amount of the budget follow-up with two decimals (empty: no voted amount)."""
    return lambda row: None if row[name] is None else Decimal(row[name]).quantize(Decimal("0.01"))


def work_orders_link(query):
    """The work-order list page of `query` (None: no link)."""
    return None if query is None else f"{reverse('interventions:workorder-list')}?{urlencode(query)}"


class CostExportView(CostSummaryView):
    """The costs page as a file (CSV or XLSX, `core`'s export framework): the same rows and totals."""

    def get(self, request, *args, format="csv", **kwargs):
        form, report, _scope = self.report()
        if report is None:
            return self.render_to_response(self.get_context_data(), status=400)
        labels = dict(form.fields["group_by"].choices)
        headers = (_("Work orders"), _("Hours"), _("Labour"), _("Materials"), _("Contractors"),
                   _("Vehicles and equipment"), _("Total"))  # fmt: skip
        columns = [
            ExportColumn(labels[report.group_by], "label"),
            ExportColumn(headers[0], "work_orders"),
            *(ExportColumn(header, cents(name)) for header, name in zip(headers[1:], FIGURES[1:], strict=True)),
        ]
        rows = [*report.rows, {**report.totals, "label": _("Total")}]
        return export_response(request, rows, columns, f"costs-{report.group_by}", format)


def cents(name):
    """Hours and amounts with two decimals in the file, as on the page (a database sum may drop the zeros)."""
    return lambda row: Decimal(row[name] or 0).quantize(Decimal("0.01"))


def cost_row_label(group_by, row):
    if group_by == "month":
        return date_format(row["month"], "YEAR_MONTH_FORMAT") if row["month"] else "—"
    if group_by == "cost_code":
        return f"{row['cost_code__code']} — {row['cost_code__name']}" if row["cost_code__code"] else _("No cost code")
    empty = {"department": _("No department"), "category": _("No category"), "team": _("No team")}[group_by]
    return row[f"{group_by}__name"] or empty
