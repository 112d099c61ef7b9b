"""The staff's pages of the Open311 application keys: list, key page, create (the clear key shown once, on the
answer to the creation; never stored, never shown again), revoke (with confirmation; refused at once)."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core.views import (
    Column,
    RecordDetailView,
    RecordListView,
    RecordObjectMixin,
    ServiceFormView,
    TenantViewMixin,
)

from .keys_forms import ApplicationKeyForm, RevokeForm
from .models import ApplicationKey
from .public.context import open311_base_url
from .services import keys


class ApplicationKeyListView(RecordListView):
    model = ApplicationKey
    permission_action = "applicationkey.view"
    manage_action = "applicationkey.manage"
    title = gettext_lazy("Open311 application keys")
    columns = [
        Column("name", gettext_lazy("Application"), sort="name", link=True),
        Column("prefix", gettext_lazy("Key starts with")),
        Column("requests_per_hour", gettext_lazy("Reports an hour at most"), sort="requests_per_hour"),
        Column("last_used_at", gettext_lazy("Last used at"), sort="last_used_at"),
        Column("revoked_at", gettext_lazy("Revoked at"), sort="revoked_at"),
    ]
    search_fields = ["name", "prefix", "contact_email"]
    create_url_name = "portal:applicationkey-create"
    detail_url_name = "portal:applicationkey-detail"


class ApplicationKeyDetailView(RecordDetailView):
    model = ApplicationKey
    permission_action = "applicationkey.view"
    template_name = "portal/keys/detail.html"
    fields = ["name", "contact_email", "prefix", "requests_per_hour", "last_used_at", "revoked_at", "revoked_by"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        context["may_revoke"] = (
            obj.is_active and obj.organization_id == self.organization.pk and self.can("applicationkey.manage")
        )
        context["open311_base_url"] = open311_base_url(self.request)
        return context


class ApplicationKeyCreateView(TenantViewMixin, ServiceFormView):
    permission_action = "applicationkey.manage"
    template_name = "core/form.html"
    fragment = "core/form.html#form"
    form_class = ApplicationKeyForm

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("New application key"), cancel_url=reverse("portal:applicationkey-list"))
        return context

    def perform(self, form):
        data = form.cleaned_data
        return keys.create_key(
            by=self.request.user,
            organization=self.organization,
            name=data["name"],
            contact_email=data["contact_email"],
            requests_per_hour=data["requests_per_hour"],
        )

    def succeeded(self, result):
        """The one time the clear key is shown: on this answer itself (not stored in a session, not cached)."""
        key, clear = result
        context = {"object": key, "clear_key": clear, "open311_base_url": open311_base_url(self.request)}
        response = TemplateResponse(self.request, "portal/keys/created.html", context)
        response["Cache-Control"] = "no-store"
        return response


class ApplicationKeyRevokeView(RecordObjectMixin, ServiceFormView):
    model = ApplicationKey
    permission_action = "applicationkey.manage"
    owned_only = True
    template_name = "portal/keys/revoke.html"
    fragment = "portal/keys/revoke.html#form"
    form_class = RevokeForm
    errors_on_page = False

    def get(self, request, *args, **kwargs):
        if not self.get_object().is_active:
            return redirect(self.success_url(self.get_object()))
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.get_object(), cancel_url=self.success_url(self.get_object()))
        return context

    def perform(self, form):
        return keys.revoke_key(self.get_object(), by=self.request.user, reason=form.cleaned_data["reason"])

    def success_message(self, result):
        return _("The key is revoked: the application's reports are refused from now on.")

    def success_url(self, result):
        return reverse("portal:applicationkey-detail", args=[result.pk])

    def failure_url(self):
        return self.success_url(self.get_object())
