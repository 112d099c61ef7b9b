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
