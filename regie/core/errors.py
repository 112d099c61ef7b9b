"""Error pages in the user's language; API paths get the API's JSON error format."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("regie.database")

DATABASE_ERRORS = (OperationalError, InterfaceError)  # connection refused, lost, closed: psycopg and sqlite3
RETRY_AFTER_SECONDS = 5


def _is_api(request):
    return request.path.startswith("/api/")


def forbidden(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"code": "permission_denied", "message": _("You do not have permission to do this.")}, status=403
        )
    return render(request, "errors/403.html", status=403)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"code": "not_found", "message": _("This record does not exist or is not visible to you.")},
            status=404,
        )
    return render(request, "errors/404.html", status=404)


def server_error(request):
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return database_unavailable(request, sys.exception())
    if _is_api(request):
        return JsonResponse({"code": "server_error", "message": _("An unexpected error occurred.")}, status=500)
    return render(request, "errors/500.html", status=500)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes: too many failed logins for this user name from this address (15 minutes)."""
    message = _("Too many failed log-in attempts. Wait 15 minutes and try again, or reset your password.")
    if _is_api(request):
        response = JsonResponse({"code": "throttled", "message": message}, status=429)
    else:
        response = render(request, "registration/locked_out.html", status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
    return response


def database_unavailable(request, exception):
    """503 + Retry-After while the database cannot be reached: one warning in the log, no traceback.

    The page is rendered without the request's context processors: they would query the database again.
    """
    logger.warning("Database unavailable for %s %s: %s", request.method, request.path, str(exception)[:200])
    if _is_api(request):
        response = JsonResponse(database_unavailable_body(), status=503)
    else:
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # logged above: Django would log it again as an error, with a traceback
    return response


def database_unavailable_body():
    return {
        "code": "service_unavailable",
        "message": _("The service is unavailable for a moment. Try again in a few seconds."),
    }
