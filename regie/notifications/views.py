"""The notification centre: filters (unread, kind, record type), grouping by record, marking as read.

The header's badge is `context_processors.notifications`; the same filters serve `/api/v1/notifications/`.
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import RedirectView, TemplateView

from regie.core.pagination import page_of_request
from regie.core.services import set_email_preference
from regie.core.views import ServiceFormView, TenantViewMixin, redirect_to

from . import kinds, selectors, services
from .filters import NotificationFilter
from .forms import EmailPreferenceForm
from .models import Notification

GROUPED, FLAT = "record", "list"
BACK_PARAMS = ("unread", "kind", "record_type", "record", "view", "page")


@dataclass
class Group:
    """The notifications about one record, for the page: the newest shown, the next ones behind "Show"."""

    label: str
    record_type: str  # "app_label.model", "" for notifications without a record
    record_type_label: str
    record: int | None
    count: int
    unread: int
    notifications: list

    @property
    def newest(self):
        return self.notifications[0]

    @property
    def earlier(self):
        return self.notifications[1:]

    @property
    def more(self):
        """How many are not in the page (one link away: the record's own list)."""
        return self.count - len(self.notifications)


def groups_for_page(queryset, rows):
    previews = selectors.group_previews(queryset, rows)
    groups = []
    for row in rows:
        model = ContentType.objects.get_for_id(row["content_type"]).model_class() if row["content_type"] else None
        groups.append(
            Group(
                label=row["label"] or _("Other notifications"),
                record_type=kinds.record_type_key(model) if model else "",
                record_type_label=str(model._meta.verbose_name) if model else "",
                record=row["object_id"],
                count=row["count"],
                unread=row["unread"],
                notifications=previews.get((row["content_type"], row["object_id"]), []),
            )
        )
    return groups


class CentreMixin(TenantViewMixin):
    permission_action = "notification.view"

    def centre_url(self, data):
        """The centre as the user left it (`back`: its query string, re-encoded, kept to the centre's own filters)."""
        kept = [(name, value) for name, value in parse_qsl(data.get("back", "")) if name in BACK_PARAMS]
        return reverse("notifications:list") + (f"?{urlencode(kept)}" if kept else "")


class NotificationListView(CentreMixin, TemplateView):
    template_name = "notifications/centre.html"
    page_size = 30

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["notifications/_results.html"]
        return [self.template_name]

    def get_context_data(self, preference_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = selectors.notifications_of(self.request.user, self.organization)
        filterset = NotificationFilter(self.request.GET, queryset=mine)
        notifications = filterset.qs if filterset.is_valid() else mine
        values = filterset.clean_values() if filterset.is_valid() else {}
        grouped = self.request.GET.get("view", GROUPED) != FLAT and values.get("record") is None
        if grouped:
            page = page_of_request(selectors.groups_of(notifications), self.request, self.page_size)
            page.rows = groups_for_page(notifications, page.rows)
        else:
            page = page_of_request(notifications, self.request, self.page_size)
        preference_form = preference_form or EmailPreferenceForm(
            initial={"email_notifications": self.request.user.email_notifications}
        )
        context.update(
            title=_("Notifications"),
            page=page,
            grouped=grouped,
            filter_form=filterset.form,
            filtered=any(value not in (None, "") for value in values.values()),
            preference_form=preference_form,
        )
        return context

    def render_page(self, status=200, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs), status=status)


class NotificationPreferenceView(ServiceFormView, NotificationListView):
    """POST: how the user wants notification e-mails (a bad choice re-renders the centre with the error, 400;
    for htmx, the preference form alone, 422)."""

    http_method_names = ["post"]
    form_class = EmailPreferenceForm
    fragment = "notifications/centre.html#preferences"

    def get_template_names(self):
        return [self.template_name]

    def perform(self, form):
        return set_email_preference(by=self.request.user, value=form.cleaned_data["email_notifications"])

    def success_message(self, result):
        return _("Your choice of notification e-mails is saved.")

    def success_url(self, result):
        return reverse("notifications:list")

    def form_context(self, form):
        return {"preference_form": form}


class NotificationReadView(CentreMixin, TemplateView):
    """POST: mark one of your notifications as read; with `open=1`, go on to what it is about."""

    model = Notification
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        notification = selectors.notifications_of(request.user, self.organization).filter(pk=kwargs["pk"]).first()
        if notification is None:
            raise Http404
        services.mark_read(notification, by=request.user)
        target = notification.url
        if request.POST.get("open") == "1" and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return HttpResponseRedirect(target)
        return redirect_to(request, self.centre_url(request.POST))


class NotificationReadAllView(CentreMixin, TemplateView):
    """POST: mark as read all your unread notifications here, or those of the filters posted (a kind, a record)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        filterset = NotificationFilter(request.POST, queryset=Notification.objects.none())
        if not filterset.is_valid():
            messages.error(request, _("These notifications cannot be found."))
            return redirect_to(request, self.centre_url(request.POST))
        values = filterset.clean_values()
        values.pop("unread")
        count = services.mark_all_read(by=request.user, organization=self.organization, **values)
        if count:
            messages.success(request, _("Notifications marked as read: %(count)d.") % {"count": count})
        return redirect_to(request, self.centre_url(request.POST))


class LegacyCentreView(CentreMixin, RedirectView):
    """The centre's former address (/interventions/notifications/), kept for bookmarks and e-mails sent."""

    permanent = False  # a 302: the security walk accepts it, and no browser keeps it for ever
    http_method_names = ["get", "head"]  # an old bookmark is read; a POST to the old address is not followed
    pattern_name = "notifications:list"
    query_string = True
