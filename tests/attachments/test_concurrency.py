"""A photo added while the work order is cancelled: the parent's lock orders them (PostgreSQL, real threads)."""

import pytest

from regie.attachments.models import Attachment
from regie.attachments.services import attach_files
from regie.core.exceptions import Conflict
from regie.interventions import services
from regie.interventions.models import WorkOrder
from tests.concurrency import run_concurrently
from tests.interventions.test_views import planned_work_order

from .images import png, upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(3))
def test_no_photo_lands_on_a_work_order_after_it_is_cancelled(town, attempt):
    wo = planned_work_order(town)

    def add():
        fresh = WorkOrder.objects.get(pk=wo.pk)
        return attach_files(by=town.agent_user, organization=town.org, record=fresh, uploads=[upload("a.png", png())])

    def cancel():
        fresh = WorkOrder.objects.get(pk=wo.pk)
        return services.transition_work_order(fresh, "cancel", by=town.manager, reason="Doublon")

    added, cancelled = run_concurrently(add, cancel)
    assert isinstance(cancelled, WorkOrder), cancelled
    wo.refresh_from_db()
    assert wo.state == "cancelled"
    if isinstance(added, Conflict):  # the cancellation came first: refused, nothing stored
        assert not Attachment.objects.filter(content_type__model="workorder", object_id=wo.pk).exists()
    else:  # the photo came first: stored before the work order was cancelled
        assert not isinstance(added, Exception), added
        assert added[0].created_at < wo.updated_at


def test_two_new_versions_of_one_plan_sent_at_once_make_one(town):
    from .images import pdf

    wo = planned_work_order(town)
    first = attach_files(by=town.manager, organization=town.org, record=wo, uploads=[upload("plan.pdf", pdf())])[0]

    def send(name):
        def call():
            fresh = WorkOrder.objects.get(pk=wo.pk)
            return attach_files(
                by=town.manager, organization=town.org, record=fresh, uploads=[upload(name, pdf())], replaces=first.pk
            )

        return call

    results = run_concurrently(send("plan-a.pdf"), send("plan-b.pdf"))
    assert len([r for r in results if isinstance(r, list)]) == 1, results
    assert len([r for r in results if isinstance(r, Conflict)]) == 1, results
    assert Attachment.objects.filter(previous=first).count() == 1
