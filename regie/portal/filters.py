"""The triage queue's filters (django-filter): the page's form; "to triage" unless another triage is asked."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from regie.core.filters import ALL, PageFilterForm, StrictBooleanFilter, record
from regie.core.models import Organization

from .models import PublicStatus, Report, ServiceCategory, Triage

ALL_TRIAGE = "all"


def portals(request):
    organization = getattr(request, "organization", None)
    if organization is None:
        return Organization.objects.none()
    received = Report.objects.for_org(organization).values("received_by_id")
    return Organization.objects.filter(pk__in=received)


class ReportFilter(filters.FilterSet):
    triage = filters.ChoiceFilter(
        choices=[*Triage.choices, (ALL_TRIAGE, _("All"))], label=_("Triage"), method="by_triage", empty_label=None
    )
    status = filters.ChoiceFilter(choices=PublicStatus.choices, label=_("Public status"), empty_label=ALL)
    category = record(ServiceCategory, "category", _("Service"))
    channel = filters.ChoiceFilter(choices=Report.Channel.choices, label=_("Channel"), empty_label=ALL)
    received_by = filters.ModelChoiceFilter(
        queryset=portals, field_name="received_by", label=_("Received by the portal of"), empty_label=ALL
    )
    has_asset = StrictBooleanFilter(field_name="asset", lookup_expr="isnull", exclude=True, label=_("On an asset"))
    created_after = filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("Received from"))
    created_before = filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("Received until"))

    class Meta:
        model = Report
        fields = []
        form = PageFilterForm

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("triage"):
            data["triage"] = Triage.NEW
        super().__init__(data, *args, **kwargs)

    def by_triage(self, queryset, name, value):
        return queryset if value == ALL_TRIAGE else queryset.filter(triage=value)
