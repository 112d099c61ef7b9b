"""The interventions' reference data in the organization administrators' Django admin, and their workflow settings.

Same rules as every admin page (`core.admin.TenantAdmin`): the current organization's rows only, writes through
the services (permission matrix, audit trail), archive instead of delete.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError

from regie.core.admin import MatrixAdmin, TenantAdmin, admin_site
from regie.core.exceptions import DomainError

from .models import BudgetLine, Category, CostCode, Priority, WorkflowSettings
from .services import reference
from .services.settings import FIELDS as SETTINGS_FIELDS
from .services.settings import update_workflow_settings


class CategoryAdmin(TenantAdmin):
    services = (reference.create_category, reference.update_category)
    list_display = ("code", "name", "skill", "department")
    search_fields = ("code", "name")


class PriorityAdmin(TenantAdmin):
    services = (reference.create_priority, reference.update_priority)
    list_display = ("rank", "code", "name", "response_hours", "resolution_hours", "working_days_only")
    search_fields = ("code", "name")


class BudgetLineAdmin(TenantAdmin):
    services = (reference.create_budget_line, reference.update_budget_line)
    list_display = ("code", "name", "section", "department", "year", "amount")
    search_fields = ("code", "name")


class CostCodeAdmin(TenantAdmin):
    services = (reference.create_cost_code, reference.update_cost_code)
    list_display = ("code", "name", "starts_on", "ends_on")
    search_fields = ("code", "name")


class WorkflowSettingsAdmin(MatrixAdmin):
    """The one settings row of the current organization: created on first save, never deleted."""

    admin_action = "workflowsettings.manage"
    fields = SETTINGS_FIELDS
    list_display = ("organization", "department_validation", "budget_required", "holiday_calendar", "max_daily_hours")

    def get_queryset(self, request):
        organization = getattr(request, "organization", None)
        return WorkflowSettings.objects.filter(organization=organization) if organization else self.model.objects.none()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.get_queryset(request).exists()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in SETTINGS_FIELDS if name in form.cleaned_data}
        try:
            saved = update_workflow_settings(by=request.user, organization=request.organization, data=data)
        except (DomainError, ValidationError) as error:
            self.message_user(request, str(getattr(error, "message", error)), messages.ERROR)
            raise
        obj.pk, obj.organization = saved.pk, saved.organization


for model, model_admin in (
    (Category, CategoryAdmin),
    (Priority, PriorityAdmin),
    (BudgetLine, BudgetLineAdmin),
    (CostCode, CostCodeAdmin),
    (WorkflowSettings, WorkflowSettingsAdmin),
):
    admin_site.register(model, model_admin)
