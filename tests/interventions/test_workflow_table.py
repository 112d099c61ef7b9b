"""Every transition of both workflow tables × every role, through the service and through the API.

Each scenario puts a record in a source state (filed through the services, then the state set directly with the
fields its guards read kept consistent) and says, independently of the tables' guards, which roles succeed and
where the record lands. Then, for every role: allowed → the target and an audit event; a role the transition
does not list, or who may not act on the record at all → 403 (or 404 in the API where the record is not even
visible); a listed role stopped by a guard → 409 with the allowed steps, the same the record's detail lists.
Firing from every state outside the sources is a 409 for a role that may fire the transition.
"""

import datetime
import inspect
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from regie.core.exceptions import Forbidden, TransitionNotAllowed
from regie.core.models import AuditEvent, Membership
from regie.core.permissions import Role
from regie.interventions import services
from regie.interventions import transitions as rules
from regie.interventions.models import InterventionRequest, WorkflowSettings, WorkOrder
from regie.interventions.workflow import (
    REQUEST_BY_NAME,
    REQUEST_TRANSITIONS,
    WORK_ORDER_BY_NAME,
    WORK_ORDER_TRANSITIONS,
    RequestState,
    WorkOrderState,
)
from regie.people.factories import ContractorFactory
from tests.attachments import images

from .api_support import API, slot

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("devis.pdf", images.pdf(), content_type="application/pdf")


R, S, W = Role, RequestState, WorkOrderState
ASKERS = {R.REQUESTER, R.DEPARTMENT_HEAD, R.MANAGER, R.AGENT, R.ADMIN}
MANAGERS = {R.MANAGER, R.ADMIN}
FIELD = {R.AGENT, R.MANAGER, R.ADMIN, R.CONTRACTOR}
INPUTS = {"reason": "Motif", "rating": 4, "comment": "Merci", "report": "Fait", "first_visit_fix": True}


class People:
    """The town's members by role, a contractor's boss among them."""

    def __init__(self, town, make_member):
        self.town = town
        self.company = ContractorFactory(organization=town.org, name="Dupont SARL")
        self.by_role = {
            R.REQUESTER: town.requester,
            R.DEPARTMENT_HEAD: town.head,
            R.MANAGER: town.manager,
            R.AGENT: town.agent_user,
            R.ADMIN: town.admin,
            R.CONTRACTOR: make_member(town.org, R.CONTRACTOR, contractor=self.company),
        }
        for role in (R.STOREKEEPER, R.FLEET_MANAGER, R.ELECTED):
            self.by_role[role] = make_member(town.org, role)


@pytest.fixture
def people(town, make_member):
    return People(town, make_member)


# --- records in a given state --------------------------------------------------------------------------------


def request_in(people, state, *, by=None, closed_days_ago=1, second_approval=False):
    town = people.town
    if second_approval or state == S.AWAITING_SECOND_APPROVAL:
        WorkflowSettings.objects.filter(organization=town.org).update(second_approval_threshold=Decimal("5000"))
    obj, _created = services.create_request(
        by=by or town.requester,
        organization=town.org,
        data=town.request_data(estimated_amount=Decimal("12000")),
        submit=state != S.DRAFT,
    )
    now = timezone.now()
    fields = {
        S.VALIDATED: {"validated_at": now},
        S.AWAITING_SECOND_APPROVAL: {"validated_at": now, "first_approved_by": town.manager2},
        S.APPROVED: {"approved_at": now},
        S.ON_HOLD: {"approved_at": now, "state_before_hold": S.PLANNED},
        S.DONE: {"approved_at": now, "done_at": now},
        S.CLOSED: {"done_at": now, "closed_at": now - datetime.timedelta(days=closed_days_ago), "satisfaction": 4},
        S.CLOSED_WITHOUT_WORK: {"closed_at": now - datetime.timedelta(days=closed_days_ago), "last_reason": "Doublon"},
    }.get(state, {})
    if state not in (S.DRAFT, S.SUBMITTED):
        InterventionRequest.objects.filter(pk=obj.pk).update(state=state, **fields)
    obj.refresh_from_db()
    return obj


def work_order_in(people, state, *, contractor=False, quote=None):
    town = people.town
    data = {"title": "Remplacer le robinet", "category": town.category, "priority": town.priorities[2]}
    if contractor:
        data.update(execution="contractor", contractor=people.company)
    if state != W.TO_PLAN:
        data["planned_start"], data["planned_end"] = slot()
    obj = services.create_work_order(
        by=town.manager, organization=town.org, data=data, m2m={} if contractor else {"agents": [town.agent]}
    )
    now = timezone.now()
    fields = {
        W.IN_PROGRESS: {"started_at": now},
        W.ON_HOLD: {"started_at": now, "state_before_hold": W.PLANNED},
        W.DONE: {"started_at": now, "completed_at": now, "report": "Fait", "first_visit_fix": True},
        W.CLOSED: {"started_at": now, "completed_at": now, "closed_at": now, "report": "Fait", "first_visit_fix": True},
        W.CANCELLED: {"last_reason": "Doublon"},
    }.get(state, {})
    if quote:  # "required": a quote to submit; "submitted": one to decide on
        fields.update(quote_required=True, quote_status="" if quote == "required" else quote, quote_amount=None)
    WorkOrder.objects.filter(pk=obj.pk).update(state=state, **fields)
    obj.refresh_from_db()
    return obj


# --- the scenarios: (transition, source, options) → who succeeds and where it lands ---------------------------

REQUEST_SCENARIOS = [
    ("submit", S.DRAFT, {}, ASKERS, S.SUBMITTED),
    ("validate", S.SUBMITTED, {}, {R.DEPARTMENT_HEAD, R.ADMIN}, S.VALIDATED),
    ("approve", S.VALIDATED, {}, MANAGERS, S.APPROVED),
    # above the threshold, the first approval waits for a second, different approver
    ("approve", S.VALIDATED, {"second_approval": True}, MANAGERS, S.AWAITING_SECOND_APPROVAL),
    ("approve", S.AWAITING_SECOND_APPROVAL, {}, MANAGERS, S.APPROVED),  # first approved by manager2
    # the department step: its head rejects at submission, technical services once validated
    ("reject", S.SUBMITTED, {}, {R.DEPARTMENT_HEAD}, S.REJECTED),
    ("reject", S.VALIDATED, {}, MANAGERS, S.REJECTED),
    ("cancel", S.SUBMITTED, {}, ASKERS, S.CANCELLED),
    ("hold", S.IN_PROGRESS, {}, MANAGERS, S.ON_HOLD),
    # back where its work orders put it: put on hold once planned, but it has none (any more)
    ("resume", S.ON_HOLD, {}, MANAGERS, S.APPROVED),
    ("close_without_work", S.APPROVED, {}, MANAGERS, S.CLOSED_WITHOUT_WORK),
    ("close", S.DONE, {}, ASKERS, S.CLOSED),
    ("reopen", S.CLOSED, {}, ASKERS, S.APPROVED),
    ("reopen", S.CLOSED_WITHOUT_WORK, {}, ASKERS, S.APPROVED),
    ("reopen", S.CLOSED, {"closed_days_ago": 400}, set(), None),  # closed too long ago: file a new one
]
WORK_ORDER_SCENARIOS = [
    ("accept", W.TO_PLAN, {"contractor": True}, {R.CONTRACTOR}, W.ACCEPTED),
    ("accept", W.PLANNED, {"contractor": True}, {R.CONTRACTOR}, W.ACCEPTED),
    ("start", W.PLANNED, {}, FIELD, W.IN_PROGRESS),
    ("hold", W.IN_PROGRESS, {}, FIELD, W.ON_HOLD),
    ("resume", W.ON_HOLD, {}, FIELD, W.PLANNED),
    ("complete", W.IN_PROGRESS, {}, FIELD, W.DONE),
    ("close", W.DONE, {}, MANAGERS | {R.CONTRACTOR}, W.CLOSED),
    ("cancel", W.PLANNED, {}, MANAGERS, W.CANCELLED),
    # the contractor gives the work back: to plan again, without them
    ("decline", W.PLANNED, {"contractor": True}, {R.CONTRACTOR}, W.TO_PLAN),
    ("decline", W.ACCEPTED, {"contractor": True}, {R.CONTRACTOR}, W.TO_PLAN),
    # the quote's steps keep the state; without a quote asked for, or before it is submitted, none applies
    ("submit_quote", W.ACCEPTED, {"contractor": True, "quote": "required"}, {R.CONTRACTOR}, W.ACCEPTED),
    ("submit_quote", W.ACCEPTED, {"contractor": True}, set(), None),
    ("approve_quote", W.ACCEPTED, {"contractor": True, "quote": "submitted"}, MANAGERS, W.ACCEPTED),
    ("approve_quote", W.ACCEPTED, {"contractor": True, "quote": "required"}, set(), None),
    ("reject_quote", W.PLANNED, {"contractor": True, "quote": "submitted"}, MANAGERS, W.PLANNED),
    # a work order that asks for a quote starts once it is approved
    ("start", W.ACCEPTED, {"contractor": True, "quote": "submitted"}, set(), None),
    ("start", W.ACCEPTED, {"contractor": True, "quote": "approved"}, {R.CONTRACTOR, *MANAGERS}, W.IN_PROGRESS),
]


USER_STEPS = tuple(t for t in REQUEST_TRANSITIONS + WORK_ORDER_TRANSITIONS if not t.system)
SYSTEM_STEPS = tuple(t for t in REQUEST_TRANSITIONS + WORK_ORDER_TRANSITIONS if t.system)


def test_the_scenarios_cover_every_transition():
    assert {s[0] for s in REQUEST_SCENARIOS} == {t.name for t in REQUEST_TRANSITIONS if not t.system}
    assert {s[0] for s in WORK_ORDER_SCENARIOS} == {t.name for t in WORK_ORDER_TRANSITIONS if not t.system}


def _scenario_id(scenario):
    name, source, options = scenario[:3]
    return "-".join([name, source, *(key if value is True else f"{key}-{value}" for key, value in options.items())])


def _audited(obj, actor, source, target):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        action="transition",
        actor=actor,
        changes__state=[source, target],
    ).exists()


def _allowed_in_detail(client, url):
    return [t["name"] for t in client.get(url).json()["allowed_transitions"]]


def _check(kind, people, make, name, source, succeed, target, role, api_for, *, acts):
    """Fire `name` from `source` as `role` through the service, then through the API, on two records (`acts`:
    whether this member may act on the record at all)."""
    transitions, fire = {
        "requests": (REQUEST_BY_NAME, services.transition_request),
        "work-orders": (WORK_ORDER_BY_NAME, services.transition_work_order),
    }[kind]
    transition, actor = transitions[name], people.by_role[role]
    inputs = {k: v for k, v in INPUTS.items() if k in inspect.signature(fire).parameters}
    client = api_for(actor, people.town.org)
    quote = name == "submit_quote"  # an amount and a PDF: multipart in the API
    if quote:
        inputs = {**inputs, "quote_amount": Decimal("1250.00"), "quote_document": pdf()}

    obj = make()
    if role in succeed:
        assert fire(obj, name, by=actor, **inputs).state == target
        assert _audited(obj, actor, source, target)
    elif acts and role in transition.roles:
        with pytest.raises(TransitionNotAllowed) as refused:
            fire(obj, name, by=actor, **inputs)
        assert name not in refused.value.extra["allowed_transitions"]
    else:
        with pytest.raises(Forbidden):
            fire(obj, name, by=actor, **inputs)
    obj.refresh_from_db()
    assert obj.state == (target if role in succeed else source)

    obj = make()
    url = f"{API}/{kind}/{obj.pk}/"
    if quote:
        inputs["quote_document"] = pdf()
    response = client.post(
        f"{url}transitions/", {"transition": name, **inputs}, format="multipart" if quote else "json"
    )
    seen = client.get(url).status_code  # 403: no right to see such records; 404: not this one
    if role in succeed:
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == target and _audited(obj, actor, source, target)
    elif acts and role in transition.roles:
        assert response.status_code == 409, response.json()
        assert response.json()["allowed_transitions"] == _allowed_in_detail(client, url)
        assert name not in response.json()["allowed_transitions"]
    else:
        assert response.status_code == (404 if seen == 404 else 403), response.json()
    obj.refresh_from_db()
    assert obj.state == (target if role in succeed else source)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("scenario", REQUEST_SCENARIOS, ids=_scenario_id)
def test_every_request_transition_for_every_role(people, api_for, scenario, role):
    name, source, options, succeed, target = scenario
    # own_only steps are fired on one's own request: agents file theirs, the others act on the requester's
    own = REQUEST_BY_NAME[name].own_only and role == R.AGENT
    by = people.by_role[role] if own else None
    make = lambda: request_in(people, source, by=by, **options)  # noqa: E731
    _check("requests", people, make, name, source, succeed, target, role, api_for, acts=role != R.CONTRACTOR)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("scenario", WORK_ORDER_SCENARIOS, ids=_scenario_id)
def test_every_work_order_transition_for_every_role(people, api_for, scenario, role):
    name, source, options, succeed, target = scenario
    # contractors act on their company's work orders, agents on the ones they are given
    contractor = options.get("contractor", role == R.CONTRACTOR)
    acts = role in MANAGERS | {R.CONTRACTOR} or (role == R.AGENT and not contractor)
    make = lambda: work_order_in(people, source, contractor=contractor, quote=options.get("quote"))  # noqa: E731
    _check("work-orders", people, make, name, source, succeed, target, role, api_for, acts=acts)


# --- from every state outside the sources: 409, with the allowed steps ----------------------------------------

FIRER = {"validate": R.DEPARTMENT_HEAD, "accept": R.CONTRACTOR, "decline": R.CONTRACTOR, "submit_quote": R.CONTRACTOR}
# otherwise a manager


@pytest.mark.parametrize("transition", USER_STEPS, ids=lambda t: t.name)
def test_every_state_outside_the_sources_is_a_conflict(people, api_for, transition):
    is_request = transition in REQUEST_TRANSITIONS
    states, fire, kind = (
        (S, services.transition_request, "requests")
        if is_request
        else (W, services.transition_work_order, "work-orders")
    )
    role = FIRER.get(transition.name, R.MANAGER)
    actor, client = people.by_role[role], api_for(people.by_role[role], people.town.org)
    inputs = {k: v for k, v in INPUTS.items() if k in inspect.signature(fire).parameters}
    outside = [state for state in states if state not in transition.sources]
    assert outside and role in transition.roles
    for state in outside:
        contractor = role == R.CONTRACTOR
        obj = request_in(people, state) if is_request else work_order_in(people, state, contractor=contractor)
        with pytest.raises(TransitionNotAllowed) as refused:
            fire(obj, transition.name, by=actor, **inputs)
        url = f"{API}/{kind}/{obj.pk}/"
        allowed = _allowed_in_detail(client, url)
        assert refused.value.extra["allowed_transitions"] == allowed and transition.name not in allowed
        response = client.post(f"{url}transitions/", {"transition": transition.name, **inputs}, format="json")
        assert response.status_code == 409, (state, response.json())
        assert response.json()["allowed_transitions"] == allowed
        obj.refresh_from_db()
        assert obj.state == state


# --- own records only -----------------------------------------------------------------------------------------


def test_requester_side_steps_are_for_the_requester_and_their_department(people, api_for, make_member):
    """Another department's head, or a fellow requester of the same department, cannot cancel the request."""
    town = people.town
    colleague = make_member(town.org, R.REQUESTER, department=town.school)
    other_head = make_member(town.org, R.DEPARTMENT_HEAD, department=town.works)
    obj = request_in(people, S.SUBMITTED)
    for member in (colleague, other_head):
        with pytest.raises(TransitionNotAllowed):
            services.transition_request(obj, "cancel", by=member, reason="Motif")
    response = api_for(colleague, town.org).post(
        f"{API}/requests/{obj.pk}/transitions/", {"transition": "cancel", "reason": "Motif"}, format="json"
    )
    assert response.status_code == 409 and "cancel" not in response.json()["allowed_transitions"]
    services.transition_request(obj, "cancel", by=town.head, reason="Motif")  # their own department's head may
    obj.refresh_from_db()
    assert obj.state == S.CANCELLED


def test_work_orders_are_for_their_agents_and_contractor(people, api_for, make_member):
    town = people.town
    stranger = make_member(town.org, R.AGENT)
    rival = make_member(town.org, R.CONTRACTOR, contractor=ContractorFactory(organization=town.org))
    in_house, outsourced = work_order_in(people, W.PLANNED), work_order_in(people, W.PLANNED, contractor=True)
    for member, obj in ((stranger, in_house), (rival, outsourced), (town.agent_user, outsourced)):
        with pytest.raises(Forbidden):
            services.transition_work_order(obj, "start", by=member)
    post = {"transition": "start"}
    assert api_for(stranger, town.org).post(f"{API}/work-orders/{in_house.pk}/transitions/", post).status_code == 403
    assert api_for(rival, town.org).post(f"{API}/work-orders/{outsourced.pk}/transitions/", post).status_code == 404
    assert services.allowed_work_order_transitions(in_house, stranger, Membership.objects.get(user=stranger)) == []


# --- the work is done through work orders --------------------------------------------------------------------

WORK_STATES = {S.PLANNED, S.IN_PROGRESS, S.DONE}
REQUEST_INPUTS = {k: v for k, v in INPUTS.items() if k in inspect.signature(services.transition_request).parameters}
FOLLOWING = {rules.followed, rules.request_resumed}  # where the request's work orders put it


def test_only_its_work_orders_lead_a_request_to_planned_in_progress_or_done():
    """Over the table: a step reaching planned, in progress or done takes its target from the work orders; a step
    closing a request that is not done needs a reason; the system steps are offered to no role."""
    for transition in REQUEST_TRANSITIONS:
        if transition.target in WORK_STATES or transition.effect in FOLLOWING:
            assert transition.effect in FOLLOWING, transition.name
        if transition.target in (S.CLOSED, S.CLOSED_WITHOUT_WORK) and set(transition.sources) != {S.DONE}:
            assert transition.needs_reason, transition.name
        if transition.system:
            assert not transition.roles, transition.name
    assert {t.name for t in SYSTEM_STEPS} == {"follow", "close_unacknowledged"}


@pytest.mark.parametrize("transition", [t for t in REQUEST_TRANSITIONS if not t.system], ids=lambda t: t.name)
def test_no_user_step_makes_a_request_done_without_a_finished_work_order(people, transition):
    """Fired from each of its sources by an administrator (every user step lists them) on a request whose only
    work order is not finished: the request never lands on planned, in progress or done by the step itself."""
    town = people.town
    for source in transition.sources:
        obj = request_in(people, source)
        if source not in (S.DRAFT, S.SUBMITTED, S.VALIDATED, S.AWAITING_SECOND_APPROVAL):
            WorkOrder.objects.create(
                organization=town.org,
                request=obj,
                number=f"BT-{obj.pk}",
                title="Robinet",
                category=town.category,
                priority=town.priorities[2],
            )
        try:
            obj = services.transition_request(obj, transition.name, by=town.admin, **REQUEST_INPUTS)
        except (TransitionNotAllowed, Forbidden):
            continue
        assert obj.state not in WORK_STATES, (transition.name, source, obj.state)
        if obj.state == S.CLOSED_WITHOUT_WORK:
            assert obj.last_reason and not obj.work_orders.exclude(state=W.CANCELLED).exists()


def test_a_request_with_work_orders_is_not_closed_without_work(people):
    obj = request_in(people, S.APPROVED)
    work_order = services.create_work_order(by=people.town.manager, organization=people.town.org, data={}, request=obj)
    obj.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.transition_request(obj, "close_without_work", by=people.town.manager, reason="Doublon")
    services.transition_work_order(work_order, "cancel", by=people.town.manager, reason="Doublon")
    obj = services.transition_request(obj, "close_without_work", by=people.town.manager, reason="Doublon")
    assert obj.state == S.CLOSED_WITHOUT_WORK and obj.closed_at and obj.done_at is None
    with pytest.raises(Exception, match="reason"):
        services.transition_request(request_in(people, S.APPROVED), "close_without_work", by=people.town.manager)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ((W.TO_PLAN,), S.APPROVED),
        ((W.PLANNED, W.TO_PLAN), S.PLANNED),
        ((W.IN_PROGRESS, W.PLANNED), S.IN_PROGRESS),
        ((W.DONE, W.PLANNED), S.IN_PROGRESS),
        ((W.DONE, W.CANCELLED), S.DONE),
        ((W.CLOSED, W.DONE), S.DONE),
        ((W.CANCELLED,), S.APPROVED),
    ],
)
def test_the_request_follows_its_work_orders_and_is_done_once_all_are_finished(people, states, expected):
    """The system step "follow": audited as caused by who moved the work order, through the system channel."""
    town = people.town
    obj = request_in(people, S.APPROVED)
    orders = [services.create_work_order(by=town.manager, organization=town.org, data={}, request=obj) for _ in states]
    for work_order, state in zip(orders, states, strict=True):
        WorkOrder.objects.filter(pk=work_order.pk).update(state=state)
    obj = services.sync_request(obj, by=town.agent_user)
    assert obj.state == expected and (obj.done_at is not None) == (expected == S.DONE)
    if expected != S.APPROVED:
        event = AuditEvent.objects.filter(object_id=obj.pk, changes__state=[S.APPROVED, expected]).get()
        assert event.actor == town.agent_user and event.channel == "system"


def test_the_system_steps_are_for_no_user(people, api_for):
    town = people.town
    done = request_in(people, S.DONE)
    for step in SYSTEM_STEPS:
        if step in REQUEST_TRANSITIONS:
            with pytest.raises(Forbidden):
                services.transition_request(request_in(people, step.sources[0]), step.name, by=town.admin)
            response = api_for(town.admin, town.org).post(
                f"{API}/requests/{done.pk}/transitions/", {"transition": step.name}, format="json"
            )
            assert response.status_code == 400, response.json()


def test_done_by_lists_who_recorded_time_or_completed_the_work(people, client_for):
    """Not whom the work order was given to, nor the manager who approved the request."""
    from decimal import Decimal

    from regie.people.factories import AgentFactory

    town = people.town
    idle = AgentFactory(organization=town.org, first_name="Ignace", last_name="Oisif", team=town.team)
    obj = request_in(people, S.APPROVED)
    work_order = services.create_work_order(
        by=town.manager, organization=town.org, data={}, request=obj, m2m={"agents": [town.agent, idle]}
    )
    work_order = services.transition_work_order(work_order, "start", by=town.agent_user)
    services.record_time(
        by=town.manager, work_order=work_order, agent=town.agent, date=timezone.localdate(), hours=Decimal(2)
    )
    services.transition_work_order(work_order, "complete", by=town.manager, report="Fait", first_visit_fix=True)
    page = client_for(town.manager).get(f"/interventions/requests/{obj.pk}/").content.decode()
    cell = page.split("data-done-by>", 1)[1].split("</td>", 1)[0]
    assert str(town.agent) in cell and str(town.manager) in cell and "Oisif" not in cell
