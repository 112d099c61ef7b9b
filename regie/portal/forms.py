"""The triage forms of a report's page, and the staff's catalogue and settings forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.forms import TenantModelForm, model_form_field
from regie.interventions.models import Category, InterventionRequest, Priority
from regie.interventions.services.requests import default_priority
from regie.people.models import Department

from .models import Report, ReportUpdate, ServiceCategory


class ConvertForm(forms.Form):
    title = model_form_field(InterventionRequest, "title")
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Category"))
    priority = forms.ModelChoiceField(queryset=Priority.objects.none(), label=_("Priority"), required=False)
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"), required=False)

    def __init__(self, data=None, *, organization, report=None):
        initial = {}
        if report is not None:
            initial = {"title": f"{report.category.name} — {report.address or report.number}"[:160],
                       "category": report.category.request_category_id,
                       "priority": default_priority(organization)}  # fmt: skip
        super().__init__(data, initial=initial, prefix="convert")
        self.fields["category"].queryset = Category.objects.owned_by(organization).active()
        self.fields["priority"].queryset = Priority.objects.owned_by(organization).active()
        self.fields["department"].queryset = Department.objects.owned_by(organization).active()


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Report.objects.none(), label=_("Merge into the report"))

    def __init__(self, data=None, *, organization, choices=None):
        super().__init__(data, prefix="merge")
        self.fields["into"].queryset = Report.objects.for_org(organization)
        if choices is not None:
            self.fields["into"].choices = [("", "—"), *[(r.pk, f"{r.number} — {r.address or r.category}")
                                                        for r in choices]]  # fmt: skip


class RejectForm(forms.Form):
    public_reason = model_form_field(Report, "public_reason", required=True, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="reject")


class PublicUpdateForm(forms.Form):
    text = model_form_field(ReportUpdate, "text", required=True, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="update")


class ServiceCategoryForm(TenantModelForm):
    class Meta:
        model = ServiceCategory
        fields = ["code", "name", "group", "description", "keywords", "request_category", "asset_types",
                  "serves_members", "position"]  # fmt: skip
