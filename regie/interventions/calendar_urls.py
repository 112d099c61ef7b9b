"""The planning calendar, its JSON endpoints and the iCalendar subscription feeds, under /planning/."""

from django.urls import path

from . import calendar

app_name = "planning"
urlpatterns = [
    path("", calendar.PlanningView.as_view(), name="calendar"),
    path("resources/", calendar.ResourceView.as_view(), name="resources"),
    path("events/", calendar.EventsView.as_view(), name="events"),
    path("work-orders/<int:pk>/move/", calendar.MoveView.as_view(), name="move"),
    path("work-orders/<int:pk>/reschedule/", calendar.RescheduleView.as_view(), name="reschedule"),
    path("feeds/", calendar.FeedListView.as_view(), name="feeds"),
    # Public: calendar clients cannot sign in; the secret token is the credential (tests/security/public_routes.py).
    path("ical/<str:token>.ics", calendar.ICalFeedView.as_view(), name="ical-feed"),
]
