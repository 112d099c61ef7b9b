"""The notification centre's former address (/interventions/notifications/), kept for bookmarks and e-mails sent."""

from django.urls import path

from .views import LegacyCentreView

urlpatterns = [path("", LegacyCentreView.as_view())]
