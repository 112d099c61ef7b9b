"""Routes (filled by the portal's pages)."""

app_name = "open311"
urlpatterns = []
