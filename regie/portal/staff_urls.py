"""Staff routes of the portal (included by urls.py, namespace portal)."""

from django.urls import path

from regie.core.views import record_urls

from . import views

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/convert/", views.ConvertView.as_view(), name="report-convert"),
    path("reports/<int:pk>/merge/", views.MergeView.as_view(), name="report-merge"),
    path("reports/<int:pk>/reject/", views.RejectView.as_view(), name="report-reject"),
    path("reports/<int:pk>/update/", views.PublicUpdateView.as_view(), name="report-update"),
    *record_urls("services", "servicecategory", views.SERVICE_VIEWS),
    path("services/<int:pk>/questions/new/", views.QuestionCreateView.as_view(), name="question-create"),
    path("services/questions/<int:pk>/edit/", views.QuestionUpdateView.as_view(), name="question-update"),
    path("services/questions/<int:pk>/archive/", views.QuestionArchiveView.as_view(), name="question-archive"),
    path("settings/", views.PortalSettingsView.as_view(), name="settings"),
]
