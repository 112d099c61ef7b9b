from django.urls import path

from . import shell

app_name = "core"
urlpatterns = [
    path("organization/switch/", shell.SwitchOrganizationView.as_view(), name="switch-organization"),
    path("audit/", shell.AuditEventListView.as_view(), name="audit-list"),
    path("shares/", shell.ShareListView.as_view(), name="share-list"),
]
