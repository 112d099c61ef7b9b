"""The registry's map, under /assets/ (`patterns`: included by regie.assets.urls, namespace `assets`)."""

from django.urls import path

from . import map_views

patterns = [
    path("map/", map_views.MapView.as_view(), name="map"),
    path("map/data.json", map_views.MapDataView.as_view(), name="map-data"),
]
