"""Routes (filled by the portal's pages)."""

app_name = "portal"
urlpatterns = []
