from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportJobListView.as_view(), name="job-list"),
    path("new/", views.ImportUploadView.as_view(), name="job-create"),
    path("<int:pk>/", views.ImportJobDetailView.as_view(), name="job-detail"),
    path("<int:pk>/columns/", views.ImportMappingView.as_view(), name="job-mapping"),
    path("<int:pk>/import/", views.ImportCommitView.as_view(), name="job-commit"),
    path("<int:pk>/file/", views.ImportFileView.as_view(), name="job-file"),
]
