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

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from regie.assets import geometry as geo
from regie.assets.models import OrganizationArea

from ..models import ServiceCategory


def offered_services(portal_organization):
    """The services a portal offers (own, plus those its body handles for its members), in catalogue order."""
    condition = Q(organization=portal_organization)
    if portal_organization.epci_id:
        condition |= Q(organization_id=portal_organization.epci_id, serves_members=True)
    return ServiceCategory.objects.filter(condition, archived_at__isnull=True).order_by("position", "sort_name", "id")


@dataclass(frozen=True)
class Route:
    organization: object  # the handling organization
    category: ServiceCategory  # the handling organization's service


def areas_at(latitude, longitude):
    """The organizations' areas that hold the point (within their tolerance), the closest first, then the
    smallest (a commune before the body that contains it)."""
    margin = 0.5  # degrees around the boxes (about 50 km): the tolerance reaches outside them
    lat, lon = float(latitude), float(longitude)
    candidates = OrganizationArea.objects.filter(
        archived_at__isnull=True,
        organization__archived_at__isnull=True,
        min_latitude__lte=lat + margin,
        max_latitude__gte=lat - margin,
        min_longitude__lte=lon + margin,
        max_longitude__gte=lon - margin,
    ).select_related("organization")
    found = []
    for area in candidates:
        shape = geo.parse(area.geometry, types=geo.AREA_TYPES)[1]
        outside = geo.metres_outside(shape, lat, lon)
        if outside <= area.tolerance_m:
            found.append((outside, shape.area, area))
    found.sort(key=lambda item: (item[0], item[1]))
    return [area for _outside, _size, area in found]


def route(portal_organization, category, latitude=None, longitude=None):
    """Where a report of `category` received by `portal_organization` at the point goes (a ValidationError on
    `latitude` when the point is outside every area the instance knows)."""
    if latitude is None or longitude is None:
        return Route(portal_organization, category)
    areas = areas_at(latitude, longitude)
    if not areas:
        if not OrganizationArea.objects.filter(organization=portal_organization, archived_at__isnull=True).exists():
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
