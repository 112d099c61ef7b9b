"""What the registry's map shows of a viewport: the assets as points, or grid clusters counted in the database.

A viewport of a town holds up to hundreds of thousands of trees and street lights: above `MAX_POINTS` the database
groups them by grid cells (about `CELL_PX` pixels at the asked zoom, anchored at 90°S 180°W so that cells stay put
when the map pans) and answers each cell's count and mean point, so the answer stays a few hundred features. The
outlines and lines (buildings, green spaces, road sections) come only when zoomed in, and a bounded number of them.
"""

import math

from django.db.models import Avg, Count, FloatField, Max, Min
from django.db.models.functions import Cast, Floor

MAX_POINTS = 2000
CELL_PX = 80  # a cluster cell, in screen pixels (Leaflet's tiles are 256 px)
OUTLINE_ZOOM = 16  # outlines and lines from this zoom on (a few streets on the screen)
MAX_OUTLINES = 500
MAX_ZOOM = 22
POINT_FIELDS = ("pk", "code", "name", "latitude", "longitude", "asset_type__name", "asset_type__kind")


def cell_size(zoom, latitude):
    """(degrees of latitude, degrees of longitude) of a cluster cell at `zoom`, square on the screen around
    `latitude` (Web Mercator stretches latitudes by 1 / cos)."""
    lon = 360.0 / 2**zoom * CELL_PX / 256
    lat = lon * max(math.cos(math.radians(latitude)), 0.05)
    return lat, lon


def viewport(assets, bbox, zoom):
    """The GeoJSON FeatureCollection of `assets` (a filtered queryset) in `bbox` = (south, west, north, east)."""
    in_view = assets.in_box(*bbox).order_by()
    total = in_view.count()
    clustered = total > MAX_POINTS
    features = cluster_features(in_view, bbox, zoom) if clustered else point_features(in_view)
    outlines, truncated = outline_features(assets, bbox) if zoom >= OUTLINE_ZOOM else ([], False)
    return {
        "type": "FeatureCollection",
        "features": features + outlines,
        # foreign members (RFC 7946 § 6.1): what the map says about the answer
        "total": total,
        "clustered": clustered,
        "outlines_truncated": truncated,
    }


def point_features(in_view):
    return [
        {
            "type": "Feature",
            "id": row["pk"],
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {
                "role": "point",
                "code": row["code"],
                "name": row["name"],
                "type": row["asset_type__name"],
                "kind": row["asset_type__kind"],
            },
        }
        for row in in_view.values(*POINT_FIELDS)
    ]


def cluster_features(in_view, bbox, zoom):
    """One feature per non-empty grid cell: its count and its assets' mean point (GROUP BY in the database)."""
    size_lat, size_lon = cell_size(zoom, (bbox[0] + bbox[2]) / 2)
    latitude, longitude = Cast("latitude", FloatField()), Cast("longitude", FloatField())
    cells = (
        in_view.annotate(
            cell_y=Floor((latitude + 90.0) / size_lat, output_field=FloatField()),
            cell_x=Floor((longitude + 180.0) / size_lon, output_field=FloatField()),
        )
        .values("cell_y", "cell_x")
        .annotate(count=Count("pk"), lat=Avg(latitude), lon=Avg(longitude))
        .order_by()
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(cell["lon"], 6), round(cell["lat"], 6)]},
            "properties": {"role": "cluster", "count": cell["count"]},
        }
        for cell in cells
    ]


def outline_features(assets, bbox):
    """The outlines and lines of assets around the viewport (their point in the viewport padded by half its size,
    so that a road whose midpoint lies just off the screen is drawn), at most MAX_OUTLINES."""
    south, west, north, east = bbox
    pad_lat, pad_lon = (north - south) / 2, (east - west) / 2
    padded = (max(south - pad_lat, -90), max(west - pad_lon, -180), min(north + pad_lat, 90), min(east + pad_lon, 180))
    rows = list(
        assets.in_box(*padded)
        .filter(geometry__isnull=False)
        .exclude(geometry__type="Point")
        .order_by()
        .values("pk", "code", "name", "asset_type__name", "asset_type__kind", "geometry")[: MAX_OUTLINES + 1]
    )
    features = [
        {
            "type": "Feature",
            "id": row["pk"],
            "geometry": row["geometry"],
            "properties": {
                "role": "outline",
                "code": row["code"],
                "name": row["name"],
                "type": row["asset_type__name"],
                "kind": row["asset_type__kind"],
            },
        }
        for row in rows[:MAX_OUTLINES]
    ]
    return features, len(rows) > MAX_OUTLINES


def extent(assets):
    """(south, west, north, east) of the assets' points, None when none has one."""
    box = assets.order_by().aggregate(
        south=Min("latitude"), west=Min("longitude"), north=Max("latitude"), east=Max("longitude")
    )
    if box["south"] is None:
        return None
    return tuple(float(box[k]) for k in ("south", "west", "north", "east"))
