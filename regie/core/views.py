"""Base views: every HTML page of a tenant record goes through `TenantViewMixin` (scope + matrix).

`RecordListView`, `RecordDetailView`, `RecordFormView` and `RecordArchiveView` give each model a list
with search/filters/sort/pagination, a record page with its audit timeline, forms that call the app's
services, and archiving — so apps declare what differs, not how.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import audit
from .access import get_for_org
from .exceptions import DomainError, NotFound
from .fields import sorted_lookup
from .filters import page_ignored_parameters
from .forms import ArchiveForm, refuse_impossible_ids
from .pagination import page_of_request
from .permissions import can, money_rule
from .services import archive_record, restore_record


class TenantViewMixin:
    """Refuses requests without a membership in the current organization or without the matrix's action."""

    permission_action: str = ""
    model = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if request.membership is None:
                return render(request, "core/no_membership.html", status=403)
            if not can(request.membership.role, self.get_permission_action()):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_permission_action(self):
        return self.permission_action

    @property
    def organization(self):
        return self.request.organization

    def can(self, action):
        return can(self.request.membership.role, action)

    def base_queryset(self):
        return self.model.objects.for_org(self.organization)


class Column:
    """A list column; `money=True` (amounts, pay rates): shown to whom the view's `money_rule` says only."""

    def __init__(self, name, label, sort=None, link=False, attr=None, money=False):
        self.name, self.label, self.sort, self.link, self.attr = name, label, sort, link, attr or name
        self.money = money


class RecordListView(TenantViewMixin, TemplateView):
    template_name = "core/list.html"
    partial_template_name = "core/_list_table.html"
    columns: list[Column] = []
    search_fields: list[str] = []
    filterset_class = None
    filterset = None
    default_sort = "name"
    page_size = 50
    select_related: tuple = ()
    title = ""
    create_url_name = ""
    detail_url_name = ""
    manage_action = ""
    # what the list reads from its query string besides its search, sort, pages and FilterSet (`core.filters`)
    query_parameters: tuple[str, ...] = ()
    pay_rates = False  # its money columns are per-agent pay rates (`permissions.may_see_pay_rates`)

    def get_queryset(self):
        qs = self.base_queryset()
        archived = self.request.GET.get("archived")
        qs = qs.filter(archived_at__isnull=False) if archived == "1" else qs.filter(archived_at__isnull=True)
        query = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL
        if query and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            qs = qs.filter(condition)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.get_filterset(qs)
            if hasattr(self.filterset, "form"):
                refuse_impossible_ids(self.filterset.form)
            if self.filterset.is_bound and self.filterset.is_valid():
                qs = self.filterset.qs
        if self.select_related:  # select_related() without fields follows every FK (and is deprecated)
            qs = qs.select_related(*self.select_related)
        return qs.order_by(*self.sort_order())

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def visible_columns(self):
        money = money_rule(self.pay_rates)(self.request.membership)
        return [c for c in self.columns if money or not c.money]

    def sortable(self):
        return {c.sort: c for c in self.visible_columns() if c.sort}

    def current_sort(self):
        wanted = self.request.GET.get("sort", self.default_sort)
        return wanted if wanted.lstrip("-") in self.sortable() else self.default_sort

    def sort_order(self):
        sort = self.current_sort()
        field = self.sortable()[sort.lstrip("-")].sort if sort.lstrip("-") in self.sortable() else sort.lstrip("-")
        prefix = "-" if sort.startswith("-") else ""
        return [sorted_lookup(self.model, f"{prefix}{field}"), f"{prefix}pk"]

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = page_of_request(self.get_queryset(), self.request, self.page_size)
        context.update(
            page=page,
            partial_template=self.partial_template_name,
            columns=self.visible_columns(),
            current_sort=self.current_sort(),
            filterset=self.filterset,
            ignored_parameters=page_ignored_parameters(self, self.request.GET),
            query=self.request.GET.get("q", ""),
            archived=self.request.GET.get("archived") == "1",
            title=self.title or self.model._meta.verbose_name_plural.capitalize(),
            create_url=reverse(self.create_url_name) if self.create_url_name and self.can(self.manage_action) else "",
            detail_url_name=self.detail_url_name,
        )
        return context


class RecordObjectMixin(TenantViewMixin):
    owned_only = False

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = get_for_org(self.model, self.organization, self.kwargs["pk"], owned=self.owned_only)
            except NotFound:
                from django.http import Http404

                raise Http404 from None
        return self._object


class RecordDetailView(RecordObjectMixin, TemplateView):
    template_name = "core/detail.html"
    fields: list[str] = []
    money_fields: tuple = ()  # amounts, pay rates: shown to whom `permissions.may_see_money` says only
    pay_rates = False  # `money_fields` are per-agent pay rates (`permissions.may_see_pay_rates`)
    manage_action = ""
    update_url_name = archive_url_name = ""
    timeline_size = 50  # 0: the page shows no history of its own (the asset page loads it after the page)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        events = record_history(obj, self.organization, self.timeline_size) if self.timeline_size else []
        owned = obj.organization_id == self.organization.pk
        context.update(
            object=obj,
            rows=[(obj._meta.get_field(name).verbose_name, display_value(obj, name)) for name in self.shown_fields()],
            timeline=events,
            can_manage=owned and bool(self.manage_action) and self.can(self.manage_action),
            update_url=reverse(self.update_url_name, args=[obj.pk]) if self.update_url_name else "",
            archive_url=reverse(self.archive_url_name, args=[obj.pk]) if self.archive_url_name else "",
        )
        return context

    def shown_fields(self):
        money = money_rule(self.pay_rates)(self.request.membership)
        return [name for name in self.fields if money or name not in self.money_fields]


def record_history(obj, organization, size=RecordDetailView.timeline_size):
    """The last `size` events of a record as `organization` sees them, newest first, with their readable change
    lines: the history card of a record's page (`components/timeline.html`)."""
    return audit.with_change_lines(list(audit.timeline(obj, organization)[:size]))


def display_value(obj, name):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(v) for v in getattr(obj, name).all()) or "—"
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "—" if value in (None, "") else value


class ServiceFormView(TemplateView):
    """One POST sequence for every form that calls a service: validate → `perform` (the service) → answer.

    - success: a message, then `redirect_to` the next page (302 for a browser, 200 + `HX-Redirect` for htmx);
    - a form error, or a `ValidationError` of the service: the page again with the errors (400), or for htmx
      the `fragment` alone with them (422, the one error status htmx is configured to swap: base.html);
    - a domain error (`core.exceptions`: Forbidden, NotFound, Conflict, TransitionNotAllowed) becomes a form
      error the same way; forms that live on a record's page (`errors_on_page = False`) show it as a message
      on that page instead, since what was refused is usually the record's state, not the input.
    A subclass says how to build its form (`get_form`), what to call (`perform`) and where to go next.
    """

    form_class = None
    fragment = ""  # "template.html#partial": what an htmx post gets back when it fails
    errors_on_page = True  # False: domain errors (and, with `invalid_on_page = False`, form errors) as messages
    invalid_on_page = True

    def get_form(self, data=None, files=None):
        return self.form_class(data, files)

    def perform(self, form):
        """Call the service with the cleaned data; return what `success_url`/`success_message` need."""
        raise NotImplementedError

    def success_url(self, result):
        raise NotImplementedError

    def success_message(self, result):
        return ""

    def failure_url(self):
        """Where a refused form sends a browser when its errors are shown as messages."""
        return self.request.path

    def form_context(self, form):
        """The context names under which the page and the fragment show the form."""
        return {"form": form}

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as error:
                add_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error.message))
                return self.refused(form, on_page=self.errors_on_page)
            else:
                return self.succeeded(result)
        return self.refused(form, on_page=self.invalid_on_page)

    def succeeded(self, result):
        message = self.success_message(result)
        if message:
            messages.success(self.request, message)
        return redirect_to(self.request, self.success_url(result))

    def refused(self, form, *, on_page=True):
        if is_htmx(self.request) and self.fragment:
            context = self.get_context_data(**self.form_context(form))
            return TemplateResponse(self.request, self.fragment, context, status=HTMX_ERROR_STATUS)
        if not on_page:
            messages.error(self.request, form_error_text(form))
            return redirect_to(self.request, self.failure_url())
        return self.render_to_response(self.get_context_data(**self.form_context(form)), status=400)


class RecordFormView(RecordObjectMixin, ServiceFormView):
    """Create (no pk in the URL) or update (pk) a record through the app's services."""

    template_name = "core/form.html"
    fragment = "core/form.html#form"
    create_service = update_service = None
    detail_url_name = ""
    owned_only = True

    def get_permission_action(self):
        return self.permission_action

    def get_form(self, data=None, files=None):
        instance = self.get_object() if "pk" in self.kwargs else None
        return self.form_class(data, instance=instance, organization=self.organization)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def perform(self, form):
        data, m2m = form.split()
        if "pk" in self.kwargs:
            version = form.cleaned_data.get("version")
            return self.update_service(
                self.get_object(), by=self.request.user, data=data, m2m=m2m, expected_updated_at=version
            )
        return self.create_service(by=self.request.user, organization=self.organization, data=data, m2m=m2m)

    def success_message(self, result):
        return _("Changes saved.") if "pk" in self.kwargs else _("Record created.")

    def success_url(self, result):
        return reverse(self.detail_url_name, args=[result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object() if "pk" in self.kwargs else None
        meta = self.form_class._meta.model._meta
        context.update(
            object=obj,
            title=(_("Edit %(record)s") % {"record": obj})
            if obj
            else (_("New %(type)s") % {"type": meta.verbose_name}),
            cancel_url=reverse(self.detail_url_name, args=[obj.pk]) if obj else "",
        )
        return context


def add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():  # the errors themselves: their codes stay readable
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_error_text(form):
    """A form's errors as one message: its own first, then its fields'."""
    fields = (error for name, errors in form.errors.items() if name != NON_FIELD_ERRORS for error in errors)
    return " ".join(str(error) for error in (*form.non_field_errors(), *fields))


# The status of an htmx answer that carries a fragment with errors: base.html's htmx-config swaps it (htmx
# swaps no 4xx by default), and nothing else in the project answers 422, so an error page is never swapped in.
HTMX_ERROR_STATUS = 422


def is_htmx(request):
    return bool(getattr(request, "htmx", False))


def redirect_to(request, url):
    """Go on to `url`: a 302 for a browser; for htmx a 200 with `HX-Redirect` (a full navigation).

    htmx ignores the HX headers of a 3xx: the browser follows it and htmx would swap the whole next page into
    the element that posted (a task row). `HX-Location` is not used either: it fetches the page with
    `HX-Request`, which lists answer with their table alone.
    """
    if is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class RecordArchiveView(RecordObjectMixin, ServiceFormView):
    """GET shows a confirmation; POST archives (or restores, with `restore=1`). A GET never changes data."""

    template_name = "core/archive.html"
    fragment = "core/archive.html#form"
    form_class = ArchiveForm
    errors_on_page = False  # "already archived", "the last administrator": a message on the record's page
    detail_url_name = ""
    owned_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.get_object(),
            form=kwargs.get("form") or ArchiveForm(),
            cancel_url=self.failure_url(),
        )
        return context

    def archive(self, obj, reason):
        return archive_record(obj, by=self.request.user, action=self.permission_action, reason=reason)

    def restoring(self):
        return self.request.POST.get("restore") == "1"

    def perform(self, form):
        obj = self.get_object()
        if self.restoring():
            return restore_record(obj, by=self.request.user, action=self.permission_action)
        return self.archive(obj, form.cleaned_data["reason"])

    def success_message(self, result):
        return _("Record restored.") if self.restoring() else _("Record archived.")

    def success_url(self, result):
        return self.failure_url()

    def failure_url(self):
        return reverse(self.detail_url_name, args=[self.get_object().pk])


def record_views(
    model,
    resource,
    *,
    form,
    create,
    update,
    columns,
    fields,
    search,
    default_sort="name",
    select_related=(),
    list_class=RecordListView,
    money_fields=(),
    pay_rates=False,
    namespace=None,
):
    """The list, detail, create, update and archive views of one record, named `<namespace>:<model>-<view>`
    (namespace: the model's app by default) as `record_urls` routes them."""
    name = model._meta.model_name
    namespace = namespace or model._meta.app_label
    common = {"model": model}
    urls = {
        "detail_url_name": f"{namespace}:{name}-detail",
        "update_url_name": f"{namespace}:{name}-update",
        "archive_url_name": f"{namespace}:{name}-archive",
    }
    list_view = type(
        f"{model.__name__}ListView",
        (list_class,),
        {
            **common,
            "permission_action": f"{resource}.view",
            "manage_action": f"{resource}.manage",
            "columns": columns,
            "search_fields": search,
            "default_sort": default_sort,
            "select_related": select_related,
            "pay_rates": pay_rates,
            "create_url_name": f"{namespace}:{name}-create",
            "detail_url_name": urls["detail_url_name"],
        },
    )
    detail_view = type(
        f"{model.__name__}DetailView",
        (RecordDetailView,),
        {
            **common,
            **urls,
            "permission_action": f"{resource}.view",
            "manage_action": f"{resource}.manage",
            "fields": fields,
            "money_fields": money_fields,
            "pay_rates": pay_rates,
        },
    )
    form_view = type(
        f"{model.__name__}FormView",
        (RecordFormView,),
        {
            **common,
            "permission_action": f"{resource}.manage",
            "form_class": form,
            "create_service": staticmethod(create),
            "update_service": staticmethod(update),
            "detail_url_name": urls["detail_url_name"],
        },
    )
    archive_view = type(
        f"{model.__name__}ArchiveView",
        (RecordArchiveView,),
        {
            **common,
            "permission_action": f"{resource}.manage",
            "detail_url_name": urls["detail_url_name"],
        },
    )
    return list_view, detail_view, form_view, archive_view


def record_urls(prefix, name, views_tuple):
    """The routes of `record_views`: `<prefix>/`, `new/`, `<pk>/`, `<pk>/edit/`, `<pk>/archive/`."""
    list_view, detail_view, form_view, archive_view = views_tuple
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}-list"),
        path(f"{prefix}/new/", form_view.as_view(), name=f"{name}-create"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}-detail"),
        path(f"{prefix}/<int:pk>/edit/", form_view.as_view(), name=f"{name}-update"),
        path(f"{prefix}/<int:pk>/archive/", archive_view.as_view(), name=f"{name}-archive"),
    ]
