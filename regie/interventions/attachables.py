"""The interventions records that take files (regie.attachments): requests, and work orders with stages.

A work order shows its request's photos: whoever may see the work order (an agent, a contractor) sees them.
"""

from django.urls import reverse

from regie.attachments.registry import Attachable, register


def register_attachables():
    from . import selectors
    from .models import InterventionRequest, WorkOrder
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
