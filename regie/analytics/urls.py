"""Routes of the analytics module under /analytics/: dashboards, indicator tables and exports, council report."""

app_name = "analytics"

urlpatterns = []
