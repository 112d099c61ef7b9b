"""Open311 GeoReport v2 (mounted at /open311/): the discovery document, and the v2 resources with their format
extension (.json or .xml)."""

from django.urls import path, register_converter

from . import views
from .formats import FORMAT_PATTERN


def converter(pattern):
    """A path converter of text matching `pattern` (kept as is)."""
    return type("Converter", (), {"regex": pattern, "to_python": lambda self, v: v, "to_url": lambda self, v: v})


register_converter(converter(FORMAT_PATTERN), "open311fmt")
register_converter(converter(r"[A-Za-z0-9_.-]{1,20}"), "open311code")  # a service code
register_converter(converter(r"[A-Za-z0-9_@-]{1,100}"), "open311id")  # SIG-2026-000012[@body]

app_name = "open311"
urlpatterns = [
    path("discovery.<open311fmt:fmt>", views.DiscoveryView.as_view(), name="discovery"),
    path("v2/", views.BaseView.as_view(), name="base"),
    path("v2/services.<open311fmt:fmt>", views.ServiceListView.as_view(), name="services"),
    path("v2/services/<open311code:service_code>.<open311fmt:fmt>", views.ServiceDefinitionView.as_view(),
         name="service"),
    path("v2/requests.<open311fmt:fmt>", views.RequestsView.as_view(), name="requests"),
    path("v2/requests/<open311id:service_request_id>.<open311fmt:fmt>", views.RequestView.as_view(), name="request"),
    path("v2/tokens/<open311id:token>.<open311fmt:fmt>", views.TokenView.as_view(), name="token"),
    path("v2/requests/<open311id:service_request_id>/media/<int:attachment_id>", views.MediaView.as_view(),
         name="media"),
]  # fmt: skip
