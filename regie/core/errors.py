"""Error pages in the user's language; API paths get the API's JSON error format."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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
    if _is_api(request):
        return JsonResponse({"code": "server_error", "message": _("An unexpected error occurred.")}, status=500)
    return render(request, "errors/500.html", status=500)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes: too many failed logins for this user name from this address (15 minutes)."""
    message = _("Too many failed log-in attempts. Wait 15 minutes and try again, or reset your password.")
    if _is_api(request):
        return JsonResponse({"code": "throttled", "message": message}, status=429)
    return render(request, "registration/locked_out.html", status=429)
