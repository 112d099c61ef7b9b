"""The triage forms of a report's page, and the staff's catalogue and settings forms."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from regie.core.forms import TenantModelForm, model_form_field
from regie.interventions.models import Category, InterventionRequest, Priority
from regie.interventions.services.requests import default_priority
from regie.people.models import Department

from .models import CategoryQuestion, PortalSettings, Report, ReportUpdate, ServiceCategory
from .services.catalogue import SETTINGS_FIELDS


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


class PortalSettingsForm(forms.ModelForm):
    """The portal's settings; bounds and messages are the model's (`PortalSettings`)."""

    class Meta:
        model = PortalSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {"welcome": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # min/max in the widget, as model_form_field gives them
            for validator in PortalSettings._meta.get_field(name).validators:
                if isinstance(validator, MinValueValidator | MaxValueValidator):
                    key = "min" if isinstance(validator, MinValueValidator) else "max"
                    field.widget.attrs.setdefault(key, validator.limit_value)


MAX_CHOICES_TEXT = CategoryQuestion.MAX_CHOICES * 170  # a key (40), " = ", a name (120), a line break


class ChoicesField(forms.CharField):
    """The choices of a list question, one a line: "key = name", or just the name (its key made from it)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c.get('key')} = {c.get('name')}" for c in value if isinstance(c, dict))
        return value

    def to_python(self, value):
        text, choices = super().to_python(value) or "", []
        if len(text) > MAX_CHOICES_TEXT:
            raise forms.ValidationError(_("At most %(n)s choices, as a list.") % {"n": CategoryQuestion.MAX_CHOICES})
        for line in text.splitlines():
            key, sep, name = (part.strip() for part in line.partition("="))
            if not key and not name:
                continue
            if not sep:
                key, name = slugify(key)[:40] or key, key
            choices.append({"key": key, "name": name})
        if len(choices) > CategoryQuestion.MAX_CHOICES:
            raise forms.ValidationError(
                _("At most %(n)s choices, as a list.") % {"n": CategoryQuestion.MAX_CHOICES}, code="too_many"
            )
        if len({c["key"] for c in choices}) != len(choices):
            raise forms.ValidationError(_("Each choice needs its own key."), code="duplicate_key")
        return choices


class QuestionForm(TenantModelForm):
    """An extra question of a service, with Open311's kinds of answer; the model checks the choices."""

    choices = ChoicesField(
        label=_("Choices"), required=False,
        help_text=_("For a list: one choice a line, “key = name” (or just the name)."),
    )  # fmt: skip

    class Meta:
        model = CategoryQuestion
        fields = ["code", "label", "help", "kind", "required", "choices", "position"]

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.category = service  # the unique code is checked against this service's questions
