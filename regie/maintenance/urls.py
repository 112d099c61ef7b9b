"""Routes of the maintenance module under /maintenance/."""

from django.urls import path

from regie.core.views import record_urls

from . import inspection_views as inspections
from . import plan_views

app_name = "maintenance"

urlpatterns = [
    *record_urls("catalogue", "inspectiontype", inspections.TYPE_VIEWS),
    *record_urls("catalogue/rules", "periodicityrule", inspections.RULE_VIEWS),
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/new/", inspections.InspectionCreateView.as_view(), name="inspection-create"),
    path("inspections/<int:pk>/", inspections.InspectionDetailView.as_view(), name="inspection-detail"),
    path("inspections/<int:pk>/edit/", inspections.InspectionUpdateView.as_view(), name="inspection-update"),
    path(
        "inspections/<int:pk>/observations/",
        inspections.ObservationAddView.as_view(),
        name="inspection-observation-add",
    ),
    path(
        "inspections/observations/<int:pk>/request/",
        inspections.ObservationRequestView.as_view(),
        name="observation-request",
    ),
    path("inspections/observations/<int:pk>/lift/", inspections.ObservationLiftView.as_view(), name="observation-lift"),
    path("compliance/", inspections.ComplianceView.as_view(), name="compliance"),
    path("compliance/map.geojson", inspections.ComplianceGeoJSONView.as_view(), name="compliance-geojson"),
    path("compliance/refresh/", inspections.RefreshObligationsView.as_view(), name="compliance-refresh"),
    *record_urls("plans", "maintenanceplan", plan_views.PLAN_VIEWS),
    path("plans/<int:pk>/skip/", plan_views.OccurrenceActionView.as_view(), name="maintenanceplan-skip"),
    path("plans/<int:pk>/postpone/", plan_views.PostponeView.as_view(), name="maintenanceplan-postpone"),
    path("plans/<int:pk>/generate/", plan_views.GenerateNowView.as_view(), name="maintenanceplan-generate"),
]
