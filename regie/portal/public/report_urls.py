"""Routes of the residents' site (relative to /p/<organization>/)."""

urlpatterns = []
