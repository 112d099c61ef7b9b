"""Routes of the analytics module under /analytics/: the role's dashboard, its tables as files, the council's
monthly report."""

from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export/<slug:table>.<str:format>", views.DashboardExportView.as_view(), name="dashboard-export"),
    path("council/", views.CouncilReportView.as_view(), name="council"),
    path("council.pdf", views.CouncilReportView.as_view(), {"pdf": True}, name="council-pdf"),
]
