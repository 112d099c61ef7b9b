from django.urls import path

from regie.core.views import record_urls

from . import plan_views

app_name = "maintenance"

urlpatterns = [
    *record_urls("plans", "maintenanceplan", plan_views.PLAN_VIEWS),
    path("plans/<int:pk>/skip/", plan_views.OccurrenceActionView.as_view(), name="maintenanceplan-skip"),
    path("plans/<int:pk>/postpone/", plan_views.PostponeView.as_view(), name="maintenanceplan-postpone"),
    path("plans/<int:pk>/generate/", plan_views.GenerateNowView.as_view(), name="maintenanceplan-generate"),
]
