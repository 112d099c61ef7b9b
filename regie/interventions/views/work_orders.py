"""Work orders: list, creation (from a request or direct), planning, steps, checklist, assignment, time, costs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core import audit
from regie.core.exceptions import DomainError
from regie.core.permissions import may_see_money
from regie.core.views import Column, add_errors

from .. import forms, presenters, selectors, services
from ..models import InterventionRequest, WorkOrder, WorkOrderTask
from ..services.costs import COSTABLE
from ..services.work_orders import _may_act as may_act  # the very rule the services apply
from ..workflow import REQUEST_GROUPS, WORK_ORDER_BY_NAME, WORK_ORDER_GROUPS
from .base import ListView, PageView, VisibleRecordMixin, error_text
from .requests import RequestMixin


class WorkOrderListView(ListView):
    model = WorkOrder
    permission_action = "workorder.view"
    manage_action = "workorder.manage"
    partial_template_name = "interventions/_workorder_table.html"
    create_label = gettext_lazy("New work order")
    title = gettext_lazy("Work orders")
    filterset_class = forms.WorkOrderFilters
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
    create_url_name = "interventions:workorder-create"
    detail_url_name = "interventions:workorder-detail"

    def base_queryset(self):
        return selectors.work_order_list(self.organization, self.request.membership)


class WorkOrderMixin(VisibleRecordMixin):
    """A work order the current member may see: contractors only their company's (404 otherwise)."""

    model = WorkOrder

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
        acting = may_act(obj, user, membership)
        open_for_costs = obj.state in COSTABLE
        ended = obj.state in WORK_ORDER_GROUPS["ended"]
        can_manage = self.can("workorder.manage") and not ended
        transitions = services.allowed_work_order_transitions(obj, user, membership)
        if time_form is None and acting and open_for_costs and self.can("time.record"):
            time_form = forms.TimeEntryForm(work_order=obj, user=user, membership=membership)
        if cost_form is None and acting and open_for_costs and self.can("cost.record"):
            cost_form = forms.CostLineForm(membership=membership)
        assigned = {a.pk for a in obj.agents.all()}
        show_money = may_see_money(membership, obj)
        suggestions = []
        if can_manage and obj.execution == WorkOrder.Execution.IN_HOUSE:
            suggestions = [(agent, agent.pk in assigned) for agent in selectors.suggest_agents(obj)]
        context.update(
            object=obj,
            title=str(obj),
            actions=[(t, step_forms.get(t.name) or forms.WorkOrderStepForm(transition=t)) for t in transitions],
            tasks=list(obj.tasks.all()),
            can_tick=acting and not ended,
            can_manage=can_manage,
            suggestions=suggestions,
            time_form=time_form,
            cost_form=cost_form,
            time_entries=list(obj.time_entries.all()),
            cost_lines=list(obj.cost_lines.all()),
            can_see_request=obj.request_id is not None and self.can("request.view"),
            timeline=presenters.timeline(audit.timeline(obj, self.organization)[:300], obj, money=show_money),
            show_money=show_money,
        )
        return context

    def detail_url(self):
        return reverse("interventions:workorder-detail", args=[self.get_object().pk])


class WorkOrderTransitionView(WorkOrderDetailView):
    """POST one life-cycle step: accept, start, hold, resume, complete (with the report), close, cancel."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        transition = WORK_ORDER_BY_NAME.get(request.POST.get("step", ""))
        if transition is None:
            messages.error(request, _("This step is not allowed from the current status."))
            return self.redirect(self.detail_url())
        form = forms.WorkOrderStepForm(request.POST, transition=transition)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.transition_work_order(
                    obj,
                    transition.name,
                    by=request.user,
                    reason=data.get("reason", ""),
                    report=data.get("report", ""),
                    first_visit_fix=data.get("first_visit_fix"),
                    follow_up_needed=data.get("follow_up_needed", False),
                    expected_state=request.POST.get("expected_state") or None,
                )
            except ValidationError as error:
                add_errors(form, error)
            except DomainError as error:
                messages.error(request, str(error.message))
                return self.redirect(self.detail_url())
            else:
                messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
                return self.redirect(self.detail_url())
        messages.error(request, _("Check the form of the step “%(step)s”.") % {"step": transition.label})
        return self.render_page(status=400, step_forms={transition.name: form})


class WorkOrderTaskView(WorkOrderMixin, PageView):
    """POST (HTMX or not): tick or untick one line of the checklist."""

    permission_action = "workorder.view"
    template_name = "interventions/_task.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        detail = reverse("interventions:workorder-detail", args=[obj.pk])
        task = WorkOrderTask.objects.filter(work_order=obj, pk=self.kwargs["task"]).first()
        if task is None:
            raise Http404
        try:
            task = services.set_task_done(task, by=request.user, done=request.POST.get("done") == "1")
        except DomainError as error:
            messages.error(request, str(error.message))
            return self.redirect(detail)
        if getattr(request, "htmx", False):
            return self.render_page(object=obj, task=task, can_tick=True)
        return HttpResponseRedirect(detail)


class WorkOrderAssignView(WorkOrderMixin, PageView):
    """POST: add one of the suggested agents to the work order (one click from the assignment help)."""

    permission_action = "workorder.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        agent = next((a for a in selectors.suggest_agents(obj) if str(a.pk) == request.POST.get("agent")), None)
        if agent is None:
            messages.error(request, _("This agent is not available for this work order any more."))
        else:
            try:
                services.update_work_order(obj, by=request.user, data={}, m2m={"agents": [*obj.agents.all(), agent]})
            except (ValidationError, DomainError) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("%(agent)s is assigned.") % {"agent": agent})
        return self.redirect(reverse("interventions:workorder-detail", args=[obj.pk]))


class WorkOrderTimeView(WorkOrderDetailView):
    """POST: record hours of an agent (agents: their own) at the agent's rate."""

    permission_action = "time.record"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj, membership = self.get_object(), request.membership
        form = forms.TimeEntryForm(request.POST, work_order=obj, user=request.user, membership=membership)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.record_time(
                    by=request.user,
                    work_order=obj,
                    agent=data["agent"],
                    date=data["date"],
                    hours=data["hours"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_errors(form, error)
            except DomainError as error:
                messages.error(request, str(error.message))
                return self.redirect(self.detail_url())
            else:
                messages.success(
                    request,
                    _("%(hours)s h recorded for %(agent)s.")
                    % {"hours": presenters.hours(entry.hours), "agent": entry.agent},
                )
                return self.redirect(self.detail_url() + "#time")
        return self.render_page(status=400, time_form=form)


class WorkOrderCostView(WorkOrderDetailView):
    """POST: add materials, a contractor's invoice or vehicle/equipment use."""

    permission_action = "cost.record"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = forms.CostLineForm(request.POST, membership=request.membership)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_cost_line(by=request.user, work_order=obj, **data)
            except ValidationError as error:
                add_errors(form, error)
            except DomainError as error:
                messages.error(request, str(error.message))
                return self.redirect(self.detail_url())
            else:
                messages.success(request, _("Cost added."))
                return self.redirect(self.detail_url() + "#costs")
        return self.render_page(status=400, cost_form=form)


class WorkOrderCreateView(PageView):
    """A work order created directly (urgent repair, internal job)."""

    model = WorkOrder
    permission_action = "workorder.manage"
    template_name = "interventions/workorder_form.html"

    def source_request(self):
        return None

    def initial(self):
        return {}

    def get_form(self, data=None):
        return forms.WorkOrderForm(data, initial=self.initial(), organization=self.organization)

    def get(self, request, *args, **kwargs):
        return self.render_page(form=self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            data, m2m, tasks = form.split()
            try:
                obj = services.create_work_order(
                    by=request.user,
                    organization=self.organization,
                    data=data,
                    m2m=m2m,
                    tasks=tasks,
                    request=self.source_request(),
                )
            except ValidationError as error:
                add_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Work order %(number)s created.") % {"number": obj.number})
                return self.redirect(reverse("interventions:workorder-detail", args=[obj.pk]))
        return self.render_page(status=400, form=form)

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
            for name in ("title", "description", "category", "priority", "department", "location", "cost_code")
        }
        if source.category.skill_id:
            initial["required_skills"] = [source.category.skill_id]
        return initial

    def get(self, request, *args, **kwargs):
        source = self.get_object()
        if source.state not in REQUEST_GROUPS["active"]:
            messages.error(request, _("Work orders are created from approved requests only."))
            return HttpResponseRedirect(reverse("interventions:request-detail", args=[source.pk]))
        return super().get(request, *args, **kwargs)


class WorkOrderUpdateView(WorkOrderMixin, PageView):
    """Plan or change a work order: who (team, agents or a contractor), when, which skills."""

    permission_action = "workorder.manage"
    template_name = "interventions/workorder_form.html"

    def get_form(self, data=None):
        return forms.WorkOrderForm(data, instance=self.get_object(), organization=self.organization)

    def get(self, request, *args, **kwargs):
        return self.render_page(form=self.get_form())

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(request.POST)
        if form.is_valid():
            data, m2m, _tasks = form.split()
            try:
                services.update_work_order(
                    obj, by=request.user, data=data, m2m=m2m, expected_updated_at=form.cleaned_data.get("version")
                )
            except ValidationError as error:
                add_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Changes saved."))
                return self.redirect(reverse("interventions:workorder-detail", args=[obj.pk]))
        return self.render_page(status=400, form=form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(
            object=obj,
            title=_("Plan or edit %(record)s") % {"record": obj.number},
            cancel_url=reverse("interventions:workorder-detail", args=[obj.pk]),
        )
        return context
