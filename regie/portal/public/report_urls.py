"""Routes of the residents' site (relative to /p/<organization>/): its home and the reporting pages."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("report/nearby/", views.NearbyView.as_view(), name="report-nearby"),
    path("report/support/", views.SupportView.as_view(), name="report-support"),
    path("report/assets.json", views.AssetsView.as_view(), name="report-assets"),
]
