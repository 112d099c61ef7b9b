import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils import translation

from . import tenancy
from .context import reset_channel, set_channel

LOGIN_AT = "regie_login_at"


class SessionLifetimeMiddleware:
    """Ends a session `SESSION_ABSOLUTE_SECONDS` after login, however active (idle expiry is Django's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)


class TenantMiddleware:
    """Resolves the current organization and role of web requests (the API does it after token auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_channel("web")
        try:
            tenancy.resolve(request, request.user)
            use_account_language(request)
            return self.get_response(request)
        finally:
            reset_channel(token)


def use_account_language(request):
    """A signed-in user without a language cookie (new browser) gets the language of their account."""
    user = request.user
    if user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
