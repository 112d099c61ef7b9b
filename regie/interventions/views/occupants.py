"""The cost statement of an occupant (`occupant_statement`): a printable page, and the same lines as CSV or XLSX."""

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.assets.models import Occupant
from regie.core.access import get_for_org
from regie.core.exceptions import NotFound
from regie.core.filters import unknown_parameters
from regie.imports.exports import ExportColumn, export_response

from ..occupant_statement import may_read_statements, occupant_statement
from .base import PageView

FIRST_YEAR = 2000


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and year > this_year + 1:
            raise forms.ValidationError(_("Choose a year up to %(year)s.") % {"year": this_year + 1})
        return year or this_year


class OccupantStatementView(PageView):
    """What the work done in an occupant's premises cost over a year, shared by floor area."""

    model = Occupant
    permission_action = "cost.view"
    template_name = "interventions/occupant_statement.html"

    def get_permission_action(self):
        # both rights: the money (cost.view) and who occupies the premises (occupant.view)
        membership = self.request.membership
        return "occupant.view" if membership is not None and self.can("cost.view") else "cost.view"

    def occupant(self):
        try:
            return get_for_org(Occupant, self.organization, self.kwargs["pk"], owned=True)
        except NotFound:
            raise Http404 from None

    def statement(self):
        """(form, statement): None for a year that is not valid."""
        query = self.request.GET.copy()
        query.setdefault("year", str(timezone.localdate().year))
        form = YearForm(query)
        occupant = self.occupant()
        if not form.is_valid():
            return form, None
        if not may_read_statements(self.request.membership):
            raise Http404
        return form, occupant_statement(self.organization, self.request.membership, occupant, form.cleaned_data["year"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, statement = self.statement()
        occupant = self.occupant()
        context.update(
            title=_("Cost statement — %(occupant)s") % {"occupant": occupant},
            occupant=occupant,
            form=form,
            statement=statement,
            ignored_parameters=unknown_parameters(self.request.GET, form.fields),
            export_query=self.request.GET.urlencode(),
        )
        return context

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        return self.render_to_response(context, status=200 if context["statement"] else 400)


def amount(path):
    def read(line):
        value = line
        for part in path.split("."):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        return value

    return read


class OccupantStatementExportView(OccupantStatementView):
    """The statement as a file (the platform's exports): one row per premises, then the total."""

    def get(self, request, *args, format="csv", **kwargs):
        _form, statement = self.statement()
        if statement is None:
            return super().get(request, *args, **kwargs)
        columns = [
            ExportColumn(_("Premises"), "premises"),
            ExportColumn(_("From"), "period_from"),
            ExportColumn(_("Until"), "period_to"),
            ExportColumn(_("Premises' costs"), "costs_total"),
            ExportColumn(_("Share of the floor area (%)"), "share"),
            ExportColumn(_("In-house"), "in_house"),
            ExportColumn(_("Contractors"), "contractors"),
            ExportColumn(_("Charged"), "total"),
        ]
        rows = [
            {
                "premises": str(line.asset),
                "period_from": date_format(line.period_from, "SHORT_DATE_FORMAT"),
                "period_to": date_format(line.period_to, "SHORT_DATE_FORMAT"),
                "costs_total": line.costs["total"],
                "share": line.share,
                **{name: line.charged[name] for name in ("in_house", "contractors", "total")},
            }
            for line in statement.lines
        ]
        rows.append(
            {
                "premises": _("Total"),
                "period_from": "",
                "period_to": "",
                "costs_total": None,
                "share": None,
                **{name: statement.totals[name] for name in ("in_house", "contractors", "total")},
            }
        )
        filename = f"cost-statement-{statement.occupant.pk}-{statement.year}"
        return export_response(request, rows, columns, filename, format)
