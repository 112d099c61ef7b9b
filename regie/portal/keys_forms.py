"""Forms of the application keys' pages (the bounds come from the model)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicationKey


class ApplicationKeyForm(forms.ModelForm):
    class Meta:
        model = ApplicationKey
        fields = ["name", "contact_email", "requests_per_hour"]
        help_texts = {"requests_per_hour": _("Beyond this, the application's reports are refused until the next hour.")}


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the history)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
