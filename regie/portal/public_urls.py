"""Routes (filled by the portal's pages)."""

app_name = "public"
urlpatterns = []
