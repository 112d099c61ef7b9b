from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", views.AttachmentFileView.as_view(), name="file"),
    path("<int:pk>/thumbnail/", views.AttachmentFileView.as_view(thumbnail=True), name="thumbnail"),
    path("<int:pk>/remove/", views.AttachmentArchiveView.as_view(), name="archive"),
    path("on/<int:content_type_id>/<int:object_id>/", views.AttachmentUploadView.as_view(), name="upload"),
]
