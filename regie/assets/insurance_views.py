"""The insurance summary page (`assets:insurance`) and its export (CSV, XLSX): `assets.insurance`.

Mounted by `AssetsConfig.urls` under /assets/ (namespace `assets`)."""

from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from regie.core.views import TenantViewMixin
from regie.imports.exports import ExportColumn, export_response

from .insurance import insurance_summary


class InsuranceSummaryView(TenantViewMixin, TemplateView):
    permission_action = "assetvalue.view"
    template_name = "assets/insurance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Insurance summary"), summary=insurance_summary(self.organization))
        return context


SECTIONS = ("insured", "uninsured", "disposed_insured")


class InsuranceExportView(InsuranceSummaryView):
    """Every asset of the summary, one row each, with the list it is on (insured building, building without
    insured value, disposed of and still insured), then the totals."""

    def get(self, request, *args, format="csv", **kwargs):
        summary = insurance_summary(self.organization)
        labels = {
            "insured": _("Insured building"),
            "uninsured": _("Building without insured value"),
            "disposed_insured": _("Disposed of, still insured"),
        }
        lists = {
            "insured": summary.buildings,
            "uninsured": summary.uninsured,
            "disposed_insured": summary.disposed_insured,
        }
        rows = [
            {
                "list": labels[name],
                "code": a.code,
                "name": a.name,
                "type": a.asset_type.name,
                "address": a.address,
                "status": a.get_status_display(),
                "insured_value": a.insured_value,
            }
            for name in SECTIONS
            for a in lists[name]
        ]
        rows.append({"list": _("Total insured (buildings)"), "insured_value": summary.total})
        rows.append({"list": _("Total insured (disposed of)"), "insured_value": summary.disposed_total})
        columns = [
            ExportColumn(_("List"), "list"),
            ExportColumn(_("Code"), lambda row: row.get("code", "")),
            ExportColumn(_("Name"), lambda row: row.get("name", "")),
            ExportColumn(_("Type"), lambda row: row.get("type", "")),
            ExportColumn(_("Address"), lambda row: row.get("address", "")),
            ExportColumn(_("Status"), lambda row: row.get("status", "")),
            ExportColumn(_("Insured value (€)"), "insured_value"),
        ]
        return export_response(request, rows, columns, "insurance-summary", format)


patterns = [  # included by regie.assets.urls (namespace `assets`)
    path("insurance/", InsuranceSummaryView.as_view(), name="insurance"),
    path("insurance/export.csv", InsuranceExportView.as_view(), name="insurance-csv"),
    path("insurance/export.xlsx", InsuranceExportView.as_view(), {"format": "xlsx"}, name="insurance-xlsx"),
]
