"""Routes of the registry's reference pages (mounted under assets/ by the app's config, beside the asset pages)."""

from django.urls import path

from regie.core.views import record_urls

from . import reference_views as views

app_name = views.NS

urlpatterns = [
    *record_urls(
        "types",
        "assettype",
        (views.AssetTypeListView, views.AssetTypeDetailView, views.TYPE_VIEWS[2], views.AssetTypeArchiveView),
    ),
    *record_urls(
        "attributes",
        "attributedefinition",
        (views.ATTRIBUTE_VIEWS[0], views.ATTRIBUTE_VIEWS[1], views.AttributeFormView, views.AttributeArchiveView),
    ),
    *record_urls(
        "occupants", "occupant", (views.OCCUPANT_VIEWS[0], views.OccupantDetailView, *views.OCCUPANT_VIEWS[2:])
    ),
    *record_urls(
        "occupancies",
        "occupancy",
        (views.OCCUPANCY_VIEWS[0], views.OCCUPANCY_VIEWS[1], views.OccupancyFormView, views.OCCUPANCY_VIEWS[3]),
    ),
    *record_urls(
        "meters",
        "meter",
        (views.MeterListView, views.MeterDetailView, views.MeterFormView, views.METER_VIEWS[3]),
    ),
    path("meters/<int:pk>/readings/", views.ReadingCreateView.as_view(), name="meter-reading"),
    path("readings/<int:pk>/archive/", views.ReadingArchiveView.as_view(), name="meterreading-archive"),
    *record_urls("species", "species", (views.SpeciesListView, *views.SPECIES_VIEWS[1:])),
    path("territory/", views.AreaView.as_view(), name="area"),
]
