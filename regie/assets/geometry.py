"""Geometry of assets and organization areas: GeoJSON (RFC 7946) checked and measured with shapely.

Stored as GeoJSON geometry objects (`{"type": "Polygon", "coordinates": ...}`, longitude first, WGS 84) in a
JSON column, beside an indexed representative point (latitude, longitude) that viewport and distance queries
use on both databases. Why not PostGIS: the embedded default (SQLite) cannot load SpatiaLite here, so the
queries have to work on indexed coordinates anyway; shapely does the rest in Python (docs/assets.md).
"""

import itertools
import json
import math

import shapely
import shapely.errors
import shapely.ops
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from shapely.geometry import Point, mapping, shape

GEOMETRY_TYPES = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
AREA_TYPES = ("Polygon", "MultiPolygon")
# A building outline or a road section has tens to hundreds of vertices; a commune's boundary a few thousand.
MAX_VERTICES = 20_000
MAX_JSON_BYTES = 2 * 1024 * 1024
# Metres per degree: latitude everywhere, longitude at the equator (scaled by cos(latitude)).
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0


def parse(value, *, types=GEOMETRY_TYPES):
    """A GeoJSON geometry (dict or JSON text; a Feature's geometry is taken) checked: a known type, numeric
    coordinates within WGS 84 bounds, at most MAX_VERTICES vertices, a valid shape (no self-crossing ring).
    Returns (geojson dict, shapely geometry); raises ValidationError in the user's language."""
    if isinstance(value, (str, bytes)):
        if len(value) > MAX_JSON_BYTES:
            raise ValidationError(_("This geometry is too large (at most 2 MB)."), code="geometry_too_large")
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            message = _("This is not GeoJSON (the text is not valid JSON).")
            raise ValidationError(message, code="geometry_json") from None
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") not in types:
        raise ValidationError(
            _("Expected a GeoJSON geometry of type %(types)s."),
            code="geometry_type",
            params={"types": ", ".join(types)},
        )
    try:
        geometry = shape(value)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, shapely.errors.GEOSException):
        raise ValidationError(_("These GeoJSON coordinates cannot be read."), code="geometry_coordinates") from None
    if geometry.is_empty:
        raise ValidationError(_("This geometry has no coordinates."), code="geometry_empty")
    if shapely.get_num_coordinates(geometry) > MAX_VERTICES:
        raise ValidationError(
            _("This geometry has too many points (at most %(max)s)."),
            code="geometry_too_large",
            params={"max": MAX_VERTICES},
        )
    min_x, min_y, max_x, max_y = geometry.bounds
    if not all(math.isfinite(v) for v in geometry.bounds) or min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise ValidationError(
            _("Coordinates must be longitude then latitude in degrees (WGS 84), as GeoJSON says."),
            code="geometry_bounds",
        )
    if not geometry.is_valid:
        raise ValidationError(
            _("This outline is not valid (%(reason)s)."),
            code="geometry_invalid",
            params={"reason": shapely.is_valid_reason(geometry)},
        )
    return mapping_of(geometry), geometry


def mapping_of(geometry):
    """GeoJSON of a shapely geometry with plain lists (what a JSON column stores and compares)."""
    return json.loads(json.dumps(mapping(geometry)))


def representative_point(geometry):
    """(latitude, longitude) of the point that stands for a geometry on maps and in viewport queries: a point
    itself, a line's midpoint along its length, a surface's point guaranteed inside it."""
    if geometry.geom_type in ("LineString", "MultiLineString"):
        point = geometry.interpolate(0.5, normalized=True)
    else:
        point = geometry.representative_point()
    return round(point.y, 6), round(point.x, 6)


def metres_between(lat1, lon1, lat2, lon2):
    """Distance in metres on the sphere (haversine): exact enough for "within 50 m" and "10 km outside"."""
    lat1, lon1, lat2, lon2 = map(math.radians, (float(lat1), float(lon1), float(lat2), float(lon2)))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def box_around(lat, lon, metres):
    """(min_lat, min_lon, max_lat, max_lon) of a square of ±`metres` around a point: the indexed prefilter of
    a distance query, refined with metres_between."""
    lat, lon = float(lat), float(lon)
    d_lat = metres / M_PER_DEG_LAT
    d_lon = metres / (M_PER_DEG_LON * max(math.cos(math.radians(lat)), 0.01))
    return lat - d_lat, lon - d_lon, lat + d_lat, lon + d_lon


def metres_outside(area, lat, lon):
    """How far (metres, approximately) a point lies outside an area's shapely geometry: 0 inside it."""
    if shapely.intersects_xy(area, float(lon), float(lat)):  # covers, for a point; no Point object made
        return 0.0
    point = Point(float(lon), float(lat))
    nearest = shapely.ops.nearest_points(area.boundary, point)[0]
    return metres_between(nearest.y, nearest.x, lat, lon)


def length_metres(geometry):
    """Length of a line in metres (segments measured on the sphere)."""
    total = 0.0
    lines = geometry.geoms if geometry.geom_type == "MultiLineString" else [geometry]
    for line in lines:
        coords = list(line.coords)
        total += sum(metres_between(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(coords))
    return total
