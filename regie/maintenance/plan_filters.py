"""The plans' list filters, declared once for the API and the list page."""

import django_filters as filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.assets.models import AssetType
from regie.core.filters import ALL, PageFilterForm, StrictBooleanFilter, record
from regie.interventions.models import Category

from . import plan_selectors
from .models import MaintenancePlan


class PlanFilter(filters.FilterSet):
    scope = filters.ChoiceFilter(choices=MaintenancePlan.Scope.choices, label=_("Applies to"), empty_label=ALL)
    asset_type = record(AssetType, "asset_type", _("Asset type"))
    category = record(Category, "category", _("Category"))
    overdue = StrictBooleanFilter(label=_("With overdue occurrences"), method="filter_overdue")

    class Meta:
        model = MaintenancePlan
        fields = ["scope", "asset_type", "category", "overdue"]
        form = PageFilterForm

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = MaintenancePlan.objects.filter(
            plan_selectors._on_occurrences(plan_selectors.overdue_q(timezone.now()))
        ).values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)
