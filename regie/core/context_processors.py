import functools

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from .navigation import request_menu, request_menu_html


def shell(request):
    membership = getattr(request, "membership", None)
    return {
        "current_organization": getattr(request, "organization", None),
        "current_membership": membership,
        "memberships": getattr(request, "memberships", []),
        # the member's menu, computed once per request when the page asks for it (`navigation.request_menu`),
        # and the sidebar's HTML, rendered once per language, menu and current entry (`navigation.menu_html`)
        "menu": functools.partial(request_menu, request),
        "menu_html": functools.partial(request_menu_html, request),
        "LANGUAGES": settings.LANGUAGES,
        "LANGUAGE_OPTIONS": language_options(),
    }


@functools.cache
def language_options():
    """[(code, the language's name in itself)] for the language switcher (« Français », « Deutsch »): the same
    for every page, computed once (switching the active language per option on each page cost a millisecond)."""
    return [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]
