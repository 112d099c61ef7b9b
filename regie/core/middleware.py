import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone, translation

from . import tenancy
from .context import request_memo, reset_channel, set_channel

LOGIN_AT = "regie_login_at"
RENEWED_AT = "regie_renewed_at"


class SessionLifetimeMiddleware:
    """Ends a session `SESSION_ABSOLUTE_SECONDS` after login, however active, and renews its idle expiry.

    The idle expiry (`SESSION_COOKIE_AGE`) is pushed back when the session is saved. Saving it on every request
    (`SESSION_SAVE_EVERY_REQUEST`) would make every page view a database write; it is saved at most once per
    `SESSION_RENEW_SECONDS` instead, so a session ends between 30 min − 1 min and 30 min after the last activity.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            now = time.time()
            if started is None or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
            elif now - request.session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[RENEWED_AT] = now  # saved with a new expiry (and cookie) on the way out
        return self.get_response(request)


class APINotFoundMiddleware:
    """With DEBUG on, Django answers a URL no route matches with its HTML debug page: API clients get the
    API's JSON 404 instead, as in production (`handler404`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and request.path.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from .errors import not_found

            return not_found(request)
        return response


class TenantMiddleware:
    """Resolves the current organization and role of web requests (the API does it after token auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_channel("web")
        try:
            with request_memo():
                tenancy.resolve(request, request.user)
                use_account_language(request)
                use_organization_time_zone(request)
                return self.get_response(request)
        finally:
            timezone.deactivate()
            reset_channel(token)


def use_organization_time_zone(request):
    """Pages show times in the organization's time zone (stored in UTC): the timelines, lists and the audit log."""
    organization = getattr(request, "organization", None)
    if organization is not None and organization.timezone:
        try:
            timezone.activate(ZoneInfo(organization.timezone))
        except (ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()  # an unknown zone name: the settings' TIME_ZONE


def use_account_language(request):
    """A signed-in user without a language cookie (new browser) gets the language of their account."""
    user = request.user
    if user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
