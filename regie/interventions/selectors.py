"""Reads of the interventions app: scoped, prefetched querysets and aggregated figures.

Visibility inside an organization: requesters and department heads see their department's requests
(and their own); contractors see only the work orders given to their company.
"""

import operator
from datetime import timedelta
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from regie.core.expressions import Likely
from regie.core.models import AuditEvent
from regie.core.permissions import ALL_DEPARTMENTS, Role, money_scope
from regie.people import selectors as people_selectors
from regie.people.models import Absence, Agent

from .models import CostLine, InterventionRequest, TimeEntry, WorkOrder
from .workflow import REQUEST_GROUPS, WORK_ORDER_BY_NAME, WORK_ORDER_GROUPS, RequestState, WorkOrderState


def visible_requests(organization, membership):
    qs = InterventionRequest.objects.for_org(organization)
    if membership is None or membership.role == Role.CONTRACTOR:
        return qs.none()
    if membership.role in (Role.REQUESTER, Role.DEPARTMENT_HEAD):
        qs = qs.filter(Q(department_id=membership.department_id) | Q(requester_id=membership.user_id))
    return qs


# A detail page's optional lookups are read by their own small query (none when empty) rather than joined: each
# join beyond four multiplies PostgreSQL's planning (the request page's seven joins took 3–5 ms to plan and 0.5 ms
# to run; four take 0.9 ms), and most of these are empty on most records.
DETAIL_PREFETCHED = {
    "request": ("budget_line", "cost_code", "first_approved_by"),
    "work_order": ("request", "cost_code"),
}


def request_list(organization, membership):
    return visible_requests(organization, membership).select_related(
        "department", "category", "priority", "requester", "asset"
    )


def request_detail(organization, membership, pk):
    return (
        request_list(organization, membership)
        .prefetch_related(
            *DETAIL_PREFETCHED["request"],
            Prefetch("work_orders", WorkOrder.objects.select_related("team", "contractor")),
            "work_orders__agents",
        )
        .get(pk=pk)
    )


def open_request_count(organization):
    return InterventionRequest.objects.owned_by(organization).filter(state__in=REQUEST_GROUPS["open"]).count()


def duplicate_candidates(organization, *, location, category, asset=None, exclude_pk=None, limit=5):
    """Open requests that may be the same problem, shown before a new request is submitted: those on the same
    asset (whatever their category), and those naming the same place and category."""
    from .models import normalize_place

    key = normalize_place(location)
    condition = Q(location_key=key, category=category) if key and category else Q()
    if asset is not None:
        condition |= Q(asset=asset)
    if not condition:
        return InterventionRequest.objects.none()
    qs = InterventionRequest.objects.owned_by(organization).filter(condition, state__in=REQUEST_GROUPS["open"])
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("department", "asset").order_by("-created_at")[:limit]


def request_timeline(obj, organization):
    """The request's own events and those of its work orders (who did the work, when, what it cost)."""
    prefetched = getattr(obj, "_prefetched_objects_cache", {}).get("work_orders")
    wo_ids = (
        [w.pk for w in prefetched] if prefetched is not None else list(obj.work_orders.values_list("pk", flat=True))
    )
    types = ContentType.objects.get_for_models(InterventionRequest, WorkOrder)
    condition = Q(content_type=types[InterventionRequest], object_id=obj.pk)
    if wo_ids:
        condition |= Q(content_type=types[WorkOrder], object_id__in=wo_ids)
    return (
        AuditEvent.objects.for_org(organization)
        .filter(condition)
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


def visible_work_orders(organization, membership):
    qs = WorkOrder.objects.for_org(organization)
    if membership is None or membership.role == Role.REQUESTER:
        return qs.none()
    if membership.role == Role.CONTRACTOR:
        return qs.filter(contractor_id=membership.contractor_id) if membership.contractor_id else qs.none()
    return qs


def visible_cost_lines(organization, membership):
    """The contractors' invoice lines whose PDF invoice `membership` may see: the contractor's own, and those of
    the work orders whose money they see (`core.permissions.money_scope`)."""
    lines = CostLine.objects.for_org(organization).filter(kind=CostLine.Kind.CONTRACTOR)
    if membership is not None and membership.role == Role.CONTRACTOR:
        return lines.filter(work_order__in=visible_work_orders(organization, membership))
    scope = money_scope(membership)
    if scope is None:
        return lines.none()
    return lines if scope == ALL_DEPARTMENTS else lines.filter(work_order__department_id=scope)


def work_order_list(organization, membership):
    return visible_work_orders(organization, membership).select_related(
        "category", "priority", "team", "contractor", "department", "asset"
    )


def work_order_detail(organization, membership, pk):
    """One visible work order with what its page shows: people, skills, checklist, files, live costs."""
    return (
        work_order_list(organization, membership)
        .select_related("created_by")
        .prefetch_related(
            *DETAIL_PREFETCHED["work_order"],
            "request__requester",  # the contact the agent calls; no query for work without a request
            "agents",
            "required_skills",
            "tasks",
            Prefetch(
                "time_entries",
                queryset=TimeEntry.objects.filter(archived_at__isnull=True).select_related("agent", "recorded_by"),
            ),
            Prefetch("cost_lines", queryset=CostLine.objects.filter(archived_at__isnull=True)),
        )
        .get(pk=pk)
    )


# The status groups that hold most records of a mature organization (history accumulates there).
BROAD_GROUPS = frozenset({"finished", "ended"})


def group_condition(group, groups):
    condition = Q(state__in=groups[group])
    return Likely(condition) if group in BROAD_GROUPS else condition


def subtree_ids(asset):
    """The ids of `asset` (or the asset of that id) and of everything inside it: one range of the path index,
    as a subquery."""
    from regie.assets.models import Asset

    root = asset if isinstance(asset, Asset) else Asset.objects.filter(pk=asset).only("path", "organization").first()
    if root is None:
        return Asset.objects.none().values("pk")
    return Asset.objects.filter(organization_id=root.organization_id).within(root).values("pk")


def where_given(qs, **lookups):
    """`qs` filtered by each of `lookups` whose value is given (None, "" and False are not), in their order."""
    for lookup, value in lookups.items():
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


# --- the dashboards' drill-down filters (`regie.analytics`): a figure's records are a list's, with these -----
# A yes/no filter's "no" selects too; the records the question does not apply to (not closed, no due date, no
# answer in the report) are in neither answer, so that "yes" and "no" add up to the ratio's denominator.
REQUEST_CLOSED_STATES = (RequestState.CLOSED, RequestState.CLOSED_WITHOUT_WORK)


def _yes_no(qs, answer, applies, yes):
    """`qs` cut by a yes/no question: None leaves it; True keeps the records where `applies` and `yes` hold,
    False those where `applies` holds and `yes` does not."""
    if answer is None:
        return qs
    qs = qs.filter(applies)
    return qs.filter(yes) if answer else qs.exclude(yes)


def _moment(qs, field, after, before, *, states=None):
    """The records whose `field` moment is in [after, before); `states`: and that are in one of them now (closed
    in the period *and still closed*: a reopened record no longer counts as closed)."""
    qs = where_given(qs, **{f"{field}__gte": after, f"{field}__lt": before})
    return qs.filter(state__in=states) if states and (after or before) else qs


def _filter_requests_moments(
    qs,
    *,
    submitted_after,
    submitted_before,
    approved_after,
    approved_before,
    closed_after,
    closed_before,
    channel,
    responded,
    on_time,
    same_day,
    rated,
):
    qs = _moment(qs, "submitted_at", submitted_after, submitted_before)
    qs = _moment(qs, "approved_at", approved_after, approved_before)
    qs = _moment(qs, "closed_at", closed_after, closed_before, states=REQUEST_CLOSED_STATES)
    qs = where_given(qs, channel=channel)
    qs = _yes_no(qs, responded, Q(), Q(responded_at__isnull=False))
    qs = _yes_no(
        qs,
        on_time,
        Q(closed_at__isnull=False, resolution_due_at__isnull=False),
        Q(closed_at__lte=F("resolution_due_at")),
    )
    if same_day is not None:
        qs = qs.alias(closed_day=TruncDate("closed_at"), submitted_day=TruncDate("submitted_at"))
        qs = _yes_no(
            qs, same_day, Q(closed_at__isnull=False, submitted_at__isnull=False), Q(closed_day=F("submitted_day"))
        )
    return _yes_no(qs, rated, Q(), Q(satisfaction__isnull=False))


def _filter_work_orders_moments(
    qs, *, completed_after, completed_before, closed_after, closed_before, kind, execution, first_visit_fix, on_time
):
    qs = _moment(qs, "completed_at", completed_after, completed_before)
    qs = _moment(qs, "closed_at", closed_after, closed_before, states=(WorkOrderState.CLOSED,))
    qs = where_given(qs, kind=kind, execution=execution)
    qs = _yes_no(qs, first_visit_fix, Q(first_visit_fix__isnull=False), Q(first_visit_fix=True))
    return _yes_no(
        qs,
        on_time,
        Q(completed_at__isnull=False, planned_end__isnull=False),
        Q(completed_at__lte=F("planned_end")),
    )


def _filter_workflow_records(
    qs, groups, *, state, group, overdue, query, search_fields, asset=None, asset_within=None, **lookups
):
    """A requests or work-orders list's filters: status or status group, `lookups`, the asset or its subtree
    (`asset_within`: an asset or its id; the records on it and on everything inside it), overdue, the search."""
    if asset:
        qs = qs.filter(asset_id=getattr(asset, "pk", asset))
    if asset_within:
        qs = qs.filter(asset__in=subtree_ids(asset_within))
    if state:
        qs = qs.filter(state=state)
    if group in groups:
        qs = qs.filter(group_condition(group, groups))
    qs = where_given(qs, **lookups)
    if overdue:
        qs = qs.overdue()
    if query:
        qs = qs.filter(reduce(operator.or_, (Q(**{f"{name}__icontains": query}) for name in search_fields)))
    return qs


def filter_work_orders(
    qs,
    *,
    state=None,
    group=None,
    priority=None,
    department=None,
    team=None,
    agent=None,
    contractor=None,
    category=None,
    request=None,
    cost_code=None,
    asset=None,
    asset_within=None,
    planned_from=None,
    planned_to=None,
    created_from=None,
    created_to=None,
    without_cancelled=False,
    overdue=False,
    query=None,
    quote=None,
    completed_after=None,
    completed_before=None,
    closed_after=None,
    closed_before=None,
    kind=None,
    execution=None,
    first_visit_fix=None,
    on_time=None,
):
    """The list filters shared by the HTML page and the API (each served by an index of `WorkOrder`).

    `created_from`/`created_to` and `without_cancelled` are the costs report's own scope: its figures link here."""
    if without_cancelled:
        qs = qs.exclude(state=WorkOrderState.CANCELLED)
    if quote:
        qs = waiting_quotes(qs, quote)
    qs = _filter_work_orders_moments(
        qs,
        completed_after=completed_after,
        completed_before=completed_before,
        closed_after=closed_after,
        closed_before=closed_before,
        kind=kind,
        execution=execution,
        first_visit_fix=first_visit_fix,
        on_time=on_time,
    )
    return _filter_workflow_records(
        qs,
        WORK_ORDER_GROUPS,
        state=state,
        group=group,
        overdue=overdue,
        query=query,
        search_fields=("number", "title"),
        asset=asset,
        asset_within=asset_within,
        priority_id=priority,
        department_id=department,
        team_id=team,
        contractor_id=contractor,
        category_id=category,
        request_id=request,
        cost_code_id=cost_code,
        agents__id=agent,
        planned_start__gte=planned_from,
        planned_start__lt=planned_to,
        created_at__gte=created_from,
        created_at__lt=created_to,
    )


# A quote waits to be sent (none submitted, or the last one rejected: the contractor's step) or to be approved
# (the technical services'), while the work order is where the quote's steps can be taken.
QUOTE_STEPS = {
    "to_send": ("submit_quote", (WorkOrder.QuoteStatus.NONE, WorkOrder.QuoteStatus.REJECTED)),
    "to_approve": ("approve_quote", (WorkOrder.QuoteStatus.SUBMITTED,)),
}


def waiting_quotes(qs, step):
    """The work orders of `qs` whose quote waits for `step` ("to_send", "to_approve"): the home's quote lines
    and the lists' `quote` filter."""
    transition, statuses = QUOTE_STEPS[step]
    return qs.filter(quote_required=True, quote_status__in=statuses, state__in=WORK_ORDER_BY_NAME[transition].sources)


def filter_requests(
    qs,
    *,
    state=None,
    group=None,
    priority=None,
    department=None,
    category=None,
    requester=None,
    created_from=None,
    created_to=None,
    overdue=False,
    query=None,
    cost_code=None,
    asset=None,
    asset_within=None,
    submitted_after=None,
    submitted_before=None,
    approved_after=None,
    approved_before=None,
    closed_after=None,
    closed_before=None,
    channel=None,
    responded=None,
    on_time=None,
    same_day=None,
    rated=None,
):
    qs = _filter_requests_moments(
        qs,
        submitted_after=submitted_after,
        submitted_before=submitted_before,
        approved_after=approved_after,
        approved_before=approved_before,
        closed_after=closed_after,
        closed_before=closed_before,
        channel=channel,
        responded=responded,
        on_time=on_time,
        same_day=same_day,
        rated=rated,
    )
    return _filter_workflow_records(
        qs,
        REQUEST_GROUPS,
        state=state,
        group=group,
        overdue=overdue,
        query=query,
        search_fields=("number", "title", "location"),
        asset=asset,
        asset_within=asset_within,
        priority_id=priority,
        department_id=department,
        category_id=category,
        requester_id=requester,
        cost_code_id=cost_code,
        created_at__gte=created_from,
        created_at__lt=created_to,
    )


def planned_between(organization, membership, start, end, *, team=None, agent=None):
    """Work orders planned in [start, end), for the calendar and the iCalendar feeds."""
    qs = visible_work_orders(organization, membership).filter(
        planned_start__lt=end, planned_end__gt=start, state__in=WORK_ORDER_GROUPS["scheduled"] + ("done", "closed")
    )
    qs = where_given(qs, team_id=team, agents__id=agent)
    return qs.select_related("team", "category", "priority", "contractor").prefetch_related("agents")


def absent_agents(organization, start, end):
    """Ids of the agents away (an active absence) during part of [start, end), as a subquery."""
    return Absence.objects.owned_by(organization).active().overlapping(start, end).values("agent_id")


def overlapping_work_orders(organization, start, end, *, exclude_pk=None):
    """Open work orders planned over [start, end): their agents are busy then (the assignment help's rule)."""
    qs = WorkOrder.objects.owned_by(organization).filter(
        state__in=WORK_ORDER_GROUPS["scheduled"], planned_start__lt=end, planned_end__gt=start
    )
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def agent_options(organization, agents, *, start=None, end=None, required_skills=(), exclude_work_order=None):
    """The picker's lines for `agents` (people's `AgentOption`s): namesakes marked, and, for a work order,
    whether each one is busy in its slot [start, end) (another open work order then, or no working hours:
    what `suggest_agents` calls not free, or away: an absence) and which of its `required_skills` they lack.
    Three queries at most."""
    options = people_selectors.as_options(organization, agents)
    if start and end and start < end and options:
        ids = [o.pk for o in options]
        busy = set(
            WorkOrder.agents.through.objects.filter(
                agent_id__in=ids,
                workorder__in=overlapping_work_orders(organization, start, end, exclude_pk=exclude_work_order),
            ).values_list("agent_id", flat=True)
        )
        away = absent_agents(organization, start, end).filter(agent_id__in=ids)  # leave, sickness, training
        busy |= set(away.values_list("agent_id", flat=True))
        for option in options:
            option.busy = option.pk in busy or not option.agent.weekly_hours
    required = list(required_skills)
    for option in options:
        held = {skill.pk for skill in option.agent.skills.all()}
        option.missing_skills = [skill for skill in required if skill.pk not in held]
    return options


def agent_picker(
    organization,
    *,
    chosen=(),
    query="",
    team=None,
    all_teams=False,
    start=None,
    end=None,
    required_skills=(),
    work_order_pk=None,
    default=(),
):
    """What an agent picker of a work order (or a time entry) shows: the `chosen` agents, then the agents
    `query` finds (in `team` unless `all_teams`; without a query, the team's agents, or the agents of `default`
    when there is no team: a time entry's work order's), each with their team, skills, whether they are free in
    the slot [start, end) and the required skills they lack."""
    picked = people_selectors.chosen_agents(organization, chosen)
    narrowed = None if all_teams else team
    taken = {agent.pk for agent in picked}
    if not query and narrowed is None and default:
        found, more = people_selectors.chosen_agents(organization, set(default) - taken), False
    else:
        found, more = people_selectors.search_agents(organization, query=query, team=narrowed, exclude=taken)
    options = agent_options(
        organization,
        [*picked, *found],
        start=start,
        end=end,
        required_skills=required_skills,
        exclude_work_order=work_order_pk,
    )
    hint = ""
    if not found:
        if query:
            hint = _("No agent matches “%(query)s”.") % {"query": query}
        elif narrowed is None and not default:
            hint = _("Type a name, or choose a team to list its agents.")
        elif narrowed is not None:
            hint = _("Every agent of this team is chosen.")
    return people_selectors.PickerChoices(
        chosen=options[: len(picked)],
        results=options[len(picked) :],
        more=more,
        query=query,
        hint=hint,
        team_name=str(narrowed) if narrowed is not None else "",
        all_teams=all_teams,
    )


def suggest_agents(work_order, *, limit=20):
    """Agents who have every required skill and are free in the planned slot, least booked that week first.

    Free: no other open work order overlapping the slot, no absence (leave, sickness, training) overlapping it,
    and weekly hours > 0 (working time).
    """
    org = work_order.organization
    qs = Agent.objects.owned_by(org).active().filter(weekly_hours__gt=0)
    for skill_id in work_order.required_skills.values_list("pk", flat=True):
        qs = qs.filter(skills__id=skill_id)
    start, end = work_order.planned_start, work_order.planned_end
    if start and end:
        busy = overlapping_work_orders(org, start, end, exclude_pk=work_order.pk)
        qs = qs.exclude(work_orders__in=busy).exclude(pk__in=absent_agents(org, start, end))
        monday = (start - timedelta(days=start.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
        booked_count = Count(
            "work_orders",
            filter=Q(
                work_orders__planned_start__gte=monday,
                work_orders__planned_start__lt=monday + timedelta(days=7),
                work_orders__state__in=WORK_ORDER_GROUPS["scheduled"],
            ),
        )
        qs = qs.annotate(week_load=booked_count)
    else:
        qs = qs.annotate(week_load=Value(0))
    return qs.select_related("team").order_by("week_load", "sort_name").distinct()[:limit]
