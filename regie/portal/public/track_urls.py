"""Routes of the residents' site (relative to /p/<organization>/): a report's tracking page (its token is the
resident's secret), the resident's actions on it, its photos, and the public map."""

from django.urls import path

from . import track_views as views

urlpatterns = [
    path("r/<str:token>/", views.TrackView.as_view(), name="track"),
    path("r/<str:token>/not-fixed/", views.NotFixedView.as_view(), name="track-not-fixed"),
    path("r/<str:token>/rating/", views.RateView.as_view(), name="track-rate"),
    path("r/<str:token>/erase/", views.EraseView.as_view(), name="track-erase"),
    path("r/<str:token>/photos/<int:photo>/", views.PhotoView.as_view(), name="track-photo"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/reports.geojson", views.MapDataView.as_view(), name="map-data"),
]
