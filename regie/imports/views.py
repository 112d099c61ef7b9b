"""Import pages: the jobs, upload → columns → dry run report → import. Thin: the rules are in services."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from regie.core.access import get_for_org
from regie.core.exceptions import DomainError, NotFound
from regie.core.views import Column, RecordListView, ServiceFormView, TenantViewMixin, redirect_to

from . import registry, services
from .forms import MappingForm, UploadForm
from .models import ImportJob


class ImportJobListView(RecordListView):
    model = ImportJob
    permission_action = "import.view"
    manage_action = "import.manage"
    create_url_name = "imports:job-create"
    detail_url_name = "imports:job-detail"
    title = gettext_lazy("Imports")
    default_sort = "-created_at"
    select_related = ("created_by",)
    search_fields = ["original_name"]
    columns = [
        Column("original_name", gettext_lazy("File"), link=True),
        Column("target_label", gettext_lazy("Data imported")),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("total_rows", gettext_lazy("Rows")),
        Column("created_by", gettext_lazy("By")),
        Column("created_at", gettext_lazy("Uploaded on"), sort="created_at"),
    ]


class ImportPageView(TenantViewMixin, TemplateView):
    model = ImportJob
    http_method_names = ["get", "post"]
    needs_target = True  # a job whose target is no longer registered can be read, not continued

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                job = get_for_org(ImportJob, self.organization, self.kwargs["pk"], owned=True)
            except NotFound:
                raise Http404 from None
            if self.needs_target and job.target not in registry.TARGETS:
                raise Http404
            self._object = job
        return self._object

    def render_page(self, status=200, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs), status=status)


class ImportUploadView(ServiceFormView, ImportPageView):
    permission_action = "import.manage"
    template_name = "imports/upload.html"

    def get_form(self, data=None, files=None, initial=None):
        return UploadForm(data, files, role=self.request.membership.role, initial=initial)

    def get(self, request, *args, **kwargs):
        return self.render_page(form=self.get_form(initial={"target": request.GET.get("target", "")}))

    def perform(self, form):
        return services.upload(
            by=self.request.user,
            organization=self.organization,
            target=form.cleaned_data["target"],
            file=form.cleaned_data["file"],
        )

    def success_url(self, result):
        return reverse("imports:job-mapping", args=[result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New import")
        return context


class ImportMappingView(ServiceFormView, ImportPageView):
    """Which column holds which field; saving runs the dry run."""

    permission_action = "import.manage"
    template_name = "imports/mapping.html"

    def get_form(self, data=None, files=None):
        job = self.get_object()
        target = registry.get_target(job.target)
        initial = {name: "" if i is None else str(i) for name, i in services.suggested_mapping(job).items()}
        if job.mapping:
            initial.update({name: str(i) for name, i in job.mapping.items()})
        initial.update({f"option_{name}": value for name, value in services.suggested_options(job).items()})
        return MappingForm(data, job=job, target=target, initial=initial)

    def get(self, request, *args, **kwargs):
        return self.render_page(form=self.get_form())

    def perform(self, form):
        job = services.save_mapping(
            self.get_object(), by=self.request.user, mapping=form.mapping(), options=form.options()
        )
        services.start(job, by=self.request.user, commit=False)
        return job

    def success_url(self, result):
        return reverse("imports:job-detail", args=[result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_object()
        target = registry.get_target(job.target)
        context.update(
            job=job,
            target=target,
            natural_key_label=target.field(target.natural_key).label,
            from_saved=not job.mapping and services.saved_mapping(job) is not None,
            title=_("Columns of %(file)s") % {"file": job},
        )
        return context


class ImportJobDetailView(ImportPageView):
    """The job: its status, progress while it runs (the status block polls itself), the dry run report."""

    permission_action = "import.view"
    http_method_names = ["get"]
    needs_target = False
    template_name = "imports/job_detail.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["imports/_job_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_object()
        done = services.progress_of(job)
        context.update(
            job=job,
            target=registry.TARGETS.get(job.target),
            title=str(job),
            progress=done,
            percent=int(100 * done / job.total_rows) if job.total_rows else 100,
            can_manage=self.can("import.manage"),
        )
        return context


class ImportFileView(ImportPageView):
    """The source file as it was uploaded (kept with the job: what was imported, and by whom, stays checkable)."""

    permission_action = "import.view"
    http_method_names = ["get"]
    needs_target = False

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            handle = job.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        xlsx = job.file.name.endswith(".xlsx")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if xlsx else "text/csv"
        response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=job.original_name)
        response["Cache-Control"] = "private, no-store"
        return response


class ImportCommitView(ImportPageView):
    """POST: write the rows (the dry run found no error)."""

    permission_action = "import.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            job = services.start(job, by=request.user, commit=True)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            if job.status == ImportJob.Status.COMMITTED:
                messages.success(
                    request,
                    _("Imported: %(created)s created, %(updated)s updated.")
                    % {"created": job.created_count, "updated": job.updated_count},
                )
            elif job.status == ImportJob.Status.FAILED:
                messages.error(request, _("Nothing was imported: the data changed since the dry run. See the report."))
        return redirect_to(request, reverse("imports:job-detail", args=[job.pk]))
