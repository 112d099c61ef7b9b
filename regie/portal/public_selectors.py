"""Reads of the residents' site: a report by its tracking token, its photos, and the public map's reports.

Nothing here returns personal data to a page: the tracking page reads the report's public fields, and the map
reads plain values (`values_list`) of the columns it publishes — no e-mail, name, phone, description or token.
"""

import json
import re
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone

from regie.attachments.models import Attachment

from .models import CategoryQuestion, PublicStatus, Report, ReportUpdate, Triage
from .models.reports import OPEN_STATUSES, TOKEN_LENGTH

TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")
MAP_FIXED = (PublicStatus.FIXED,)


def tracked_report(portal_organization, token):
    """The report this token tracks, if the portal received it (a report routed to the agglomeration is followed
    on the portal it came through); None otherwise. The token is the resident's secret: compared whole."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH or not TOKEN.match(token):
        return None
    questions = CategoryQuestion.objects.filter(archived_at__isnull=True).order_by("position", "id")
    return (
        Report.objects.filter(token=token, received_by=portal_organization, archived_at__isnull=True)
        .select_related("category", "duplicate_of", "received_by")
        .prefetch_related(
            Prefetch(
                "updates", queryset=ReportUpdate.objects.filter(archived_at__isnull=True).order_by("created_at", "id")
            ),
            Prefetch("category__questions", queryset=questions),
        )
        .first()
    )


def report_photos(report):
    """The report's own active photos (stored re-encoded, without metadata, by the submission)."""
    return Attachment.objects.filter(
        organization_id=report.organization_id,
        content_type=ContentType.objects.get_for_model(Report),
        object_id=report.pk,
        kind=Attachment.Kind.PHOTO,
        archived_at__isnull=True,
    ).order_by("created_at", "id")


# --- the public map ---------------------------------------------------------------------------------------


def map_reports(portal_organization, portal_settings, *, services=(), groups=(), now=None):
    """The reports of the portal's public map: those the organization handles or whose portal received them,
    open, or fixed within `map_fixed_days`; placed; not merged into another (it would show twice).

    `services`: ServiceCategory codes (none: all); `groups`: "open", "fixed" (none: both). Unordered."""
    now = now or timezone.now()
    groups = set(groups) or {"open", "fixed"}
    wanted = Q(pk__in=[])
    if "open" in groups:
        wanted |= Q(status__in=OPEN_STATUSES)
    if "fixed" in groups:
        since = now - timedelta(days=portal_settings.map_fixed_days)
        wanted |= Q(status__in=MAP_FIXED, ended_at__gte=since)
    reports = Report.objects.filter(
        Q(organization=portal_organization) | Q(received_by=portal_organization),
        wanted,
        latitude__isnull=False,
        archived_at__isnull=True,
    ).exclude(triage=Triage.MERGED)
    if services:
        reports = reports.filter(category__code__in=list(services))
    return reports


MAP_COLUMNS = ("number", "category__name", "status", "created_at", "latitude", "longitude")


def map_rows(reports):
    """Plain tuples of what the map publishes (no model instances), newest first."""
    return reports.order_by("-created_at", "-id").values_list(*MAP_COLUMNS)


def geojson(rows, status_labels, zone):
    """A FeatureCollection (RFC 7946) of `map_rows`, written by hand: 20,000 features in a few tens of ms."""
    dumps = json.dumps
    names, labels = {}, {key: dumps(str(label)) for key, label in status_labels.items()}
    parts = []
    for number, service, status, created_at, latitude, longitude in rows:
        name = names.get(service)
        if name is None:
            name = names[service] = dumps(service)
        day = created_at.astimezone(zone).date().isoformat()
        parts.append(
            f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{_coordinate(longitude)},'
            f'{_coordinate(latitude)}]}},"properties":{{"number":{dumps(number)},"service":{name},'
            f'"status":"{status}","status_label":{labels[status]},"date":"{day}"}}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def _coordinate(value):
    """A JSON number from a Decimal (or a float: SQLite may hand either back)."""
    return format(value, "f") if not isinstance(value, float) else repr(value)
