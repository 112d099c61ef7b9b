from django.urls import path

from . import views

app_name = "interventions"
urlpatterns = [
    path("requests/", views.RequestListView.as_view(), name="request-list"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("work-orders/", views.WorkOrderListView.as_view(), name="workorder-list"),
    path("work-orders/<int:pk>/", views.WorkOrderDetailView.as_view(), name="workorder-detail"),
]
