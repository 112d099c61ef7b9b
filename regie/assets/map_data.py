"""What the registry's map shows of a viewport: the assets as points, or grid clusters counted in the database.

A viewport of a town holds up to hundreds of thousands of trees and street lights: above `MAX_POINTS` the database
groups them by grid cells (about `CELL_PX` pixels at the asked zoom, anchored at 90°S 180°W so that cells stay put
when the map pans) and answers each cell's count and mean point, so the answer stays a few hundred features. The
outlines and lines (buildings, green spaces, road sections) come only when zoomed in, and a bounded number of them.

Where a map of the assets opens (`opening_view`) and what it is told (`map_settings`) serve both maps: the
registry's page and the asset picker's (interventions/asset_picker.py).
"""

import math

from django.conf import settings
from django.db import connections
from django.db.models import BigIntegerField, ExpressionWrapper, FloatField, Func, Max, Min
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from regie.core.models import shared_ids

from . import selectors
from .models import Asset, OrganizationArea

FRANCE = (41.3, -5.2, 51.1, 9.6)  # (south, west, north, east): where a map with nothing to show opens
MAX_POINTS = 2000
CELL_PX = 80  # a cluster cell, in screen pixels (Leaflet's tiles are 256 px)
OUTLINE_ZOOM = 16  # outlines and lines from this zoom on (a few streets on the screen)
MAX_OUTLINES = 500
MAX_ZOOM = 22
CELL_ROW = 100_000_000  # more columns than a row of cells has at MAX_ZOOM (360° / 2.7e-5° ≈ 13 million)
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
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)", **extra_context)


def viewport(apply, bbox, zoom, organization, membership=None):
    """The GeoJSON FeatureCollection of the assets `apply` (the list's filters) keeps in `bbox` = (south, west,
    north, east), of those `organization` sees.

    The grid cells are counted first, on the organization's own rows (the covering index asset_org_point_active
    alone, no row read: the shares' `OR id IN (…)` would need the rows) and on the rows shared with it, apart; a
    viewport that holds at most MAX_POINTS then gets its points instead."""
    own = apply(Asset.objects.owned_by(organization).active()).in_box(*bbox)
    lent = shared_ids(organization, Asset)  # what it sees through shares: the rule of for_org
    shared = apply(Asset.objects.active().filter(pk__in=lent)).exclude(organization=organization)
    cells = merge_cells(grid_cells(own, bbox, zoom), grid_cells(shared.in_box(*bbox), bbox, zoom))
    total = sum(cell["count"] for cell in cells)
    clustered = total > MAX_POINTS
    visible = apply(selectors.visible_assets(organization, membership).active())
    features = [cluster_feature(cell) for cell in cells] if clustered else point_features(visible.in_box(*bbox))
    outlines, truncated = outline_features(visible, bbox) if zoom >= OUTLINE_ZOOM else ([], False)
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
    """[{cell, count, lat, lon}] of the non-empty grid cells, grouped in the database on one integer key per cell
    (row × CELL_ROW + column). The rows are read from the index alone (no id, no other column). On PostgreSQL the
    grouping runs over a fenced subquery (`OFFSET 0`): the planner then expects few groups and hashes them, where
    over the columns it expects one group per row and sorts 50,000 rows on disk."""
    size_lat, size_lon = cell_size(zoom, (bbox[0] + bbox[2]) / 2)
    latitude, longitude = Cast("latitude", FloatField()), Cast("longitude", FloatField())
    row, column = CellIndex((latitude + 90.0) / size_lat), CellIndex((longitude + 180.0) / size_lon)
    points = (
        in_view.order_by()
        .annotate(cell=ExpressionWrapper(row * CELL_ROW + column, output_field=BigIntegerField()))
        .annotate(point_lat=latitude, point_lon=longitude)
        .values("cell", "point_lat", "point_lon")
    )
    sql, params = points.query.sql_with_params()
    fence = " OFFSET 0" if connections[points.db].vendor == "postgresql" else ""
    grouped = (
        "SELECT cell, COUNT(*), AVG(point_lat), AVG(point_lon) "  # noqa: S608 (Django's own SQL, its parameters)
        f"FROM ({sql}{fence}) AS viewport GROUP BY cell"
    )
    with connections[points.db].cursor() as cursor:
        cursor.execute(grouped, params)
        return [{"cell": c, "count": n, "lat": float(lat), "lon": float(lon)} for c, n, lat, lon in cursor.fetchall()]


def merge_cells(*groups):
    """One entry per cell of several groups of cells (counts added, mean points weighted by the counts)."""
    merged = {}
    for cells in groups:
        for cell in cells:
            known = merged.get(cell["cell"])
            if known is None:
                merged[cell["cell"]] = dict(cell)
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


def organization_area(organization):
    return OrganizationArea.objects.owned_by(organization).active().first()


def own_extent(organization, apply=None):
    """The box of the organization's own active assets (narrowed by `apply`, the list's filters), None if none."""
    own = Asset.objects.owned_by(organization).active()  # an index range: no shares' OR
    return extent(apply(own) if apply else own)


def opening_view(organization):
    """(area, bounds): the organization's boundary (None without one) and the (south, west, north, east) a map of
    its assets opens on: the boundary's box, else the box of its own assets, else France."""
    area = organization_area(organization)
    return area, (area.bounds if area else None) or own_extent(organization) or FRANCE


def map_settings():
    """What every map of the assets (the registry's, the asset picker's) is told besides its place: the tiles,
    the data endpoint and its texts (regie/js/assets-map.js)."""
    return {
        "dataUrl": reverse("assets:map-data"),
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "outlineZoom": OUTLINE_ZOOM,
        "strings": {
            "open": _("Open the asset page"),
            "assets": _("%(count)s assets: zoom in to see them"),
            "loading": _("Loading the assets…"),
            "failed": _("The assets could not be loaded. Move the map or reload the page."),
            "shownOne": _("1 asset in view."),
            "shown": _("%(count)s assets in view."),
            "noTiles": _(
                "The background map could not be loaded (the tile server may be blocked on this network): "
                "the boundary, the outlines and the assets are still shown."
            ),
            "tilesOff": _("No background map is configured: the boundary, outlines and assets are shown."),
            "boundary": _("Boundary of the organization"),
            "outlinesTruncated": _("Too many outlines here: some are not drawn. Zoom in further."),
        },
    }
