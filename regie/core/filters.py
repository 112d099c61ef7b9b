"""Filter pieces every list shares (django-filter), for the API and the HTML lists alike."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _


class StrictBooleanField(forms.NullBooleanField):
    """true/false (1/0, yes/no) or nothing; anything else is an error, not a silent "no filter"."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Enter true or false."), code="invalid") from None

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField
