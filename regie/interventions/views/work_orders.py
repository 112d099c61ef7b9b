"""Work orders: list, creation (from a request or direct), planning, steps, checklist, assignment, time, costs."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.attachments.selectors import attachments_for
from regie.core import audit
from regie.core.exceptions import DomainError
from regie.core.permissions import Role, may_see_money, may_see_pay_rates
from regie.core.views import Column, is_htmx
from regie.people import widgets as picker

from .. import asset_picker, forms, presenters, selectors, services
from ..agent_filter import FIELD as AGENT_FIELD
from ..agent_filter import AgentFilterForm
from ..costs_report import work_order_totals
from ..filters import WorkOrderFilter
from ..models import CostLine, InterventionRequest, WorkOrder, WorkOrderTask
from ..services.costs import COSTABLE
from ..services.quotes import may_add_invoice
from ..services.work_orders import may_act_on_work_order  # the very rule the services apply
from ..site_contact import site_contact
from ..workflow import REQUEST_GROUPS, WORK_ORDER_BY_NAME, WORK_ORDER_GROUPS
from .base import (
    FormPageView,
    ListView,
    PageView,
    PickerResultsView,
    RecordEditView,
    RecordPageFormView,
    StepView,
    VisibleRecordMixin,
)
from .requests import RequestMixin


class WorkOrderListView(ListView):
    model = WorkOrder
    permission_action = "workorder.view"
    manage_action = "workorder.manage"
    partial_template_name = "interventions/_workorder_table.html"
    create_label = gettext_lazy("New work order")
    title = gettext_lazy("Work orders")
    filterset_class = WorkOrderFilter
    default_sort = "-created_at"
    columns = [
        Column("number", gettext_lazy("Number"), sort="number"),
        Column("title", gettext_lazy("Work order")),
        Column("execution", gettext_lazy("Done by")),
        Column("priority", gettext_lazy("Priority"), sort="priority__rank"),
        Column("state", gettext_lazy("Status"), sort="state"),
        Column("planned_start", gettext_lazy("Planned"), sort="planned_start"),
        Column("created_at", gettext_lazy("Created on"), sort="created_at"),
    ]
    search_fields = ["number", "title", "location"]
    # the agent filter's picker, without JavaScript; the asset filters' searches
    query_parameters = (*picker.query_parameters(AGENT_FIELD), *asset_picker.query_parameters())
    create_url_name = "interventions:workorder-create"
    detail_url_name = "interventions:workorder-detail"

    def base_queryset(self):
        return selectors.work_order_list(self.organization, self.request.membership)

    def get_queryset(self):
        self.filtered = super().get_queryset()
        return self.filtered

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # what the listed work orders cost: the figure a total of the costs page links here with
        context["cost_totals"] = work_order_totals(self.filtered, self.request.membership)
        return context


class AgentPickerSearchMixin:
    """The "Search" button of the form's agent picker, without JavaScript: the form again with the agents
    found, nothing saved and no errors yet (with JavaScript, `WorkOrderAgentPickerView` answers as one types)."""

    def post(self, request, *args, **kwargs):
        if picker.SEARCH_BUTTON in request.POST:
            return self.render_page(**self.form_context(self.get_form(request.POST).searching()))
        return super().post(request, *args, **kwargs)


class WorkOrderMixin(VisibleRecordMixin):
    """A work order the current member may see: contractors only their company's (404 otherwise)."""

    model = WorkOrder
    detail_url_name = "interventions:workorder-detail"

    def select(self, pk):
        return selectors.visible_work_orders(self.organization, self.request.membership).get(pk=pk)


class WorkOrderDetailView(WorkOrderMixin, PageView):
    permission_action = "workorder.view"
    template_name = "interventions/workorder_detail.html"

    def select(self, pk):
        return selectors.work_order_detail(self.organization, self.request.membership, pk)

    def get_context_data(self, step_forms=None, time_form=None, cost_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, user, membership = self.get_object(), self.request.user, self.request.membership
        step_forms = step_forms or {}
        acting = may_act_on_work_order(obj, user, membership)
        open_for_costs = obj.state in COSTABLE
        ended = obj.state in WORK_ORDER_GROUPS["ended"]
        can_manage = self.can("workorder.manage") and not ended
        transitions = services.allowed_work_order_transitions(obj, user, membership)
        if time_form is None and acting and open_for_costs and self.can("time.record"):
            time_form = forms.TimeEntryForm(work_order=obj, user=user, membership=membership)
        if cost_form is None and acting and open_for_costs and self.can("cost.record"):
            cost_form = forms.CostLineForm(membership=membership)
        assigned = {a.pk for a in obj.agents.all()}
        show_money, show_pay_rates = may_see_money(membership, obj), may_see_pay_rates(membership, obj)
        suggestions = []
        if can_manage and obj.execution == WorkOrder.Execution.IN_HOUSE:
            suggestions = [(agent, agent.pk in assigned) for agent in selectors.suggest_agents(obj)]
        context.update(
            object=obj,
            title=str(obj),
            actions=[
                (t, step_forms.get(t.name) or forms.WorkOrderStepForm(transition=t, work_order=obj))
                for t in transitions
            ],
            tasks=list(obj.tasks.all()),
            can_tick=acting and not ended,
            can_manage=can_manage,
            suggestions=suggestions,
            time_form=time_form,
            cost_form=cost_form,
            time_entries=list(obj.time_entries.all()),
            cost_lines=list(obj.cost_lines.all()),
            invoice_lines=invoice_lines(obj, user, membership),
            cost_line_type=ContentType.objects.get_for_model(CostLine).pk,
            show_quote_amount=show_money or membership.role == Role.CONTRACTOR,  # their own quote
            can_see_request=obj.request_id is not None and self.can("request.view"),
            site_contact=site_contact(obj, membership),  # the same rule as the API's (`site_contact`)
            timeline=presenters.timeline(
                audit.timeline(obj, self.organization)[:300], obj, money=show_money, pay_rates=show_pay_rates
            ),
            show_money=show_money,
            show_pay_rates=show_pay_rates,
            step_url=reverse("interventions:workorder-transition", args=[obj.pk]),
        )
        return context


def invoice_lines(obj, user, membership):
    """The contractor's invoice lines of `obj` the member sees, each with its PDF invoices and whether they may
    add one (`regie.attachments`, the rule of `services.quotes.may_add_invoice`)."""
    rows = []
    lines = selectors.visible_cost_lines(obj.organization, membership).filter(work_order=obj, archived_at__isnull=True)
    for line in lines.select_related("work_order"):
        try:
            may_add_invoice(line, user, membership)
            may_add = True
        except DomainError:
            may_add = False
        rows.append((line, list(attachments_for(line, obj.organization)), may_add))
    return rows


class WorkOrderTransitionView(StepView, WorkOrderDetailView):
    """POST one life-cycle step: accept, start, hold, resume, complete (with the report), close, cancel, decline,
    the quote's steps (its amount and PDF: a multipart form)."""

    transitions = WORK_ORDER_BY_NAME
    step_form_class = forms.WorkOrderStepForm
    transition_service = staticmethod(services.transition_work_order)

    def get_form(self, data=None, files=None):
        transition = self.transitions[self.request.POST["step"]]
        return self.step_form_class(data, files, transition=transition, work_order=self.get_object())

    def success_url(self, result):
        """A contractor who declined the work no longer sees it: back to their work orders."""
        if not selectors.visible_work_orders(self.organization, self.request.membership).filter(pk=result.pk).exists():
            return reverse("interventions:workorder-list")
        return super().success_url(result)


class WorkOrderTaskView(RecordPageFormView, WorkOrderMixin, PageView):
    """POST (HTMX or not): tick or untick one line of the checklist, recording the measurement it asks for.
    htmx gets the line back, with the reason in it when the tick is refused (a finished work order, one no
    longer given to you, a measurement missing or out of bounds); a browser without JavaScript the page with
    the reason as a message."""

    permission_action = "workorder.view"
    invalid_on_page = False
    template_name = fragment = "interventions/_task.html"
    form_class = forms.TaskForm

    def task(self):
        task = WorkOrderTask.objects.filter(work_order=self.get_object(), pk=self.kwargs["task"]).first()
        if task is None:
            raise Http404
        return task

    def perform(self, form):
        data = form.cleaned_data
        return services.set_task_done(
            self.task(), by=self.request.user, done=data["done"], value=data["value"], passed=data["passed"]
        )

    def succeeded(self, result):
        if is_htmx(self.request):
            return self.render_page(**self.form_context(None, task=result))
        return HttpResponseRedirect(self.detail_url())

    def form_context(self, form, task=None):
        """The line as it now is, tickable only while the member may still tick it."""
        obj, user, membership = self.get_object(), self.request.user, self.request.membership
        can_tick = obj.state not in WORK_ORDER_GROUPS["ended"] and may_act_on_work_order(obj, user, membership)
        return {"object": obj, "task": task or self.task(), "task_form": form, "can_tick": can_tick}


class WorkOrderAssignView(RecordPageFormView, WorkOrderDetailView):
    """POST: add one of the suggested agents to the work order (one click from the assignment help)."""

    permission_action = "workorder.manage"
    fragment = "interventions/workorder_detail.html#assignment"
    invalid_on_page = False  # an agent no longer suggested: a message on the page

    def get_form(self, data=None, files=None):
        return forms.AssignAgentForm(data, agents=selectors.suggest_agents(self.get_object()))

    def perform(self, form):
        obj, agent = self.get_object(), form.cleaned_data["agent"]
        services.update_work_order(obj, by=self.request.user, data={}, m2m={"agents": [*obj.agents.all(), agent]})
        return agent

    def success_message(self, result):
        return _("%(agent)s is assigned.") % {"agent": result}

    def form_context(self, form):
        return {"assign_form": form}


class WorkOrderTimeAgentPickerView(WorkOrderMixin, PickerResultsView):
    """GET the results of the time form's agent picker (the work order's agents, or those a search finds)."""

    permission_action = "time.record"

    def picker_form(self):
        request = self.request
        return forms.TimeEntryForm(
            request.GET, work_order=self.get_object(), user=request.user, membership=request.membership
        )


class WorkOrderTimeView(AgentPickerSearchMixin, RecordPageFormView, WorkOrderDetailView):
    """POST: record hours of an agent (agents: their own) at the agent's rate."""

    permission_action = "time.record"
    fragment = "interventions/workorder_detail.html#time-form"

    def get_form(self, data=None, files=None):
        return forms.TimeEntryForm(
            data, work_order=self.get_object(), user=self.request.user, membership=self.request.membership
        )

    def perform(self, form):
        data = form.cleaned_data
        return services.record_time(
            by=self.request.user,
            work_order=self.get_object(),
            agent=data["agent"],
            date=data["date"],
            hours=data["hours"],
            note=data["note"],
        )

    def success_message(self, result):
        hours = presenters.hours(result.hours)
        return _("%(hours)s h recorded for %(agent)s.") % {"hours": hours, "agent": result.agent}

    def success_url(self, result):
        return self.detail_url() + "#time"

    def form_context(self, form):
        return {"time_form": form}


class WorkOrderCostView(RecordPageFormView, WorkOrderDetailView):
    """POST: add materials, a contractor's invoice or vehicle/equipment use."""

    permission_action = "cost.record"
    fragment = "interventions/workorder_detail.html#cost-form"

    def get_form(self, data=None, files=None):
        return forms.CostLineForm(data, membership=self.request.membership)

    def perform(self, form):
        return services.add_cost_line(by=self.request.user, work_order=self.get_object(), **form.cleaned_data)

    def success_message(self, result):
        return _("Cost added.")

    def success_url(self, result):
        return self.detail_url() + "#costs"

    def form_context(self, form):
        return {"cost_form": form}


class WorkOrderAgentPickerView(PickerResultsView):
    """GET the results of a work-order form's agent picker, for what the form holds now (the search, the team,
    the slot, the required skills, the agents chosen): the form's own fields read them. `work_order`: the work
    order being edited, whose own slot does not make its agents busy."""

    permission_action = "workorder.manage"
    picker_field = "agents"

    def picker_form(self):
        instance = None
        if (pk := self.request.GET.get("work_order", "")).isdigit() and len(pk) < 12:
            instance = selectors.visible_work_orders(self.organization, self.request.membership).filter(pk=pk).first()
        return forms.WorkOrderForm(self.request.GET, instance=instance, organization=self.organization)


class AgentFilterPickerView(PickerResultsView):
    """GET the results of the filters' agent picker (the planning's, the work-order list's): the agents typed,
    of the team the filters choose."""

    permission_action = "agent.view"

    def picker_form(self):
        return AgentFilterForm(self.request.GET, organization=self.organization)


class WorkOrderCreateView(AgentPickerSearchMixin, FormPageView):
    """A work order created directly (urgent repair, internal job)."""

    model = WorkOrder
    permission_action = "workorder.manage"
    template_name = "interventions/workorder_form.html"
    fragment = "interventions/workorder_form.html#form"

    def source_request(self):
        return None

    def initial(self):
        return {}

    def get_form(self, data=None, files=None):
        return forms.WorkOrderForm(data, initial=self.initial(), organization=self.organization)

    def perform(self, form):
        data, m2m, tasks = form.split()
        return services.create_work_order(
            by=self.request.user,
            organization=self.organization,
            data=data,
            m2m=m2m,
            tasks=tasks,
            request=self.source_request(),
            skill_override_reason=form.override_reason(),
        )

    def success_message(self, result):
        return _("Work order %(number)s created.") % {"number": result.number}

    def success_url(self, result):
        return reverse("interventions:workorder-detail", args=[result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.source_request()
        context.update(title=_("New work order"), source=source)
        if source is not None:
            context["cancel_url"] = reverse("interventions:request-detail", args=[source.pk])
        return context


class RequestWorkOrderCreateView(RequestMixin, WorkOrderCreateView):
    """A work order for an approved request, prefilled with what the request says."""

    model = InterventionRequest

    def source_request(self):
        return self.get_object()

    def initial(self):
        source = self.get_object()
        initial = {
            name: getattr(source, name)
            for name in ("title", "description", "category", "priority", "department", "asset", "location", "cost_code")
        }
        if source.category.skill_id:
            initial["required_skills"] = [source.category.skill_id]
        return initial

    def get(self, request, *args, **kwargs):
        source = self.get_object()
        if source.state not in REQUEST_GROUPS["active"]:
            messages.error(request, _("Work orders are created from approved requests only."))
            return HttpResponseRedirect(self.detail_url())
        return super().get(request, *args, **kwargs)


class WorkOrderUpdateView(AgentPickerSearchMixin, WorkOrderMixin, RecordEditView):
    """Plan or change a work order: who (team, agents or a contractor), when, which skills."""

    permission_action = "workorder.manage"
    template_name = "interventions/workorder_form.html"
    fragment = "interventions/workorder_form.html#form"
    edit_title = gettext_lazy("Plan or edit %(record)s")

    def get_form(self, data=None, files=None):
        return forms.WorkOrderForm(data, instance=self.get_object(), organization=self.organization)

    def perform(self, form):
        data, m2m, _tasks = form.split()
        version = form.cleaned_data.get("version")
        return services.update_work_order(
            self.get_object(),
            by=self.request.user,
            data=data,
            m2m=m2m,
            expected_updated_at=version,
            skill_override_reason=form.override_reason(),
        )
