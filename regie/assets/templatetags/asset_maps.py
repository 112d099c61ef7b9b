"""`{% load asset_maps %}{% asset_minimap asset %}`: the small map of an asset page (its point and outline, the
configured tiles, asset-minimap.js and Leaflet). Nothing when the asset has neither a point nor a geometry."""

import json

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("assets/_minimap.html", takes_context=True)
def asset_minimap(context, asset, label=""):
    has_point = asset.latitude is not None and asset.longitude is not None
    return {
        "shown": has_point or bool(asset.geometry),
        "latitude": f"{asset.latitude}" if has_point else "",
        "longitude": f"{asset.longitude}" if has_point else "",
        "geometry": json.dumps(asset.geometry, separators=(",", ":")) if asset.geometry else "",
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "label": label or _("Location of %(asset)s") % {"asset": asset.name},
        "note": _("No background map: the tile server is not reachable from this network or none is configured."),
        "csp_nonce": context.get("csp_nonce", ""),
    }
