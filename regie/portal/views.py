"""The staff's pages of the portal: the triage queue, a report's page with its triage forms, the service
catalogue with its extra questions, the portal's settings. Thin declarations over core.views; the rules are in
services.triage, services.catalogue and selectors."""

from types import SimpleNamespace

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from regie.core import audit
from regie.core.services import record_services
from regie.core.views import (
    Column,
    RecordArchiveView,
    RecordListView,
    RecordObjectMixin,
    ServiceFormView,
    TenantViewMixin,
    record_views,
)

from . import forms, selectors
from .filters import ReportFilter
from .models import CategoryQuestion, PortalSettings, Report, ServiceCategory, Triage
from .services import catalogue, triage
from .services.answers import answer_lines


class ReportListView(RecordListView):
    model = Report
    permission_action = "report.view"
    template_name = "portal/staff/report_list.html"
    partial_template_name = "portal/staff/_report_table.html"
    title = gettext_lazy("Residents' reports")
    filterset_class = ReportFilter
    default_sort = "-created_at"
    columns = [
        Column("number", gettext_lazy("Number"), sort="number", link=True),
        Column("category", gettext_lazy("Service")),
        Column("address", gettext_lazy("Place")),
        Column("status", gettext_lazy("Public status"), sort="status"),
        Column("triage", gettext_lazy("Triage")),
        Column("created_at", gettext_lazy("Received on"), sort="created_at"),
    ]
    search_fields = ["number", "address"]
    detail_url_name = "portal:report-detail"

    def base_queryset(self):
        return selectors.report_list(self.organization)


class ReportMixin(TenantViewMixin):
    model = Report
    permission_action = "report.view"

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = selectors.report_detail(self.organization, self.kwargs["pk"])
            except (Report.DoesNotExist, ValueError):
                raise Http404 from None
        return self._object

    def detail_url(self):
        return reverse("portal:report-detail", args=[self.get_object().pk])


class ReportDetailView(ReportMixin, TemplateView):
    template_name = "portal/staff/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, org = self.get_object(), self.organization
        has_point = report.latitude is not None
        place = SimpleNamespace(latitude=report.latitude, longitude=report.longitude, geometry=None, name=report.number)
        may_triage = self.can("report.triage") and report.organization_id == org.pk
        events = audit.with_change_lines(list(audit.timeline(report, org)[:50]))
        context.update(
            object=report,
            title=str(report),
            answers=answer_lines(report.category, report.answers, list(report.category.questions.all())),
            place=place if has_point else None,
            personal=selectors.may_see_personal(self.request.membership),
            duplicates=selectors.duplicates_of(report),
            updates=list(report.updates.all()),
            timeline=events,
            may_triage=may_triage,
            to_triage=report.triage == Triage.NEW,
            may_see_request=self.can("request.view"),
        )
        if may_triage:
            context.update(
                convert_form=kwargs.get("convert_form") or forms.ConvertForm(organization=org, report=report),
                merge_form=kwargs.get("merge_form")
                or forms.MergeForm(organization=org, choices=selectors.merge_targets(report)),
                reject_form=kwargs.get("reject_form") or forms.RejectForm(),
                update_form=kwargs.get("update_form") or forms.PublicUpdateForm(),
            )
        return context


class TriageStepView(ServiceFormView, ReportDetailView):
    """POST one triage step from the report's page; refused, the page again with the form's errors."""

    permission_action = "report.triage"
    template_name = "portal/staff/report_detail.html"
    http_method_names = ["post"]
    form_name = ""
    message = ""

    def form_context(self, form):
        return {self.form_name: form}

    def success_url(self, result):
        return self.detail_url()

    def success_message(self, result):
        return self.message


class ConvertView(TriageStepView):
    form_name = "convert_form"
    fragment = "portal/staff/report_detail.html#convert"
    message = gettext_lazy("Report turned into a request.")

    def get_form(self, data=None, files=None):
        return forms.ConvertForm(data, organization=self.organization)

    def perform(self, form):
        return triage.convert_to_request(self.get_object(), by=self.request.user, **form.cleaned_data)

    def success_message(self, result):
        return _("Report turned into request %(number)s.") % {"number": result.request.number}


class MergeView(TriageStepView):
    form_name = "merge_form"
    fragment = "portal/staff/report_detail.html#merge"
    message = gettext_lazy("Report merged.")

    def get_form(self, data=None, files=None):
        return forms.MergeForm(data, organization=self.organization)

    def perform(self, form):
        return triage.merge(self.get_object(), by=self.request.user, into=form.cleaned_data["into"])


class RejectView(TriageStepView):
    form_name = "reject_form"
    fragment = "portal/staff/report_detail.html#reject"
    message = gettext_lazy("Report rejected; the resident reads the reason.")

    def get_form(self, data=None, files=None):
        return forms.RejectForm(data)

    def perform(self, form):
        return triage.reject(self.get_object(), by=self.request.user, **form.cleaned_data)


class PublicUpdateView(TriageStepView):
    form_name = "update_form"
    fragment = "portal/staff/report_detail.html#update"
    message = gettext_lazy("Public update posted.")

    def get_form(self, data=None, files=None):
        return forms.PublicUpdateForm(data)

    def perform(self, form):
        return triage.post_public_update(self.get_object(), by=self.request.user, **form.cleaned_data)


_create, _update = record_services(ServiceCategory, "servicecategory")
_service_list, _service_detail, _service_form, _service_archive = record_views(
    ServiceCategory,
    "servicecategory",
    form=forms.ServiceCategoryForm,
    create=_create,
    update=_update,
    columns=[
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("group", gettext_lazy("Group"), sort="group"),
        Column("request_category", gettext_lazy("Category of the request")),
    ],
    fields=[
        "code",
        "name",
        "group",
        "description",
        "keywords",
        "request_category",
        "asset_types",
        "serves_members",
        "position",
    ],
    search=["code", "name", "group"],
    default_sort="position",
    select_related=("request_category",),
    namespace="portal",
)


class ServiceDetailView(_service_detail):
    """A service's page, with its extra questions and, for who manages the catalogue, their editor's links."""

    template_name = "portal/staff/service_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = list(self.get_object().questions.all())
        context["questions"] = [q for q in questions if q.archived_at is None]
        context["archived_questions"] = [q for q in questions if q.archived_at is not None]
        return context


SERVICE_VIEWS = (_service_list, ServiceDetailView, _service_form, _service_archive)


class QuestionFormMixin(RecordObjectMixin, ServiceFormView):
    """Add (the URL names the service) or change (the URL names the question) an extra question."""

    permission_action = "servicecategory.manage"
    template_name = "core/form.html"
    fragment = "core/form.html#form"
    owned_only = True

    def service(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def success_url(self, result):
        return reverse("portal:servicecategory-detail", args=[self.service().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.success_url(None)
        return context


class QuestionCreateView(QuestionFormMixin):
    model = ServiceCategory

    def service(self):
        return self.get_object()

    def get_form(self, data=None, files=None):
        return forms.QuestionForm(data, organization=self.organization, service=self.service())

    def perform(self, form):
        return catalogue.add_question(by=self.request.user, service=self.service(), data=form.split()[0])

    def success_message(self, result):
        return _("Question added.")

    def get_context_data(self, **kwargs):
        title = _("New question of %(service)s") % {"service": self.service()}
        return {**super().get_context_data(**kwargs), "title": title}


class QuestionUpdateView(QuestionFormMixin):
    model = CategoryQuestion

    def service(self):
        return self.get_object().category

    def get_form(self, data=None, files=None):
        question = self.get_object()
        return forms.QuestionForm(data, instance=question, organization=self.organization, service=question.category)

    def perform(self, form):
        return catalogue.change_question(self.get_object(), by=self.request.user, data=form.split()[0],
                                         expected_updated_at=form.cleaned_data.get("version"))  # fmt: skip

    def success_message(self, result):
        return _("Changes saved.")

    def get_context_data(self, **kwargs):
        title = _("Edit %(record)s") % {"record": self.get_object()}
        return {**super().get_context_data(**kwargs), "title": title, "object": self.get_object()}


class QuestionArchiveView(RecordArchiveView):
    model = CategoryQuestion
    permission_action = "servicecategory.manage"

    def archive(self, obj, reason):
        return catalogue.archive_question(obj, by=self.request.user, reason=reason)

    def perform(self, form):
        if self.restoring():
            return catalogue.restore_question(self.get_object(), by=self.request.user)
        return super().perform(form)

    def success_message(self, result):
        return _("Question restored.") if self.restoring() else super().success_message(result)

    def failure_url(self):
        return reverse("portal:servicecategory-detail", args=[self.get_object().category_id])


class PortalSettingsView(TenantViewMixin, ServiceFormView):
    """The organization's portal settings (administrators): open or not, own host name, delays, rate limits."""

    model = PortalSettings
    permission_action = "portalsettings.manage"
    template_name = "core/form.html"
    fragment = "core/form.html#form"

    def get_form(self, data=None, files=None):
        instance = PortalSettings.for_org(self.organization)
        return forms.PortalSettingsForm(data, instance=instance, organization=self.organization)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def perform(self, form):
        return catalogue.update_portal_settings(by=self.request.user, organization=self.organization,
                                                data=form.cleaned_data)  # fmt: skip

    def success_url(self, result):
        return reverse("portal:settings")

    def success_message(self, result):
        return _("Portal settings saved.")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Portal settings")}
