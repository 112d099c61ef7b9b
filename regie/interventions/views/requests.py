"""Requests (demandes d'intervention): list, form with photos and duplicate hint, page, workflow steps."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.assets import selectors as asset_selectors
from regie.core.permissions import may_see_money, may_see_pay_rates
from regie.core.views import Column
from regie.people.widgets import SEARCH_BUTTON

from .. import asset_picker, forms, presenters, selectors, services
from ..filters import RequestFilter
from ..models import Category, InterventionRequest
from ..origins import origins_of
from ..workflow import REQUEST_BY_NAME, REQUEST_GROUPS
from .assets import PickerSearchMixin
from .base import FormPageView, ListView, PageView, RecordEditView, StepView, VisibleRecordMixin


class RequestListView(ListView):
    model = InterventionRequest
    permission_action = "request.view"
    manage_action = "request.create"
    partial_template_name = "interventions/_request_table.html"
    create_label = gettext_lazy("New request")
    title = gettext_lazy("Intervention requests")
    filterset_class = RequestFilter
    query_parameters = (SEARCH_BUTTON, *asset_picker.query_parameters())  # the asset filters' pickers
    default_sort = "-created_at"
    columns = [
        Column("number", gettext_lazy("Number"), sort="number"),
        Column("title", gettext_lazy("Request")),
        Column("department", gettext_lazy("Department")),
        Column("priority", gettext_lazy("Priority"), sort="priority__rank"),
        Column("state", gettext_lazy("Status"), sort="state"),
        Column("created_at", gettext_lazy("Filed on"), sort="created_at"),
        Column("resolution_due_at", gettext_lazy("Due by"), sort="resolution_due_at"),
    ]
    search_fields = ["number", "title", "location"]
    create_url_name = "interventions:request-create"
    detail_url_name = "interventions:request-detail"

    def base_queryset(self):
        return selectors.request_list(self.organization, self.request.membership)


class RequestMixin(VisibleRecordMixin):
    """A request the current member may see (404 otherwise: another organization's, another department's)."""

    model = InterventionRequest
    detail_url_name = "interventions:request-detail"

    def select(self, pk):
        return selectors.visible_requests(self.organization, self.request.membership).get(pk=pk)

    def editable(self, obj):
        """Whether to offer the edit page: the very rule `services.update_request` applies."""
        return services.may_edit_request(obj, self.request.user, self.request.membership)


class RequestCreateView(PickerSearchMixin, FormPageView):
    model = InterventionRequest
    permission_action = "request.create"
    template_name = "interventions/request_form.html"
    fragment = "interventions/request_form.html#form"

    def get_form(self, data=None, files=None):
        return forms.RequestForm(data, files, organization=self.organization, membership=self.request.membership)

    def submitting(self):
        return self.request.POST.get("action") != "draft"

    def form_context(self, form):
        form.keep_files()  # refused: the photos chosen are offered again, not lost
        return super().form_context(form)

    def perform(self, form):
        data, files = form.split()
        obj, _created = services.create_request(
            by=self.request.user,
            organization=self.organization,
            data=data,
            files=files,
            submit=self.submitting(),
            idempotency_key=form.cleaned_data.get("idempotency_key") or None,
        )
        return obj

    def success_message(self, result):
        if self.submitting():
            return _("Request %(number)s submitted.") % {"number": result.number}
        return _("Draft %(number)s saved.") % {"number": result.number}

    def success_url(self, result):
        return reverse("interventions:request-detail", args=[result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("New intervention request"),
            can_submit=self.request.membership.role in REQUEST_BY_NAME["submit"].roles,
        )
        return context


class RequestDuplicatesView(PageView):
    """HTMX: the open requests on the same asset, or naming the same place and category, shown on the form before
    submitting."""

    permission_action = "request.create"
    template_name = "interventions/_duplicates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        raw_category = params.get("category", "")
        category = (
            Category.objects.owned_by(self.organization).filter(pk=raw_category).first()
            if raw_category.isdigit()
            else None
        )
        exclude, raw_asset = params.get("exclude", ""), params.get("asset", "")
        asset = (
            asset_selectors.visible_assets(self.organization).filter(pk=raw_asset).first()
            if raw_asset.isdigit()
            else None
        )
        candidates = list(
            selectors.duplicate_candidates(
                self.organization,
                location=params.get("location", "")[:200],
                category=category,
                asset=asset,
                exclude_pk=int(exclude) if exclude.isdigit() else None,
            )
        )
        visible = set()
        if candidates:
            visible = set(
                selectors.visible_requests(self.organization, self.request.membership)
                .filter(pk__in=[c.pk for c in candidates])
                .values_list("pk", flat=True)
            )
        context["candidates"] = [(c, c.pk in visible) for c in candidates]
        return context


class RequestDetailView(RequestMixin, PageView):
    permission_action = "request.view"
    template_name = "interventions/request_detail.html"

    def select(self, pk):
        return selectors.request_detail(self.organization, self.request.membership, pk)

    def get_context_data(self, step_forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, user, membership = self.get_object(), self.request.user, self.request.membership
        step_forms = step_forms or {}
        transitions = services.allowed_request_transitions(obj, user, membership)
        show_money = may_see_money(membership, obj)
        events = list(selectors.request_timeline(obj, self.organization)[:300])
        work_orders = list(obj.work_orders.all())
        done_by = presenters.done_by(work_orders, events)
        context.update(
            object=obj,
            title=str(obj),
            actions=[(t, step_forms.get(t.name) or forms.RequestStepForm(transition=t)) for t in transitions],
            work_orders=[(wo, done_by[wo.pk]) for wo in work_orders],
            timeline=presenters.timeline(events, obj, money=show_money, pay_rates=may_see_pay_rates(membership, obj)),
            show_money=show_money,
            can_edit=self.editable(obj),
            can_create_work_order=self.can("workorder.manage") and obj.state in REQUEST_GROUPS["active"],
            can_see_work_orders=self.can("workorder.view"),
            step_url=reverse("interventions:request-transition", args=[obj.pk]),
            origins=origins_of(obj, membership),  # filed by another module (interventions.origins)
        )
        return context


class RequestTransitionView(StepView, RequestDetailView):
    """POST one workflow step (validate, approve, reject with a reason, close with a rating...)."""

    transitions = {name: t for name, t in REQUEST_BY_NAME.items() if not t.system}
    step_form_class = forms.RequestStepForm
    transition_service = staticmethod(services.transition_request)


class RequestUpdateView(RequestMixin, RecordEditView):
    permission_action = "request.create"
    template_name = "interventions/request_form.html"
    fragment = "interventions/request_form.html#form"
    edit_title = gettext_lazy("Edit %(record)s")

    def get_form(self, data=None, files=None):
        return forms.RequestForm(
            data, instance=self.get_object(), organization=self.organization, membership=self.request.membership
        )

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        if not self.editable(obj):
            messages.error(request, _("Only its requester can change a request, and only before it is validated."))
            return HttpResponseRedirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        data, _files = form.split()
        version = form.cleaned_data.get("version")
        return services.update_request(self.get_object(), by=self.request.user, data=data, expected_updated_at=version)
