"""The demo users' notifications of the last days of the history."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from regie.core.permissions import Role
from regie.demo.bulk import Table
from regie.notifications.models import Notification

from ..services.requests import KINDS, MESSAGES
from ..services.work_orders import ASSIGNED, ASSIGNED_KIND
from ..workflow import RequestState as S
from .base import NOTIFIED_DAYS, TRANSITION


class NotificationRows:
    """Notifications of the demo users (`NOTIFIED_DAYS`)."""

    def notifications(self):
        """What the demo users were told over the last two weeks (as the services notify), most of it read."""
        sim, rng = self.sim, self.demo.rng("interventions_notifications", self.sim.key)
        since = sim.now - timedelta(days=NOTIFIED_DAYS)
        demo_users = {u.pk for u in sim.users.values()} | {self.demo.users["manager.agglo"].pk}
        managers = [sim.users[Role.MANAGER], sim.users[Role.ADMIN]]
        if sim.key == "village":
            managers.append(self.demo.users["manager.agglo"])
        table = Table(Notification)
        rows = []

        def notify(recipients, at, key, record, url, body, actor, live):
            kind, message = (ASSIGNED_KIND, ASSIGNED) if key == "assigned" else (KINDS[key], MESSAGES[key])
            content_type = self.order_type if key == "assigned" else self.request_type
            for user in recipients:
                if user is None or user.pk not in demo_users or user.pk == actor.pk:
                    continue
                with translation.override(user.language or settings.LANGUAGE_CODE):
                    title = str(message % {"number": record.number})[:200]
                read = None
                if not live and sim.now - at > timedelta(days=2) and rng.random() < 0.8:  # live items: unread
                    read = min(sim.now, at + timedelta(hours=rng.uniform(0.2, 30)))
                values = {
                    "organization_id": self.org_id,
                    "recipient_id": user.pk,
                    "kind": kind,
                    "content_type_id": content_type,
                    "object_id": record.pk,
                    "object_repr": f"{record.number} — {record.title}"[:200],
                    "title": title,
                    "body": body,
                    "url": url,
                    "created_at": at,
                    "read_at": read,
                }
                rows.append(table.row(values))

        for plan in self.plans:
            if plan.events[-1][0] < since and not plan.force:
                continue
            url = reverse("interventions:request-detail", args=[plan.pk])
            for at, action, changes, actor, _channel, _reason in plan.events:
                if (at < since and not plan.force) or action != TRANSITION:
                    continue
                new = changes["state"][1]
                others = [u for u in managers if actor is None or u.pk != actor.pk]
                body = f"{plan.title}\n{plan.last_reason}" if new == S.REJECTED else plan.title
                key, recipients = None, []
                if new == S.SUBMITTED:
                    head = sim.ref.heads.get(plan.department.code) if sim.workflow.department_validation else None
                    key, recipients = "submit", [head] if head else others
                elif new == S.VALIDATED:
                    key, recipients = "validate", others
                elif new == S.AWAITING_SECOND_APPROVAL:
                    key, recipients = "second", others
                elif new in (S.APPROVED, S.REJECTED, S.DONE):
                    key = {S.APPROVED: "approve", S.REJECTED: "reject", S.DONE: "complete"}[new]
                    recipients = [plan.requester]
                elif new == S.CANCELLED:
                    key, recipients = "cancel", others
                if key is not None:
                    notify(recipients, at, key, plan, url, body, actor, bool(plan.force))
        for order in self.orders:
            if order.created < since and not order.force:
                continue
            recipients = [sim.users[Role.AGENT]] if any(a is sim.demo_agent for a in order.agents) else []
            if order.contractor is not None and order.contractor.pk == sim.demo_contractor.pk:
                recipients.append(sim.users[Role.CONTRACTOR])
            url = reverse("interventions:workorder-detail", args=[order.pk])
            notify(recipients, order.created, "assigned", order, url, order.title, order.manager, bool(order.force))
        table.insert(rows)
        self.counts["notifications"] += len(rows)
