"""The home page's "waiting for you": what each role has to act on, counted in the database, linked to the list.

Each line is a bounded count (an index range read that stops at `LIMIT`), never a scan of the history, and
links to the list filtered exactly as counted.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import QUEUE_LIMIT, QueueLine
from regie.core.permissions import Role
from regie.people.models import Agent

from . import selectors
from .models import WorkflowSettings, WorkOrder
from .workflow import REQUEST_GROUPS, WORK_ORDER_BY_NAME, WORK_ORDER_GROUPS, RequestState, WorkOrderState

LIMIT = QUEUE_LIMIT
MANAGERS = (Role.MANAGER, Role.ADMIN)


LISTS = {
    "requests": ("interventions:request-list", "api:request-list"),
    "work_orders": ("interventions:workorder-list", "api:workorder-list"),
}


@dataclass
class Line(QueueLine):
    records: str  # "requests" or "work_orders"
    query: dict

    @property
    def url(self):
        """The HTML list, filtered as counted."""
        return f"{reverse(LISTS[self.records][0])}?{urlencode(self.query)}"

    @property
    def api_url(self):
        """The same list in the API (its filters have the same names)."""
        return f"{reverse(LISTS[self.records][1])}?{urlencode(self.query)}"


S = RequestState
AWAITING = {
    "validation": _("Awaiting the department's validation"),
    "approval": _("Awaiting approval by the technical services"),
    "planning": _("Approved, no work order under way"),
}


def awaiting(queryset, step, *, organization, membership):
    """The requests waiting for `step` from `membership` — the department head's validation, the technical
    services' approval or planning — as the workflow of `organization` routes them: the home's lines and the
    lists' `awaiting` filter, so a line's count is its list's. Empty for a role that does not take the step."""
    role = getattr(membership, "role", None)
    workflow = WorkflowSettings.for_org(organization)
    with_department = workflow.department_validation
    if step == "validation":
        if not with_department or role not in (Role.DEPARTMENT_HEAD, Role.ADMIN):
            return queryset.none()
        waiting = queryset.filter(state=S.SUBMITTED, department__isnull=False)
        if role == Role.DEPARTMENT_HEAD:
            waiting = waiting.filter(department_id=membership.department_id)
        return waiting
    if role not in MANAGERS:
        return queryset.none()
    if step == "approval":
        submitted = Q(state=S.SUBMITTED) & (Q(department__isnull=True) if with_department else Q())
        # the first approver of a large amount waits for a different one
        second = Q(state=S.AWAITING_SECOND_APPROVAL) & ~Q(first_approved_by_id=membership.user_id)
        return queryset.filter(submitted | Q(state=S.VALIDATED) | second)
    if step == "planning":
        under_way = WorkOrder.objects.filter(request_id=OuterRef("pk"), state__in=WORK_ORDER_GROUPS["open"])
        return queryset.filter(state=S.APPROVED).filter(~Exists(under_way))
    raise ValueError(step)


def _count(queryset):
    return queryset.order_by()[: LIMIT + 1].count()


def lines_for(request):
    """The work-queue lines of the current member, most pressing first (an empty list for read-only roles)."""
    organization, membership, user = request.organization, request.membership, request.user
    if membership is None:
        return []
    role, now = membership.role, timezone.now()
    requests = selectors.visible_requests(organization, membership)
    work = selectors.visible_work_orders(organization, membership)
    open_requests = requests.filter(state__in=REQUEST_GROUPS["open"])
    open_work = work.filter(state__in=WORK_ORDER_GROUPS["open"])
    lines = []

    def add(key, label, queryset, records, **query):
        lines.append(Line(key, label, _count(queryset), records, query))

    def waiting(step):
        return awaiting(requests, step, organization=organization, membership=membership)

    if role in MANAGERS:
        add(
            "requests_to_approve",
            _("requests awaiting your approval"),
            waiting("approval"),
            "requests",
            awaiting="approval",
        )
        add(
            "requests_to_plan",
            _("approved requests with no work order under way"),
            waiting("planning"),
            "requests",
            awaiting="planning",
        )
        add(
            "work_orders_to_plan",
            _("work orders to plan"),
            work.filter(state=WorkOrderState.TO_PLAN),
            "work_orders",
            state=WorkOrderState.TO_PLAN,
        )
        if role in WORK_ORDER_BY_NAME["approve_quote"].roles:
            to_approve = selectors.waiting_quotes(work, "to_approve")
            add("quotes_to_approve", _("contractors' quotes to approve"), to_approve, "work_orders", quote="to_approve")
        add(
            "overdue_requests",
            _("requests past their resolution date"),
            requests.overdue(now),
            "requests",
            overdue="on",
        )
        add(
            "overdue_work_orders",
            _("work orders past their planned end"),
            work.overdue(now),
            "work_orders",
            overdue="on",
        )
    elif role == Role.DEPARTMENT_HEAD and WorkflowSettings.for_org(organization).department_validation:
        label = _("requests of your department to validate")
        add("requests_to_validate", label, waiting("validation"), "requests", awaiting="validation")
    if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD):
        done = requests.filter(state=RequestState.DONE)
        query = {"state": RequestState.DONE}
        if role == Role.REQUESTER:  # a referent acknowledges their own requests, a head their department's
            done, query["requester"] = done.filter(requester_id=user.pk), user.pk
        add("requests_done", _("requests done, waiting for your acknowledgement"), done, "requests", **query)
        add("requests_open", _("requests under way"), open_requests, "requests", group="open")
    elif role == Role.AGENT:
        agent = Agent.objects.owned_by(organization).active().filter(user=user).values_list("pk", flat=True).first()
        if agent is not None:
            add(
                "my_work_orders",
                _("work orders given to you, planned or under way"),
                work.filter(state__in=WORK_ORDER_GROUPS["scheduled"], agents__id=agent),
                "work_orders",
                group="scheduled",
                agent=agent,
            )
    elif role == Role.CONTRACTOR:
        label = _("work orders given to your company, not finished")
        add("contractor_open", label, open_work, "work_orders", group="open")
        to_send = selectors.waiting_quotes(work, "to_send")
        add("quotes_to_send", _("quotes to send before the work"), to_send, "work_orders", quote="to_send")
    return lines
