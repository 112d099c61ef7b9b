"""The URLs of a request that came on an organization's own host name (`middleware.PortalHostMiddleware`):
the residents' site at the root (`https://signalement.ville.fr/report/`), then everything else of the instance
(static files, /open311/, the language switch, the error pages' links) as on the main host.

The site's patterns are the same as under /p/<slug>/: their `organization` argument is matched by an empty
converter here (reversing `public:report` with the slug gives `/report/`), and the middleware names the
organization the host belongs to."""

from django.urls import include, path, register_converter

from regie import urls as main

from .public_urls import site_patterns


class HostOrganization:
    """Matches nothing in the path: the host name says which organization (filled in by the middleware)."""

    regex = ""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return ""


register_converter(HostOrganization, "hostorganization")

# First, so that `public:…` reverses to the root on this host (the /p/<slug>/ copy in `main` comes later).
urlpatterns = [path("<hostorganization:organization>", include((site_patterns, "public"))), *main.urlpatterns]

handler403 = main.handler403
handler404 = main.handler404
handler500 = main.handler500
