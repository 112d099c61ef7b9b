"""What the report form reads: the services by group, an asset by its QR token, the registered assets a
resident may point at, and the open reports that may be the same problem ("is it this one?").

Everything here is public: no personal data leaves (no e-mail, name or phone; no staff names or comments)."""

from decimal import Decimal, InvalidOperation
from itertools import groupby

from regie.assets import geometry as geo
from regie.assets.models import Asset
from regie.assets.models.assets import AssetStatus

from ..models import Report, ServiceCategory, Triage
from ..models.reports import OPEN_STATUSES
from ..services.routing import offered_services

MAX_ASSETS = 300  # points sent for one viewport of the report map
MAX_BOX_DEGREES = 0.05  # a viewport of about 5 km at most: a resident zoomed in on a street
MAX_NEARBY = 10
EXCERPT = 160


def services_by_group(portal_organization, first_type_id=None):
    """[(group, [services])] in catalogue order; with `first_type_id`, the services that take assets of that type
    come first, as their own group (the QR label's asset)."""
    services = list(offered_services(portal_organization).prefetch_related("asset_types"))
    if first_type_id is not None:
        for service in services:
            service.for_asset = any(t.pk == first_type_id for t in service.asset_types.all())
        first = [s for s in services if s.for_asset]
        if first:
            rest = [s for s in services if not s.for_asset]
            return [(None, first), *_grouped(rest)], True
    return _grouped(services), False


def _grouped(services):
    ordered = sorted(services, key=lambda s: (s.group.lower(), s.position, s.sort_name))
    return [(group, list(items)) for group, items in groupby(ordered, key=lambda s: s.group)]


def offered_service(portal_organization, code):
    """The offered service of this code (the portal's own first, then its body's), with its questions."""
    if not code or len(code) > 20:
        return None
    found = sorted(
        offered_services(portal_organization).filter(code=code).prefetch_related("questions", "asset_types"),
        key=lambda s: s.organization_id != portal_organization.pk,
    )
    return found[0] if found else None


def asset_owners(portal_organization, service=None):
    """Whose assets residents of this portal may point at: the portal's organization's, and the body's for a
    service the body handles for its members."""
    owners = {portal_organization.pk}
    if service is not None:
        owners.add(service.organization_id)
    return owners


def public_asset(portal_organization, public_id, service=None):
    """A registered asset by its QR token, if it is one of the portal's (or its service's body's) and in service."""
    if not public_id or len(public_id) > 16:
        return None
    owners = asset_owners(portal_organization, service)
    if portal_organization.epci_id:
        owners.add(portal_organization.epci_id)  # the body's street lights carry QR labels too
    return (
        Asset.objects.select_related("asset_type")
        .filter(public_id=public_id.lower(), organization_id__in=owners, archived_at__isnull=True)
        .exclude(status=AssetStatus.DISPOSED)
        .first()
    )


def parse_box(text):
    """(south, west, north, east) from "s,w,n,e", or None when malformed, inverted or larger than a town."""
    try:
        south, west, north, east = (float(Decimal(part)) for part in (text or "").split(",")[:5])
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        return None
    if north - south > MAX_BOX_DEGREES or east - west > MAX_BOX_DEGREES:
        return None
    return south, west, north, east


def pointable_assets(portal_organization, service, box):
    """The service's kinds of registered assets in the box (code, name, point, QR token only), at most MAX_ASSETS;
    the organization's own (and the service's body's), not archived nor disposed of."""
    type_ids = [t.pk for t in service.asset_types.all()]
    if not type_ids:
        return [], False
    south, west, north, east = box
    rows = list(
        Asset.objects.filter(
            organization_id__in=asset_owners(portal_organization, service),
            asset_type_id__in=type_ids,
            archived_at__isnull=True,
        )
        .in_box(south, west, north, east)
        .exclude(status=AssetStatus.DISPOSED)
        .order_by("latitude", "longitude", "id")
        .values("public_id", "code", "name", "latitude", "longitude")[: MAX_ASSETS + 1]
    )
    return rows[:MAX_ASSETS], len(rows) > MAX_ASSETS


def place_key(service, latitude=None, longitude=None, asset=None):
    """What identifies a place the resident was shown the possible duplicates of (the form's `seen`)."""
    point = f"{float(latitude):.5f}|{float(longitude):.5f}" if latitude is not None and longitude is not None else "|"
    return f"{service.code if service else ''}|{point}|{asset.public_id if asset else ''}"


def nearby_reports(portal_organization, service, *, latitude=None, longitude=None, asset=None, metres=50):
    """Open reports that may be the same problem: of the same service (same code, in the portal's organization or
    its body) within `metres` of the point, or on the same asset. Public fields only, the closest first."""
    if service is None or (asset is None and (latitude is None or longitude is None)):
        return []
    owners = [portal_organization.pk] + ([portal_organization.epci_id] if portal_organization.epci_id else [])
    base = Report.objects.filter(
        organization_id__in=owners,
        status__in=OPEN_STATUSES,
        triage__in=(Triage.NEW, Triage.CONVERTED),
        archived_at__isnull=True,
    )
    found = {}
    if asset is not None:
        for report in base.filter(asset=asset).select_related("category")[:MAX_NEARBY]:
            found[report.pk] = (0.0, report)
    if latitude is not None and longitude is not None:
        min_lat, min_lon, max_lat, max_lon = geo.box_around(latitude, longitude, metres)
        codes = ServiceCategory.objects.filter(organization_id__in=owners, code=service.code).values("pk")
        candidates = base.filter(
            category_id__in=codes,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        ).select_related("category")[: MAX_NEARBY * 5]
        for report in candidates:
            distance = geo.metres_between(latitude, longitude, report.latitude, report.longitude)
            if distance <= metres and report.pk not in found:
                found[report.pk] = (distance, report)
    ordered = sorted(found.values(), key=lambda item: (item[0], -item[1].pk))[:MAX_NEARBY]
    return [public_summary(report, distance) for distance, report in ordered]


def public_summary(report, distance=None):
    """What anyone may see of a report in the duplicates list."""
    text = report.description
    excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"
    return {
        "id": report.pk,
        "number": report.number,
        "service": report.category.name,
        "excerpt": excerpt,
        "status": report.get_status_display(),
        "status_code": report.status,
        "created_at": report.created_at,
        "supporters": report.supporters,
        "distance": round(distance) if distance is not None else None,
    }


def supportable_report(portal_organization, report_id):
    """An open report this portal's residents may add their voice to (one it could have shown them)."""
    owners = [portal_organization.pk] + ([portal_organization.epci_id] if portal_organization.epci_id else [])
    return (
        Report.objects.filter(
            pk=report_id, organization_id__in=owners, triage__in=(Triage.NEW, Triage.CONVERTED),
            archived_at__isnull=True,
        )
        .select_related("category")
        .first()
    )  # fmt: skip
