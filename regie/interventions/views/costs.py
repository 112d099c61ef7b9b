"""The costs page: what work cost, by department, category, cost code, team or month."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regie.core.permissions import Role

from .. import forms, selectors
from .base import PageView


class CostSummaryView(PageView):
    """What things cost, grouped by department, category, cost code ("what did the 14 July cost?"), team, month."""

    permission_action = "cost.view"
    template_name = "interventions/costs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.CostFilterForm(self.request.GET or None, organization=self.organization)
        rows, group_by = [], "department"
        if not form.is_bound or form.is_valid():
            data = form.cleaned_data if form.is_bound else {}
            group_by = data.get("group_by") or "department"
            membership = self.request.membership
            rows = list(
                selectors.cost_summary(
                    self.organization,
                    group_by=group_by,
                    date_from=forms.day_start(data.get("date_from")),
                    date_to=forms.day_start(data.get("date_to"), days=1),
                    cost_code=forms.pk_of(data.get("cost_code")),
                    # a department head sees what their own department's work cost
                    department=membership.department_id if membership.role == Role.DEPARTMENT_HEAD else None,
                )
            )
            for row in rows:
                row["label"] = cost_row_label(group_by, row)
        keys = ("work_orders", "hours", "labour", "materials", "contractors", "equipment", "total")
        context.update(
            title=_("Costs"),
            form=form,
            rows=rows,
            group_label=dict(form.fields["group_by"].choices)[group_by],
            totals={key: sum((row[key] for row in rows), 0) for key in keys},
        )
        return context


def cost_row_label(group_by, row):
    if group_by == "month":
        return date_format(row["month"], "YEAR_MONTH_FORMAT") if row["month"] else "—"
    if group_by == "cost_code":
        return f"{row['cost_code__code']} — {row['cost_code__name']}" if row["cost_code__code"] else _("No cost code")
    empty = {"department": _("No department"), "category": _("No category"), "team": _("No team")}[group_by]
    return row[f"{group_by}__name"] or empty
