from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection
from django.utils.translation import gettext_lazy as _

from .tenancy import member_users
from .validators import REASON_LENGTH, moving_bounds
from .widgets import fast


class FastSelects:
    """Form mixin: its `<select>` widgets render in Python (`core.widgets`), not through a template per option."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = fast(field.widget)


class TenantModelForm(FastSelects, forms.ModelForm):
    """A ModelForm whose related-field choices are limited to what the organization may use."""

    version = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_org"):
                field.queryset = queryset.for_org(organization).active()
            elif queryset is not None and queryset.model is get_user_model():
                field.queryset = member_users(organization, queryset)
        refuse_impossible_ids(self)
        if self.instance.pk:
            # ISO 8601 with its UTC offset: a local time is ambiguous during the autumn clock change.
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def _get_validation_exclusions(self):
        """Dates bounded around today are checked when they change only (see `core.validators.moving_bounds`)."""
        exclusions = super()._get_validation_exclusions()
        if self.instance.pk:
            exclusions |= set(moving_bounds(self.instance, self.changed_data))
        return exclusions

    def split(self):
        """(plain fields, many-to-many fields) of the cleaned data, for the services."""
        m2m_names = {f.name for f in self._meta.model._meta.many_to_many}
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields and k not in m2m_names}
        m2m = {k: v for k, v in self.cleaned_data.items() if k in m2m_names}
        return data, m2m


def model_form_field(model, name, **kwargs):
    """The form field of `model.name` with the model's own bounds (validators, min/max in the widget): a plain
    form that feeds a service refuses what the model would, with the same messages, before the service runs."""
    field = model._meta.get_field(name)
    form_field = field.formfield(**kwargs)
    form_field.validators = [*form_field.validators, *field._validators]
    for validator in field._validators:
        if isinstance(validator, MinValueValidator | MaxValueValidator):
            form_field.widget.attrs.setdefault(
                "min" if isinstance(validator, MinValueValidator) else "max", validator.limit_value
            )
    return form_field


def refuse_impossible_ids(form):
    """Lists of ids are looked up with `pk__in`, which, unlike `pk=`, fails on a number no integer column holds
    (OverflowError on SQLite, DataError on PostgreSQL): such an id is an invalid choice, not a server error."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField) and field.to_field_name is None:
            field.clean = _bounded_ids(field)


def _bounded_ids(field):
    clean = field.clean
    low, high = connection.ops.integer_field_range(field.queryset.model._meta.pk.get_internal_type())

    def bounded_clean(value):
        for item in value if isinstance(value, list | tuple) else ():
            text = str(item).strip()
            if text.lstrip("-").isdigit() and not (low or -(2**63)) <= int(text) <= (high or 2**63 - 1):
                raise ValidationError(
                    field.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return clean(value)

    return bounded_clean


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Incorrect user name or password. Note that both fields may be case-sensitive."),
        "inactive": _("This account is inactive."),
    }


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_LENGTH
    )
