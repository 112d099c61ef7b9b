"""The registry's map, under /assets/ (`patterns`: what regie.assets.urls includes once the asset pages exist)."""

from django.urls import path

from . import map_views

app_name = "assets"
patterns = [
    path("map/", map_views.MapView.as_view(), name="map"),
    path("map/data.json", map_views.MapDataView.as_view(), name="map-data"),
]
urlpatterns = patterns
