"""Geometry of the demo registry: points, outlines and lines drawn in metres around a centre, in WGS 84.

A local flat projection (metres east and north of the town's centre) is exact enough at the scale of a commune;
shapely does the rest (points in the boundary, outlines that stay valid)."""

import itertools
import json
import math
from decimal import Decimal
from functools import cache
from pathlib import Path

from shapely.geometry import Point, Polygon, shape

from ..geometry import M_PER_DEG_LAT, M_PER_DEG_LON, mapping_of

BOUNDARIES = Path(__file__).with_name("boundaries.geojson")
MICRO = Decimal("0.000001")


@cache
def boundaries():
    """{organization key: (name, GeoJSON geometry, shapely shape)} from the file shipped with the demo."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["key"]: (f["properties"]["name"], f["geometry"], shape(f["geometry"])) for f in features}


class Ground:
    """Where one organization's assets go: its boundary, and metres ↔ degrees around its centre."""

    def __init__(self, key, rng):
        self.rng = rng
        self.name, self.geometry, self.area = boundaries()[key]
        centre = self.area.centroid
        self.lon0, self.lat0 = centre.x, centre.y
        self.m_lon = M_PER_DEG_LON * math.cos(math.radians(self.lat0))

    def degrees(self, east, north):
        """(longitude, latitude) of a point `east`, `north` metres from the centre."""
        return round(self.lon0 + east / self.m_lon, 6), round(self.lat0 + north / M_PER_DEG_LAT, 6)

    def metres(self, lon, lat):
        return (lon - self.lon0) * self.m_lon, (lat - self.lat0) * M_PER_DEG_LAT

    def point(self, spread=1.0):
        """A random point inside the boundary, (lon, lat); `spread` < 1 keeps it nearer the centre."""
        min_x, min_y, max_x, max_y = self.area.bounds
        cx, cy = self.lon0, self.lat0
        while True:
            lon = cx + (self.rng.uniform(min_x, max_x) - cx) * spread
            lat = cy + (self.rng.uniform(min_y, max_y) - cy) * spread
            if self.area.contains(Point(lon, lat)):
                return round(lon, 6), round(lat, 6)

    def near(self, lon, lat, metres):
        """A random point within `metres` of (lon, lat)."""
        angle, distance = self.rng.uniform(0, 2 * math.pi), metres * math.sqrt(self.rng.random())
        return (
            round(lon + distance * math.cos(angle) / self.m_lon, 6),
            round(lat + distance * math.sin(angle) / M_PER_DEG_LAT, 6),
        )

    def outline(self, lon, lat, radius, sides=7):
        """A plausible irregular (convex, hence valid) outline of about `radius` metres around a point."""
        angles = sorted(self.rng.uniform(0, 2 * math.pi) for _ in range(sides))
        x0, y0 = self.metres(lon, lat)
        ring = []
        for angle in angles:
            r = radius * self.rng.uniform(0.75, 1.15)
            ring.append(self.degrees(x0 + r * math.cos(angle), y0 + r * math.sin(angle)))
        polygon = Polygon(ring).convex_hull
        return mapping_of(polygon)

    def rectangle(self, lon, lat, width, depth):
        """A building's footprint: a rectangle of `width` × `depth` metres turned by a random angle."""
        x0, y0 = self.metres(lon, lat)
        turn = self.rng.uniform(0, math.pi)
        cos, sin = math.cos(turn), math.sin(turn)
        corners = [(-width / 2, -depth / 2), (width / 2, -depth / 2), (width / 2, depth / 2), (-width / 2, depth / 2)]
        ring = [self.degrees(x0 + x * cos - y * sin, y0 + x * sin + y * cos) for x, y in corners]
        return {"type": "Polygon", "coordinates": [[list(p) for p in [*ring, ring[0]]]]}

    def street(self, length, segments=3):
        """A road section: a gently bending line of about `length` metres starting inside the boundary."""
        lon, lat = self.point(0.85)
        x, y = self.metres(lon, lat)
        heading = self.rng.uniform(0, 2 * math.pi)
        points = [self.degrees(x, y)]
        for _ in range(segments):
            heading += self.rng.uniform(-0.35, 0.35)
            x += length / segments * math.cos(heading)
            y += length / segments * math.sin(heading)
            points.append(self.degrees(x, y))
        return points


def along(points, fraction):
    """The point at `fraction` (0–1) of a polyline's length (flat approximation), (lon, lat)."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    target, total = fraction * sum(lengths), 0.0
    for (a, b), step in zip(itertools.pairwise(points), lengths, strict=True):
        if total + step >= target and step > 0:
            t = (target - total) / step
            return round(a[0] + (b[0] - a[0]) * t, 6), round(a[1] + (b[1] - a[1]) * t, 6)
        total += step
    return points[-1]


def decimal(value):
    return Decimal(str(value)).quantize(MICRO)
