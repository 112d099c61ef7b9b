"""Until the TRACK helper's routes are merged, the report form's tests need `public:track` (the 303 target),
`public:map` and the Open311 helper's `open311:base`/`discovery` (the footer) to reverse: this adds stand-ins
for the names that do not exist yet, and removes them afterwards.
Once the real routes exist it adds nothing."""

import contextlib

from django.http import HttpResponse
from django.urls import NoReverseMatch, URLResolver, clear_url_caches, get_resolver, path, reverse

from regie.portal import public_urls
from regie.portal.open311 import urls as open311_urls


def _stand_in(request, **kwargs):
    return HttpResponse("tracking page stand-in")


STAND_INS = {  # name → (module's list, pattern, sample arguments)
    "public:track": (public_urls.site_patterns, path("r/<str:token>/", _stand_in, name="track"), ["x", "abc"]),
    "public:map": (public_urls.site_patterns, path("map/", _stand_in, name="map"), ["x"]),
    "open311:base": (open311_urls.urlpatterns, path("v2/", _stand_in, name="base"), []),
    "open311:discovery": (
        open311_urls.urlpatterns,
        path("discovery.<str:format>", _stand_in, name="discovery"),
        ["json"],
    ),
}


def _forget_reverse_tables(resolver=None):
    """The nested resolvers keep their reverse tables: a pattern appended later must be seen."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _forget_reverse_tables(pattern)
    resolver._reverse_dict.clear()
    resolver._namespace_dict.clear()
    resolver._app_dict.clear()
    resolver._populated = False


@contextlib.contextmanager
def track_routes_until_merged():
    added = []
    for name, (patterns, pattern, args) in STAND_INS.items():
        try:
            reverse(name, args=args)
        except NoReverseMatch:
            patterns.append(pattern)
            added.append((patterns, pattern))
    _forget_reverse_tables()
    clear_url_caches()
    try:
        yield
    finally:
        for patterns, pattern in added:
            patterns.remove(pattern)
        _forget_reverse_tables()
        clear_url_caches()
