from django.conf import settings

from .navigation import menu_for


def shell(request):
    membership = getattr(request, "membership", None)
    return {
        "current_organization": getattr(request, "organization", None),
        "current_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "menu": menu_for(membership),
        "LANGUAGES": settings.LANGUAGES,
    }
