from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read/", views.NotificationReadAllView.as_view(), name="read-all"),
    path("e-mails/", views.NotificationPreferenceView.as_view(), name="preference"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
]
