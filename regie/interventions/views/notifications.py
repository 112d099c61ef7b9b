"""The notification centre (the header's badge is `context_processors.notifications`)."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from regie.core.pagination import page_of_request
from regie.core.views import ServiceFormView

from .. import forms, selectors, services
from ..models import Notification
from .base import PageView


class NotificationListView(PageView):
    permission_action = "notification.view"
    template_name = "interventions/notifications.html"
    page_size = 30

    def get_context_data(self, preference_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        notifications = selectors.notifications_of(self.request.user, self.organization)
        page = page_of_request(notifications, self.request, self.page_size)
        preference_form = preference_form or forms.EmailPreferenceForm(
            initial={"email_notifications": self.request.user.email_notifications}
        )
        context.update(title=_("Notifications"), page=page, preference_form=preference_form)
        return context


class NotificationPreferenceView(ServiceFormView, NotificationListView):
    """POST: how the user wants notification e-mails (a bad choice re-renders the centre with the error, 400)."""

    http_method_names = ["post"]
    form_class = forms.EmailPreferenceForm
    fragment = "interventions/notifications.html#preferences"

    def perform(self, form):
        value = form.cleaned_data["email_notifications"]
        return services.set_email_preference(by=self.request.user, value=value)

    def success_message(self, result):
        return _("Your choice of notification e-mails is saved.")

    def success_url(self, result):
        return reverse("interventions:notification-list")

    def form_context(self, form):
        return {"preference_form": form}


class NotificationReadView(PageView):
    """POST: mark one of your notifications as read; with `open=1`, go on to what it is about."""

    model = Notification
    permission_action = "notification.view"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        notification = selectors.notifications_of(request.user, self.organization).filter(pk=kwargs["pk"]).first()
        if notification is None:
            raise Http404
        services.mark_read(notification, by=request.user)
        target = notification.url
        if request.POST.get("open") == "1" and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return self.redirect(target)
        return self.redirect(reverse("interventions:notification-list"))


class NotificationReadAllView(PageView):
    permission_action = "notification.view"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = services.mark_all_read(by=request.user, organization=self.organization)
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return self.redirect(reverse("interventions:notification-list"))
