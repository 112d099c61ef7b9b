"""Reads of the residents' site: a report by its tracking token, its photos, and the public map's reports.

Nothing here returns personal data to a page: the tracking page reads the report's public fields, and the map
reads plain values (`map_rows`: a cursor over the columns it publishes) — no e-mail, name, phone, description or token.
"""

import re
from datetime import UTC, datetime, time, timedelta
from json.encoder import encode_basestring_ascii

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import CharField, FloatField, Prefetch, Q
from django.db.models.functions import Cast
from django.utils import timezone

from regie.attachments.models import Attachment

from .models import CategoryQuestion, PublicStatus, Report, ReportUpdate, ServiceCategory, Triage
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
    wanted = []
    if "open" in groups:
        wanted.append(Q(status__in=OPEN_STATUSES))
    if "fixed" in groups:
        since = now - timedelta(days=portal_settings.map_fixed_days)
        wanted.append(Q(status__in=MAP_FIXED, ended_at__gte=since))
    # one OR of (handled here | received here) × (status group): each branch is served by the indexes
    # report_map_org / report_map_received (organization or received_by, status, ended_at), so the years of
    # fixed and closed reports are never read (an AND of two ORs would be a scan of every report)
    shown = Q(pk__in=[])
    for portal in (Q(organization=portal_organization), Q(received_by=portal_organization)):
        for group in wanted:
            shown |= portal & group
    reports = Report.objects.filter(shown, latitude__isnull=False, archived_at__isnull=True).exclude(
        triage=Triage.MERGED
    )
    if services:
        reports = reports.filter(category__code__in=list(services))
    return reports


def map_rows(reports):
    """Plain tuples of what the map publishes, newest first: number, service id, status, when reported (UTC, as
    the database writes it: "2026-12-03 11:05:00…") and the coordinates as floats. Read with a cursor: at 20,000
    reports, building a Decimal, an aware datetime and running the ORM's converters per row cost more than the
    query itself; the casts make the types the same on PostgreSQL and SQLite. No join to the services (their
    names: `service_names`): with one, SQLite reads the reports service by service instead of by the map's
    indexes."""
    query = reports.order_by("-created_at", "-id").values_list(
        "number",
        "category_id",
        "status",
        Cast("created_at", CharField()),
        Cast("latitude", FloatField()),
        Cast("longitude", FloatField()),
    )
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def service_names(rows):
    """{id: name} of the services of `map_rows`' rows (one query, a few rows)."""
    return dict(ServiceCategory.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "name"))


DST_MARGIN = timedelta(hours=1)  # at least any daylight-saving shift


def local_days(zone):
    """A function: the UTC text of a timestamp → its day in `zone` ("2026-12-03"). One conversion a day of rows,
    not one a row: the day's span in UTC is kept as text and a timestamp inside it is compared, not converted. The
    span is taken an hour inside each end, so that a daylight-saving change at midnight never misplaces a row
    (the rows of those hours are converted one by one)."""
    span = ["", "", ""]  # first, end (UTC texts) and the day

    def day_of(text):
        first, end, day = span
        if first <= text < end:
            return day
        local = datetime.fromisoformat(text[:19]).replace(tzinfo=UTC).astimezone(zone).date()
        midnight = datetime.combine(local, time(), zone).astimezone(UTC)
        following = datetime.combine(local + timedelta(days=1), time(), zone).astimezone(UTC)
        span[:] = [f"{midnight + DST_MARGIN:%Y-%m-%d %H:%M:%S}", f"{following - DST_MARGIN:%Y-%m-%d %H:%M:%S}",
                   local.isoformat()]  # fmt: skip
        return span[2]

    return day_of


def geojson(rows, names, status_labels, zone):
    """A FeatureCollection (RFC 7946) of `map_rows`, written by hand in one pass: each service's and status's JSON
    encoded once, the days by `local_days`, the floats in Python's shortest round-trip form."""
    quote = encode_basestring_ascii  # json's C encoder of a string
    day_of = local_days(zone)
    services = {pk: quote(name) for pk, name in names.items()}
    statuses = {
        key: f'"status":{quote(key)},"status_label":{quote(str(label))}' for key, label in status_labels.items()
    }
    parts = []
    for number, service, status, created_at, latitude, longitude in rows:
        parts.append(
            f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{longitude!r},{latitude!r}]}},'
            f'"properties":{{"number":{quote(number)},"service":{services[service]},{statuses[status]},'
            f'"date":"{day_of(created_at)}"}}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
