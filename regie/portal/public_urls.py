"""The residents' site, /p/<organization slug>/… (and the same pages at the root of an organization's own host
name, `host_urls`). Every route here is public (listed in tests/security/public_routes.py)."""

from django.urls import include, path

from .public import report_urls, track_urls

app_name = "public"

site_patterns = [*report_urls.urlpatterns, *track_urls.urlpatterns]

urlpatterns = [path("<slug:organization>/", include(site_patterns))]
