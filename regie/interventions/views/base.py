"""What the pages of the interventions app share: page and list bases, error text."""

from django.http import Http404
from django.views.generic import TemplateView

from regie.core.exceptions import DomainError
from regie.core.views import RecordListView, TenantViewMixin, redirect_to
from regie.imports.exports import ExportListMixin


class PageView(TenantViewMixin, TemplateView):
    """A page of the app: GET renders it; subclasses that accept POST say so with `http_method_names`."""

    def render_page(self, status=200, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def redirect(self, url):
        return redirect_to(self.request, url)


class ListView(ExportListMixin, RecordListView):
    """A list of the app: the core list (search, sort, bounded pages, HTMX partial) with its filters, exported
    as CSV/XLSX with the page's own scope (`?export=csv`)."""

    template_name = "interventions/list.html"
    create_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(create_label=self.create_label)
        return context


class VisibleRecordMixin:
    """The record of the URL, if the current member may see it (`select`); a 404 otherwise, whatever the reason
    (another organization's, another department's, another company's), so that a guess reveals nothing."""

    model = None

    def select(self, pk):
        raise NotImplementedError

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = self.select(self.kwargs["pk"])
            except self.model.DoesNotExist:
                raise Http404 from None
        return self._object


def error_text(error):
    if isinstance(error, DomainError):
        return str(error.message)
    return " ".join(error.messages)
