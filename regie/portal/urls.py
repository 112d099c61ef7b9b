"""The staff's pages of the portal: the triage queue and reports, the service catalogue, the portal's settings
(`staff_urls`, the triage's), and the Open311 application keys (`keys_urls`)."""

from . import keys_urls, staff_urls

app_name = "portal"
urlpatterns = [*staff_urls.urlpatterns, *keys_urls.urlpatterns]
