"""The plans' pages: list (filters, indicators), plan page (history, next occurrences), forms, skip / postpone,
generate now. Thin declarations over core.views; the rules are in plan_services."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core.permissions import may_see_money
from regie.core.views import (
    Column,
    RecordListView,
    RecordObjectMixin,
    ServiceFormView,
    record_views,
)
from regie.interventions.models import WorkOrderTask

from . import plan_forms, plan_selectors, plan_services
from .models import MaintenancePlan
from .plan_filters import PlanFilter

MANAGE = "maintenanceplan.manage"


class PlanListView(RecordListView):
    template_name = "maintenance/plans/list.html"
    filterset_class = PlanFilter
    query_parameters = ("buildings",)  # `all`: the indicators list every building

    def base_queryset(self):
        return plan_selectors.plan_list(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not (getattr(self.request, "htmx", False) and not self.request.htmx.boosted):
            all_buildings = self.request.GET.get("buildings") == "all"
            context["indicators"] = plan_selectors.indicators(self.organization, all_buildings=all_buildings)
            context["show_money"] = may_see_money(self.request.membership)
        return context


_LIST, _DETAIL, _FORM, _ARCHIVE = record_views(
    MaintenancePlan,
    "maintenanceplan",
    form=plan_forms.PlanForm,
    create=plan_services.create_plan,
    update=plan_services.update_plan,
    columns=[
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("applies_to", gettext_lazy("Applies to")),
        Column("recurrence", gettext_lazy("Recurrence")),
        Column("category", gettext_lazy("Category"), sort="category__name"),
        Column("next_due", gettext_lazy("Next due"), sort="next_due"),
        Column("overdue", gettext_lazy("Overdue"), sort="overdue"),
    ],
    fields=[
        "scope",
        "category",
        "priority",
        "execution",
        "team",
        "contractor",
        "contract_reference",
        "estimated_hours",
        "parts",
        "signature_required",
        "schedule",
        "starts_on",
        "ends_on",
        "lead_days",
        "grace_days",
        "season_policy",
        "description",
    ],
    search=["name"],
    select_related=("asset", "asset_type", "category"),
    list_class=PlanListView,
)


# The measurements recorded on each occurrence's work order (`work_order.measurements`), in checklist order.
MEASUREMENTS = Prefetch(
    "work_order__tasks", queryset=WorkOrderTask.objects.filter(measured_at__isnull=False), to_attr="measurements"
)


class PlanDetailView(_DETAIL):
    template_name = "maintenance/plans/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_object()
        occurrences = plan_selectors.plan_occurrences(plan)
        context.update(
            tasks=list(plan.tasks.all()),
            skills=list(plan.required_skills.all()),
            history=plan_selectors.history_counts(occurrences),
            occurrences=list(occurrences[:50].prefetch_related(MEASUREMENTS)),
            upcoming=plan_selectors.upcoming(plan) if not plan.is_archived else [],
            skip_form=plan_forms.OccurrenceForm(),
            postpone_form=plan_forms.PostponeForm(),
        )
        return context


PLAN_VIEWS = (_LIST, PlanDetailView, _FORM, _ARCHIVE)


class OccurrenceActionView(RecordObjectMixin, ServiceFormView):
    """Skip or postpone one occurrence of a plan (POST from the plan's page; errors as messages there)."""

    model = MaintenancePlan
    permission_action = MANAGE
    owned_only = True
    errors_on_page = False
    invalid_on_page = False
    form_class = plan_forms.OccurrenceForm
    http_method_names = ["post"]

    service = staticmethod(plan_services.skip_occurrence)

    def perform(self, form):
        data = {**form.cleaned_data}
        data["asset_id"] = data.pop("asset")
        return self.service(self.get_object(), by=self.request.user, **data)

    def success_message(self, result):
        return _("Occurrence skipped.")

    def success_url(self, result):
        return self.failure_url()

    def failure_url(self):
        return reverse("maintenance:maintenanceplan-detail", args=[self.get_object().pk])


class PostponeView(OccurrenceActionView):
    form_class = plan_forms.PostponeForm
    service = staticmethod(plan_services.postpone_occurrence)

    def success_message(self, result):
        return _("Occurrence postponed.")


class GenerateNowView(OccurrenceActionView):
    """Generate the plan's due work orders now, as the hourly job would."""

    form_class = None

    def get_form(self, data=None, files=None):
        from django import forms

        return forms.Form(data)

    def perform(self, form):
        return plan_services.generate_now(self.get_object(), by=self.request.user)

    def success_message(self, result):
        return _("%(count)s work order(s) generated.") % {"count": result.created}
