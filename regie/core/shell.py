"""The application shell: home page, organization switcher, language switcher, audit and sharing lists."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from . import audit, tenancy
from .models import AuditEvent, Share
from .navigation import home_figures, home_sections
from .permissions import membership_can
from .views import Column, RecordListView, TenantViewMixin, redirect_to


class HomeView(TenantViewMixin, TemplateView):
    template_name = "core/home.html"
    permission_action = "dashboard.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Modules give their figures, their blocks for this member and say what waits for them (an app config's
        # `home_figures`, `home_sections(request)`, `home_queue(request)`): core knows none of them. The
        # organization-wide figures are for its staff (`dashboard.figures`): a contractor sees their own work.
        membership = self.request.membership
        context["figures"] = home_figures(self.organization) if membership_can(membership, "dashboard.figures") else []
        context["sections"] = home_sections(self.request)
        context["queue"] = [
            line
            for config in apps.get_app_configs()
            if hasattr(config, "home_queue")
            for line in config.home_queue(self.request)
        ]
        return context


class SwitchOrganizationView(View):
    """POST: make another of the user's organizations the current one. Acts only on the user's own memberships."""

    http_method_names = ["post"]
    tenant_exempt_reason = "switches among the user's own memberships"

    def post(self, request):
        if not tenancy.switch(request, request.POST.get("organization", "")):
            messages.error(request, _("You are not a member of this organization."))
        return redirect_to(request, reverse("home"))


def safe_next(request, fallback="/"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return fallback
    return target


@login_not_required
@require_POST
def set_language(request):
    """Switch the interface language (cookie; and the user's preference when signed in)."""
    code = request.POST.get("language", "")
    response = redirect_to(request, safe_next(request))
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 86400,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        if request.user.is_authenticated and request.user.language != code:
            request.user.language = code
            request.user.save(update_fields=["language"])
    return response


class AuditEventListView(RecordListView):
    """The organization's audit log: when (in the organization's time zone, as on the timelines), who, what, the
    record (linked to its page) and its old → new values. Audit events are never archived: no such filter."""

    model = AuditEvent
    permission_action = "audit.view"
    title = gettext_lazy("Audit trail")
    template_name = "core/audit_list.html"
    partial_template_name = "core/_audit_table.html"
    default_sort = "-at"
    columns = [
        Column("at", gettext_lazy("When"), sort="at"),
        Column("actor", gettext_lazy("By")),
        Column("action", gettext_lazy("Action"), attr="action"),
        Column("object_repr", gettext_lazy("Record")),
        Column("changes", gettext_lazy("Changes")),
        Column("channel", gettext_lazy("Channel"), attr="channel"),
    ]
    search_fields = ["object_repr", "reason"]
    select_related = ("actor", "content_type")
    query_parameters = ("action", "channel")

    def get_queryset(self):
        qs = AuditEvent.objects.for_org(self.organization).select_related(*self.select_related)
        query = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL
        if query:
            qs = qs.filter(object_repr__icontains=query)
        if self.request.GET.get("action") in dict(self.actions()):
            qs = qs.filter(action=self.request.GET["action"])
        if self.request.GET.get("channel") in AuditEvent.Channel.values:
            qs = qs.filter(channel=self.request.GET["channel"])
        return qs.order_by(*self.sort_order())

    @staticmethod
    def actions():
        """The actions the log holds: sign-ins are not audit events of an organization."""
        return [(value, label) for value, label in AuditEvent.Action.choices if value != AuditEvent.Action.LOGIN]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(actions=self.actions(), channels=AuditEvent.Channel.choices)
        for event in context["page"].rows:
            event.record_url, event.change_lines = audit.record_url(event), audit.change_lines(event)
        return context


class ShareListView(RecordListView):
    model = Share
    permission_action = "share.view"
    title = gettext_lazy("Shared resources")
    default_sort = "-created"
    columns = [
        Column("content_type", gettext_lazy("Type")),
        Column("resource", gettext_lazy("Resource")),
        Column("organization", gettext_lazy("Owner")),
        Column("target", gettext_lazy("Shared with")),
        Column("rights", gettext_lazy("Rights")),
        Column("recharge_rate", gettext_lazy("Recharged (%)")),
        Column("created_at", gettext_lazy("Since"), sort="created_at"),
    ]

    def base_queryset(self):
        from django.db.models import Q

        org = self.organization
        return Share.objects.filter(Q(organization=org) | Q(target=org)).select_related(
            "organization", "target", "content_type"
        )

    def sort_order(self):
        return ["-created_at", "-pk"]
