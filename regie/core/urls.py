from django.urls import path

from . import scheduler_views, shell

app_name = "core"
urlpatterns = [
    path("organization/switch/", shell.SwitchOrganizationView.as_view(), name="switch-organization"),
    path("audit/", shell.AuditEventListView.as_view(), name="audit-list"),
    path("shares/", shell.ShareListView.as_view(), name="share-list"),
    path("scheduled-jobs/", scheduler_views.ScheduledJobsView.as_view(), name="scheduled-jobs"),
]
