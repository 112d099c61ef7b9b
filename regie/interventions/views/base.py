"""What the pages of the interventions app share: page, list, record-page form and workflow-step bases."""

from django.contrib import messages
from django.forms.forms import NON_FIELD_ERRORS
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from regie.core.views import RecordListView, ServiceFormView, TenantViewMixin, is_htmx, redirect_to
from regie.imports.exports import ExportListMixin
from regie.people.selectors import PickerChoices
from regie.people.widgets import AgentPicker


class PageView(TenantViewMixin, TemplateView):
    """A page of the app: GET renders it; subclasses that accept POST say so with `http_method_names`."""

    def render_page(self, status=200, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def redirect(self, url):
        return redirect_to(self.request, url)


class PickerResultsView(PageView):
    """GET the results of an agent picker (`people.widgets`) for what its form holds now (the search, the team,
    the agents chosen…): `picker_form()` reads them, and the picker's `choices_for` finds the agents. A form
    whose field is no picker for this member (an agent's own time) answers no results."""

    template_name = "people/widgets/_agent_picker_results.html"
    picker_field = "agent"

    def picker_form(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.picker_form()
        widget = form.fields[self.picker_field].widget
        choices, multiple = PickerChoices(), False
        if isinstance(widget, AgentPicker):
            choices = widget.choices_for(widget.chosen(form[self.picker_field].value()), self.request.GET)
            multiple = widget.multiple
        context.update(picker=choices, name=form.add_prefix(self.picker_field), multiple=multiple)
        return context


class RecordPageFormView(ServiceFormView):
    """A form on a record's page (a step, time, costs): POST only; the page shows the form again with its
    errors (400), while what the services refuse is a message on the record's page (`detail_url`)."""

    http_method_names = ["post"]
    errors_on_page = False  # the record's page view, mixed in after this one, gives `detail_url()`

    def failure_url(self):
        return self.detail_url()

    def success_url(self, result):
        return self.detail_url()


class FormPageView(ServiceFormView, PageView):
    """A page with a form that calls a service: GET shows the form, POST is core's one sequence."""

    def get(self, request, *args, **kwargs):
        return self.render_page(form=self.get_form())


class RecordEditView(FormPageView):
    """The edit page of the URL's record (a `VisibleRecordMixin` before it): saved, it goes back to its page."""

    edit_title = ""  # "… %(record)s": the page's title, with the record's number

    def success_message(self, result):
        return _("Changes saved.")

    def success_url(self, result):
        return self.detail_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(object=obj, title=self.edit_title % {"record": obj.number}, cancel_url=self.detail_url())
        return context


class StepView(RecordPageFormView):
    """POST one workflow step of the page's record (`transitions`: the workflow's steps by name), fired by
    `transition_service` with what the step's form asked for."""

    transitions: dict = {}
    step_form_class = None
    transition_service = None
    fragment = "interventions/_actions.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("step", "") not in self.transitions:
            messages.error(request, _("This step is not allowed from the current status."))
            return redirect_to(request, self.detail_url())
        return super().post(request, *args, **kwargs)

    def get_form(self, data=None, files=None):
        return self.step_form_class(data, files, transition=self.transitions[self.request.POST["step"]])

    def form_context(self, form):
        """The posted step's form (when its fields have errors) and what was refused, above the steps."""
        field_errors = [name for name in form.errors if name != NON_FIELD_ERRORS]
        return {
            "step_forms": {form.transition.name: form} if field_errors else {},
            "step_errors": form.non_field_errors(),
        }

    def refused(self, form, *, on_page=True):
        if on_page and not is_htmx(self.request):
            messages.error(self.request, _("Check the form of the step “%(step)s”.") % {"step": form.transition.label})
        return super().refused(form, on_page=on_page)

    def perform(self, form):
        return type(self).transition_service(
            self.get_object(),
            form.transition.name,
            by=self.request.user,
            expected_state=self.request.POST.get("expected_state") or None,
            **form.cleaned_data,
        )

    def success_message(self, result):
        return _("Done: %(step)s.") % {"step": self.transitions[self.request.POST["step"]].label}


class ListView(ExportListMixin, RecordListView):
    """A list of the app: the core list (search, sort, bounded pages, HTMX partial) with its filters, exported
    as CSV/XLSX with the page's own scope (`?export=csv`)."""

    template_name = "interventions/list.html"
    create_label = ""

    def get_filterset(self, queryset):
        """The list's one FilterSet (`interventions.filters`, the API's too), as the page's filter form."""
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request, page=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(create_label=self.create_label)
        return context


class VisibleRecordMixin:
    """The record of the URL, if the current member may see it (`select`); a 404 otherwise, whatever the reason
    (another organization's, another department's, another company's), so that a guess reveals nothing."""

    model = None
    detail_url_name = ""  # the record's page

    def select(self, pk):
        raise NotImplementedError

    def detail_url(self):
        return reverse(self.detail_url_name, args=[self.get_object().pk])

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = self.select(self.kwargs["pk"])
            except self.model.DoesNotExist:
                raise Http404 from None
        return self._object
