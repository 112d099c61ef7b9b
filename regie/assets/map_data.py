"""What the registry's map shows of a viewport: the assets as points, or grid clusters counted in the database.

A viewport of a town holds up to hundreds of thousands of trees and street lights: above `MAX_POINTS` the database
groups them by grid cells (about `CELL_PX` pixels at the asked zoom, anchored at 90°S 180°W so that cells stay put
when the map pans) and answers each cell's count and mean point, so the answer stays a few hundred features. The
outlines and lines (buildings, green spaces, road sections) come only when zoomed in, and a bounded number of them.
"""

import math

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, FloatField, Func, IntegerField, Max, Min, Q
from django.db.models.functions import Cast
from django.utils import timezone

from regie.core.models import Share

from .models import Asset

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


class CellIndex(Func):
    """FLOOR(x) on PostgreSQL; on SQLite a native CAST(x AS INTEGER) (x ≥ 0 here), not Django's Python FLOOR."""

    function = "FLOOR"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)", **extra_context)


def shared_ids(organization):
    """The ids of assets shared with `organization` today (the condition of TenantQuerySet.for_org)."""
    today = timezone.localdate()
    return (
        Share.objects.active()
        .filter(target=organization, content_type=ContentType.objects.get_for_model(Asset))
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("object_id")
    )


def viewport(assets, bbox, zoom, organization):
    """The GeoJSON FeatureCollection of `assets` (a filtered queryset) in `bbox` = (south, west, north, east).

    The grid cells are counted first, on the organization's own rows (the covering index asset_org_point_active
    alone: `organization = X` lets the planners drop the shares' OR) and on the rows shared with it, apart; a
    viewport that holds at most MAX_POINTS then gets its points instead."""
    in_view = assets.in_box(*bbox).order_by()
    own = in_view.filter(organization=organization)
    shared = in_view.filter(pk__in=shared_ids(organization)).exclude(organization=organization)
    cells = merge_cells(grid_cells(own, bbox, zoom), grid_cells(shared, bbox, zoom))
    total = sum(cell["count"] for cell in cells)
    clustered = total > MAX_POINTS
    features = [cluster_feature(cell) for cell in cells] if clustered else point_features(in_view)
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


def grid_cells(in_view, bbox, zoom):
    """[{cell_y, cell_x, count, lat, lon}] of the non-empty grid cells: GROUP BY in the database."""
    size_lat, size_lon = cell_size(zoom, (bbox[0] + bbox[2]) / 2)
    latitude, longitude = Cast("latitude", FloatField()), Cast("longitude", FloatField())
    return list(
        in_view.annotate(
            cell_y=CellIndex((latitude + 90.0) / size_lat), cell_x=CellIndex((longitude + 180.0) / size_lon)
        )
        .values("cell_y", "cell_x")
        .annotate(count=Count("pk"), lat=Avg(latitude), lon=Avg(longitude))
        .order_by()
    )


def merge_cells(*groups):
    """One entry per cell of several groups of cells (counts added, mean points weighted by the counts)."""
    merged = {}
    for cells in groups:
        for cell in cells:
            key = (cell["cell_y"], cell["cell_x"])
            known = merged.get(key)
            if known is None:
                merged[key] = dict(cell)
                continue
            count = known["count"] + cell["count"]
            known["lat"] = (known["lat"] * known["count"] + cell["lat"] * cell["count"]) / count
            known["lon"] = (known["lon"] * known["count"] + cell["lon"] * cell["count"]) / count
            known["count"] = count
    return list(merged.values())


def cluster_feature(cell):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(cell["lon"], 6), round(cell["lat"], 6)]},
        "properties": {"role": "cluster", "count": cell["count"]},
    }


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
