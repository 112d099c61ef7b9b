from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.models import User


class EmailPreferenceForm(forms.Form):
    email_notifications = forms.ChoiceField(
        label=_("Notification e-mails"), choices=User.EmailNotifications.choices, widget=forms.RadioSelect
    )
