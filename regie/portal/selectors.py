"""Reads of the staff's portal pages: the triage queue, a report's page, and the one rule on personal data."""

from django.db.models import Count, Prefetch, Q

from regie.core.permissions import can

from .models import Report, ReportUpdate, Triage


def may_see_personal(membership):
    """The reporter's e-mail, name and phone (and followers' e-mails): page, API and exports ask this only."""
    return membership is not None and can(membership.role, "report.personal")


def report_list(organization):
    return Report.objects.for_org(organization).select_related("category", "received_by", "asset", "request")


def report_detail(organization, pk):
    updates = ReportUpdate.objects.order_by("created_at", "id")
    return (
        report_list(organization)
        .select_related("duplicate_of", "application")
        .prefetch_related(Prefetch("updates", queryset=updates), "category__questions")
        .annotate(followers_count=Count("followers", filter=Q(followers__archived_at__isnull=True), distinct=True))
        .get(pk=pk)
    )


def duplicates_of(report):
    return list(Report.objects.filter(duplicate_of=report).order_by("created_at", "id"))


def merge_targets(report, limit=20):
    """Other reports of the same service, not merged, newest first: what a duplicate may be merged into."""
    return list(
        Report.objects.for_org(report.organization)
        .filter(category_id=report.category_id)
        .exclude(pk=report.pk)
        .exclude(triage=Triage.MERGED)
        .order_by("-created_at", "-id")[:limit]
    )
