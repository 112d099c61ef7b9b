"""The interventions records that take files (regie.attachments): requests, work orders with stages, and the
contractors' invoice lines (a PDF invoice, added by whoever acts on the work order).

A work order shows its request's photos: whoever may see the work order (an agent, a contractor) sees them.
"""

from django.urls import reverse

from regie.attachments.registry import Attachable, register


def register_attachables():
    from . import selectors
    from .models import CostLine, InterventionRequest, WorkOrder
    from .services.quotes import may_add_invoice
    from .services.requests import may_add_files as may_add_to_request
    from .services.work_orders import may_add_files as may_add_to_work_order

    register(
        Attachable(
            model=InterventionRequest,
            visible=selectors.visible_requests,
            may_add=may_add_to_request,
            detail_url=lambda record: reverse("interventions:request-detail", args=[record.pk]),
        )
    )
    register(
        Attachable(
            model=WorkOrder,
            visible=selectors.visible_work_orders,
            may_add=may_add_to_work_order,
            detail_url=lambda record: reverse("interventions:workorder-detail", args=[record.pk]),
            stages=True,
            shows=("request",),
        )
    )
    register(
        Attachable(
            model=CostLine,
            visible=selectors.visible_cost_lines,
            may_add=may_add_invoice,
            detail_url=lambda record: reverse("interventions:workorder-detail", args=[record.work_order_id]),
            documents_only=True,
        )
    )
