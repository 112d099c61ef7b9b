"""Staff routes of the Open311 application keys (included by urls.py, namespace portal)."""

from django.urls import path

from . import keys_views as views

urlpatterns = [
    path("keys/", views.ApplicationKeyListView.as_view(), name="applicationkey-list"),
    path("keys/new/", views.ApplicationKeyCreateView.as_view(), name="applicationkey-create"),
    path("keys/<int:pk>/", views.ApplicationKeyDetailView.as_view(), name="applicationkey-detail"),
    path("keys/<int:pk>/revoke/", views.ApplicationKeyRevokeView.as_view(), name="applicationkey-revoke"),
]
