"""Which organization handles a report: by its service and its place.

- The portal of organization P offers P's own services and those its inter-municipal body handles for its
  members (`ServiceCategory.serves_members`): `offered_services(P)`.
- A report placed by coordinates goes to the organization whose area holds the point: a service of the body
  that serves its members goes to the body when the point is in one of its members' areas (or its own); a
  commune's own service stays with the commune whose area holds the point, taking that commune's service of the
  same code (when it has none, the portal that received it keeps it for staff to place).
- A point outside every area (beyond their tolerance) is refused — unless the receiving organization has no area
  loaded, in which case it receives its own portal's reports wherever they are.
- A report by address text only (no geocoder is reachable from the server) goes to the receiving organization.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from regie.assets import geometry as geo
from regie.assets.models import OrganizationArea
from regie.core.prepared import PreparedQuery

from ..models import ServiceCategory


def offered(portal_id, body_id=None):
    """The condition on services a portal offers: its own, and those its body (`body_id`) handles for members."""
    condition = Q(organization_id=portal_id)
    if body_id:
        condition |= Q(organization_id=body_id, serves_members=True)
    return condition & Q(archived_at__isnull=True)


def offered_services(portal_organization):
    """The services a portal offers (own, plus those its body handles for its members), in catalogue order."""
    condition = offered(portal_organization.pk, portal_organization.epci_id)
    return ServiceCategory.objects.filter(condition).order_by("position", "sort_name", "id")


def is_offered(portal_organization, category):
    """`offered_services`' condition on a service already read (no query)."""
    if category.archived_at is not None:
        return False
    if category.organization_id == portal_organization.pk:
        return True
    body = portal_organization.epci_id
    return bool(body) and category.organization_id == body and category.serves_members


@dataclass(frozen=True)
class Route:
    organization: object  # the handling organization
    category: ServiceCategory  # the handling organization's service


def areas_at(latitude, longitude):
    """The organizations' areas that hold the point (within their tolerance), the closest first, then the
    smallest (a commune before the body that contains it)."""
    return _areas_at(latitude, longitude)[0]


def _candidate_areas(north, south, east, west, organization_id):
    """The active areas whose box, widened by the margin, holds the point (and the organization's own, wherever
    they are), without their boundaries."""
    near = Q(
        organization__archived_at__isnull=True,
        min_latitude__lte=north,
        max_latitude__gte=south,
        min_longitude__lte=east,
        max_longitude__gte=west,
    )
    return (
        OrganizationArea.objects.filter(near | Q(organization_id=organization_id), archived_at__isnull=True)
        .defer("geometry")
        .select_related("organization")
    )


_CANDIDATES = PreparedQuery(
    _candidate_areas, north=Decimal, south=Decimal, east=Decimal, west=Decimal, organization_id=int
)  # every report placed by coordinates


def _areas_at(latitude, longitude, organization=None):
    """`areas_at`, and whether `organization` has an area loaded at all: one query without the boundaries (a
    commune's is thousands of vertices), whose parsed shapes are kept per process (`_shapes`); a boundary not
    kept yet, or changed since, is read then (a second query, only on a miss)."""
    margin = 0.5  # degrees around the boxes (about 50 km): the tolerance reaches outside them
    lat, lon = float(latitude), float(longitude)
    candidates = _CANDIDATES(  # floats: PreparedQuery makes them Decimals (from their repr)
        north=lat + margin,
        south=lat - margin,
        east=lon + margin,
        west=lon - margin,
        organization_id=organization.pk if organization is not None else 0,
    )
    has_own, close = False, []
    for area in candidates:
        has_own = has_own or (organization is not None and area.organization_id == organization.pk)
        if _near(area, lat, lon, margin):
            close.append(area)  # not one of the organization's own areas far from the point
    found = []
    for area, shape in zip(close, _shapes(close), strict=True):
        if shape is None:
            continue  # deleted since the first query
        outside = geo.metres_outside(shape, lat, lon)
        if outside <= area.tolerance_m:
            found.append((outside, shape.area, area))
    found.sort(key=lambda item: (item[0], item[1]))
    return [area for _outside, _size, area in found], has_own


_SHAPES = {}  # area pk → ((updated_at, bounds), shapely shape): the boundaries parsed in this process
_SHAPES_KEPT = 2000  # an instance's areas (its communes and bodies), with room to spare


def _shapes(areas):
    """The parsed boundaries of `areas` (read without their geometry), in order: those kept whose area has not
    changed since (`updated_at`, set by every save, and the boundary's box), the others read in one query and
    kept; None for an area gone meanwhile."""
    shapes = {}
    for area in areas:
        kept = _SHAPES.get(area.pk)
        if kept is not None and kept[0] == (area.updated_at, area.bounds):
            shapes[area.pk] = kept[1]
    missing = [area.pk for area in areas if area.pk not in shapes]
    if missing:
        if len(_SHAPES) + len(missing) > _SHAPES_KEPT:
            _SHAPES.clear()
        for area in OrganizationArea.objects.filter(pk__in=missing):
            shapes[area.pk] = geo.parse(area.geometry, types=geo.AREA_TYPES)[1]
            _SHAPES[area.pk] = ((area.updated_at, area.bounds), shapes[area.pk])
    return [shapes.get(area.pk) for area in areas]


def _near(area, lat, lon, margin):
    """The query's box condition, on an area read."""
    min_lat, min_lon, max_lat, max_lon = area.bounds
    return (
        area.organization.archived_at is None
        and min_lat <= lat + margin
        and max_lat >= lat - margin
        and min_lon <= lon + margin
        and max_lon >= lon - margin
    )


def route(portal_organization, category, latitude=None, longitude=None):
    """Where a report of `category` received by `portal_organization` at the point goes (a ValidationError on
    `latitude` when the point is outside every area the instance knows)."""
    if latitude is None or longitude is None:
        return Route(portal_organization, category)
    areas, has_own = _areas_at(latitude, longitude, portal_organization)
    if not areas:
        if not has_own:
            return Route(portal_organization, category)  # no area loaded: its own portal's reports, anywhere
        raise ValidationError({"latitude": _("This place is outside the territory of every organization served here.")})
    owners = [area.organization for area in areas]
    owner_ids = {org.pk for org in owners}
    if category.serves_members:
        body = category.organization
        if body.pk in owner_ids or any(org.epci_id == body.pk for org in owners):
            return Route(body, category)
    place = owners[0]
    if place.pk == category.organization_id:
        return Route(place, category)
    same = ServiceCategory.objects.filter(organization=place, code=category.code, archived_at__isnull=True).first()
    if same is not None:
        return Route(place, same)
    return Route(portal_organization, category)  # the place's organization has no such service: staff place it
