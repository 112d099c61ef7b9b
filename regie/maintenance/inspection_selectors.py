"""Reads of the inspection pages and API: scoped, with what their pages show loaded."""

from django.db.models import Q

from regie.core.exceptions import NotFound

from . import compliance
from .inspection_services import organization_today
from .models import Inspection, Observation


def inspections(organization):
    return Inspection.objects.for_org(organization).select_related("asset", "inspection_type", "contractor")


def inspection_detail(organization, pk):
    """One inspection of the organization with its observations and their requests (NotFound otherwise)."""
    from django.db.models import Prefetch

    if not str(pk).isdigit() or len(str(pk)) > 18:
        raise NotFound()
    observations = Prefetch(
        "observations",
        queryset=Observation.objects.filter(archived_at__isnull=True).select_related("request", "lifted_by"),
    )
    obj = (
        inspections(organization)
        .select_related("asset__asset_type", "organization")
        .prefetch_related(observations)
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound()
    return obj


def observations(organization):
    return Observation.objects.for_org(organization).select_related("inspection", "request", "lifted_by")


def compliance_rows(organization, *, today=None, query="", **filters):
    """The compliance view's rows (page, API and export alike): the obligations with their status, filtered."""
    today = today or organization_today(organization)
    qs = compliance.filter_obligations(compliance.obligations(organization, today), today=today, **filters)
    query = (query or "").replace("\x00", "").strip()[:100]
    if query:
        qs = qs.filter(Q(asset__name__icontains=query) | Q(asset__code__icontains=query))
    return qs
