"""The notification centre's filters, declared once for the page and the API (django-filter).

The FilterSet only parses and validates the query string (an unknown kind or record type is a 400 in the API,
a form error on the page); the filtering itself is `selectors.filter_notifications`.
"""

import django_filters as filters
from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from regie.core.filters import StrictBooleanFilter

from . import kinds, selectors
from .models import Notification


class NotificationFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("record") is not None and not data.get("record_type"):
            self.add_error("record", _("Give the record type with the record."))
        return data


@extend_schema_field(OpenApiTypes.STR)
class RecordTypeFilter(filters.ChoiceFilter):
    """A record type as "app_label.model" (its choices come from the declared kinds, at run time)."""


class IdFilter(filters.NumberFilter):
    """A record id: a whole number (1.5 is refused, not truncated)."""

    field_class = forms.IntegerField


class NotificationFilter(filters.FilterSet):
    unread = StrictBooleanFilter(label=_("Only unread (true) or only read (false)"))
    kind = filters.ChoiceFilter(choices=kinds.choices, label=_("Kind"), empty_label=_("All kinds"))
    record_type = RecordTypeFilter(
        choices=kinds.record_type_choices, label=_("Record type"), empty_label=_("All record types")
    )
    record = IdFilter(label=_("One record (its id; with the record type)"), min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Notification
        fields = []
        form = NotificationFilterForm

    def clean_values(self):
        """The selector's keyword arguments from the validated query string."""
        data = self.form.cleaned_data
        record_type = data.get("record_type")
        return {
            "unread": data.get("unread"),
            "kind": data.get("kind") or "",
            "record_type": apps.get_model(record_type) if record_type else None,
            "record": int(data["record"]) if data.get("record") is not None else None,
        }

    def filter_queryset(self, queryset):
        return selectors.filter_notifications(queryset, **self.clean_values())
