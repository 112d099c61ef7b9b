"""Helpers of the interventions API tests: records made through the services (or in bulk for volume tests)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from regie.interventions import services
from regie.interventions.models import InterventionRequest, WorkOrder

API = "/api/v1"


def file(town, by=None, **overrides):
    obj, _created = services.create_request(
        by=by or town.requester, organization=town.org, data=town.request_data(**overrides)
    )
    return obj


def approved(town, **overrides):
    obj = file(town, **overrides)
    obj = services.transition_request(obj, "validate", by=town.head)
    return services.transition_request(obj, "approve", by=town.manager)


def work_order(town, *, agents=(), request=None, **data):
    data.setdefault("title", "Remplacer le robinet")
    data.setdefault("category", town.category)
    data.setdefault("priority", town.priorities[2])
    return services.create_work_order(
        by=town.manager,
        organization=town.org,
        data=data,
        m2m={"agents": list(agents)} if agents else {},
        request=request,
    )


def slot(days=1, hours=3):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return start, start + datetime.timedelta(hours=hours)


def bulk_requests(town, count, *, department=None):
    """`count` submitted requests written in one query (volume tests only: no audit, no numbering)."""
    base = InterventionRequest.objects.count()
    rows = [
        InterventionRequest(
            organization=town.org,
            number=f"DI-BULK-{base + i:06d}",
            title=f"Demande {i}",
            description="…",
            state="submitted",
            department=department or town.school,
            requester=town.requester,
            category=town.category,
            priority=town.priorities[2],
            location=f"Lieu {i}",
        )
        for i in range(count)
    ]
    return InterventionRequest.objects.bulk_create(rows)


def bulk_work_orders(town, count, *, contractor=None):
    base = WorkOrder.objects.count()
    start, end = slot()
    rows = WorkOrder.objects.bulk_create(
        [
            WorkOrder(
                organization=town.org,
                number=f"BT-BULK-{base + i:06d}",
                title=f"Travaux {i}",
                state="planned",
                category=town.category,
                priority=town.priorities[1],
                department=town.works,
                team=None if contractor else town.team,
                execution="contractor" if contractor else "in_house",
                contractor=contractor,
                planned_start=start,
                planned_end=end,
                estimated_hours=Decimal(2),
            )
            for i in range(count)
        ]
    )
    if not contractor:
        through = WorkOrder.agents.through
        through.objects.bulk_create([through(workorder_id=wo.pk, agent_id=town.agent.pk) for wo in rows])
    return rows
