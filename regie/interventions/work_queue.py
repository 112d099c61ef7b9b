"""The home page's "waiting for you": what each role has to act on, counted in the database, linked to the list.

Each line is a bounded count (an index range read that stops at `LIMIT`), never a scan of the history, and
links to the list filtered exactly as counted.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.permissions import Role
from regie.people.models import Agent

from . import selectors
from .workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState

LIMIT = 1000
MANAGERS = (Role.MANAGER, Role.ADMIN)


LISTS = {
    "requests": ("interventions:request-list", "api:request-list"),
    "work_orders": ("interventions:workorder-list", "api:workorder-list"),
}


@dataclass
class Line:
    key: str
    label: str
    count: int
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

    @property
    def more(self):
        """The count stopped at the limit: "1000+"."""
        return self.count > LIMIT

    @property
    def shown(self):
        return min(self.count, LIMIT)


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

    if role in MANAGERS:
        add(
            "requests_to_approve",
            _("requests awaiting validation or approval"),
            requests.filter(state__in=REQUEST_GROUPS["waiting_validation"]),
            "requests",
            group="waiting_validation",
        )
        add(
            "work_orders_to_plan",
            _("work orders to plan"),
            work.filter(state=WorkOrderState.TO_PLAN),
            "work_orders",
            state=WorkOrderState.TO_PLAN,
        )
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
    elif role == Role.DEPARTMENT_HEAD:
        add(
            "requests_to_validate",
            _("requests of your department to validate"),
            requests.filter(state=RequestState.SUBMITTED, department_id=membership.department_id),
            "requests",
            state=RequestState.SUBMITTED,
        )
    if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD):
        add(
            "requests_done",
            _("requests done, waiting for your acknowledgement"),
            requests.filter(state=RequestState.DONE),
            "requests",
            state=RequestState.DONE,
        )
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
    return lines
