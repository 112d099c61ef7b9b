from django.urls import path

from . import insurance_views, map_urls, views

app_name = "assets"

urlpatterns = [
    path("", views.AssetListView.as_view(), name="asset-list"),
    path("tree/", views.AssetTreeView.as_view(), name="asset-tree"),
    path("tree/<int:pk>/", views.AssetTreeChildrenView.as_view(), name="asset-tree-children"),
    path("new/", views.AssetFormView.as_view(), name="asset-create"),
    path("attribute-fields/", views.AttributeFieldsView.as_view(), name="asset-attribute-fields"),
    path("choices/", views.AssetChoicesView.as_view(), name="asset-choices"),
    path("<int:pk>/", views.AssetDetailView.as_view(), name="asset-detail"),
    path("<int:pk>/sections/<slug:section>/", views.AssetSectionView.as_view(), name="asset-section"),
    path("<int:pk>/geometry/", views.AssetGeometryView.as_view(), name="asset-geometry"),
    path("<int:pk>/edit/", views.AssetFormView.as_view(), name="asset-update"),
    path("<int:pk>/archive/", views.AssetArchiveView.as_view(), name="asset-archive"),
    *map_urls.patterns,
    *insurance_views.patterns,
]
