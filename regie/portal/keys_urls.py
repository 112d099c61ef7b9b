"""Staff routes of the portal (included by urls.py, namespace portal)."""

urlpatterns = []
