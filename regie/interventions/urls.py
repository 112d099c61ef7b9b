from django.urls import path

from . import views

app_name = "interventions"
urlpatterns = [
    # requests
    path("requests/", views.RequestListView.as_view(), name="request-list"),
    path("requests/new/", views.RequestCreateView.as_view(), name="request-create"),
    path("requests/similar/", views.RequestDuplicatesView.as_view(), name="request-duplicates"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("requests/<int:pk>/edit/", views.RequestUpdateView.as_view(), name="request-update"),
    path("requests/<int:pk>/step/", views.RequestTransitionView.as_view(), name="request-transition"),
    path(
        "requests/<int:pk>/work-orders/new/",
        views.RequestWorkOrderCreateView.as_view(),
        name="request-workorder-create",
    ),
    # work orders
    path("work-orders/", views.WorkOrderListView.as_view(), name="workorder-list"),
    path("work-orders/new/", views.WorkOrderCreateView.as_view(), name="workorder-create"),
    path("work-orders/agent-picker/", views.WorkOrderAgentPickerView.as_view(), name="workorder-agent-picker"),
    path("work-orders/<int:pk>/", views.WorkOrderDetailView.as_view(), name="workorder-detail"),
    path("work-orders/<int:pk>/edit/", views.WorkOrderUpdateView.as_view(), name="workorder-update"),
    path("work-orders/<int:pk>/step/", views.WorkOrderTransitionView.as_view(), name="workorder-transition"),
    path("work-orders/<int:pk>/tasks/<int:task>/", views.WorkOrderTaskView.as_view(), name="workorder-task"),
    path("work-orders/<int:pk>/assign/", views.WorkOrderAssignView.as_view(), name="workorder-assign"),
    path("work-orders/<int:pk>/time/", views.WorkOrderTimeView.as_view(), name="workorder-time"),
    path(
        "work-orders/<int:pk>/time/agent-picker/",
        views.WorkOrderTimeAgentPickerView.as_view(),
        name="workorder-time-agent-picker",
    ),
    path("work-orders/<int:pk>/costs/", views.WorkOrderCostView.as_view(), name="workorder-cost"),
    # the filters' agent picker (the planning, the work-order list)
    path("agents/picker/", views.AgentFilterPickerView.as_view(), name="agent-filter-picker"),
    # the asset picker (request and work-order forms, the lists' filters)
    path("assets/picker/", views.AssetPickerView.as_view(), name="asset-picker"),
    # costs
    path("costs/", views.CostSummaryView.as_view(), name="cost-summary"),
    path("costs/export.csv", views.CostExportView.as_view(), name="cost-export"),
    path("costs/export.xlsx", views.CostExportView.as_view(), {"format": "xlsx"}, name="cost-export-xlsx"),
    path("costs/budget.csv", views.BudgetExportView.as_view(), name="budget-export"),
    path("costs/occupants/<int:pk>/", views.OccupantStatementView.as_view(), name="occupant-statement"),
    path(
        "costs/occupants/<int:pk>/export.csv",
        views.OccupantStatementExportView.as_view(),
        name="occupant-statement-csv",
    ),
    path(
        "costs/occupants/<int:pk>/export.xlsx",
        views.OccupantStatementExportView.as_view(),
        {"format": "xlsx"},
        name="occupant-statement-xlsx",
    ),
    path("costs/budget.xlsx", views.BudgetExportView.as_view(), {"format": "xlsx"}, name="budget-export-xlsx"),
]
