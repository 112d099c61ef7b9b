"""Where a request comes from, when another module filed it (an inspection's observation…), shown on the request's
page without this app knowing those modules. A module registers a provider from its AppConfig.ready():

    register_origin(lambda request_obj, membership: Origin(label, text, url) or None)

Each provider answers with at most one query; none is called for a request nobody else filed.
"""

from dataclasses import dataclass

PROVIDERS = []


@dataclass(frozen=True)
class Origin:
    label: str  # "From the inspection observation"
    text: str  # what it was
    url: str = ""  # its page, when the member may see it


def register_origin(provider):
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def origins_of(request_obj, membership):
    """The origins the registered modules know of `request_obj`, for its page."""
    return [origin for provider in PROVIDERS if (origin := provider(request_obj, membership)) is not None]
