"""The navigation menu and the home figures, assembled from what each app's `AppConfig` contributes.

An app declares `menu = [MenuSection(...)]` and may define `home_figures(organization) -> [Figure]`; sections
with the same key from several apps are merged (core, people and imports all fill "Administration", each with
`administration(...)`). An entry shows only to roles the permission matrix allows its action for. Core names
no app.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .permissions import can


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    action: str
    weight: int = 50  # lower first within its section


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: str
    weight: int  # lower first
    entries: tuple[MenuEntry, ...]


def administration(*entries):
    """The platform's Administration section with `entries`: core fills it, and any app may add to it."""
    return MenuSection("administration", _("Administration"), 90, entries)


@dataclass(frozen=True)
class Figure:
    key: str  # the figure's data-figure attribute (tests and scripts read it)
    label: str
    value: int
    weight: int = 50


QUEUE_LIMIT = 1000  # a home queue count stops there: "1000+"


@dataclass
class QueueLine:
    """A line of the home page's "waiting for you" (`home_queue`, core/home.html): a count bounded at
    `QUEUE_LIMIT`, and a `url` (each app's subclass says how) to the list filtered as counted."""

    key: str
    label: str
    count: int

    @property
    def more(self):
        """The count stopped at the limit: "1000+"."""
        return self.count > QUEUE_LIMIT

    @property
    def shown(self):
        return min(self.count, QUEUE_LIMIT)


def contributed(attribute):
    """The values of `attribute` on every installed app config that has it, in INSTALLED_APPS order."""
    return [getattr(config, attribute) for config in apps.get_app_configs() if hasattr(config, attribute)]


def contributed_calls(method):
    """What every app config that has `method` returns when called (API routes, URL patterns)."""
    return [value() for value in contributed(method)]


def menu():
    sections: dict[str, MenuSection] = {}
    for contribution in contributed("menu"):
        for section in contribution:
            known = sections.get(section.key)
            if known:
                weight, entries = min(known.weight, section.weight), known.entries + section.entries
                section = MenuSection(section.key, known.label, weight, entries)
            sections[section.key] = section
    return sorted(sections.values(), key=lambda section: section.weight)


def menu_for(membership):
    """[(section label, [(entry label, href)])] the member's role may open, in weight order."""
    if membership is None:
        return []
    prefix, urlconf = get_script_prefix(), get_urlconf()
    result = []
    for section in menu():
        entries = sorted(section.entries, key=lambda entry: entry.weight)
        visible = [
            (entry.label, menu_href(entry.url_name, prefix, urlconf))
            for entry in entries
            if can(membership.role, entry.action)
        ]
        if visible:
            result.append((section.label, visible))
    return result


class RoleMenu:
    """What `menu_for` reads of a membership: its role (the menu depends on nothing else)."""

    def __init__(self, role):
        self.role = role


def request_menu(request):
    """The menu of the request's member (`menu_for`), computed once per request: the layout asks whether there is
    one and the sidebar (`request_menu_html`) lists it."""
    try:
        return request._regie_menu
    except AttributeError:
        request._regie_menu = menu_for(getattr(request, "membership", None))
        return request._regie_menu


def request_menu_html(request):
    """The sidebar of the request's page (`menu_html`), from the request's menu (`request_menu`)."""
    membership = getattr(request, "membership", None)
    return menu_html(membership.role if membership else None, request.path, entries=request_menu(request))


def menu_html(role, path, entries=None):
    """The sidebar's HTML for a member of `role` on the page at `path` ("" without a role): its entries are the
    role's (`menu_for`, or `entries` when the caller has them), the current one is the entry whose link starts like
    the path (its first 20 characters; the home link on "/" only). Rendered once per language, list of entries
    and current entry, then reused: every signed-in page shows it, and its thirty links cost a millisecond to
    render each time."""
    if role is None:
        return ""
    if entries is None:
        entries = menu_for(RoleMenu(role))
    current = tuple(
        href for _section, items in entries for _label, href in items if href != "/" and path[:20] == href[:20]
    )
    # the entries as the template shows them, in the active language: the cache's key (a role's entries differ
    # with the script prefix and the URLconf, which their links carry)
    shown = tuple((str(label), tuple((str(name), href) for name, href in items)) for label, items in entries)
    return _rendered_menu(get_language(), shown, current, path == "/")


@functools.lru_cache(maxsize=2048)
def _rendered_menu(language, entries, current, home):
    sections = [(label, [(name, href, href in current) for name, href in items]) for label, items in entries]
    return render_to_string("components/menu.html", {"sections": sections, "home": home})


@functools.lru_cache(maxsize=512)
def menu_href(url_name, prefix, urlconf):
    """The menu's link to `url_name`, reversed once per script prefix and URLconf (every page shows the menu:
    reversing its thirty links on each one cost a millisecond); "" if it names no route, as `{% url … as %}` did."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class HomeSection:
    """A block of the home page an app gives a member (its AppConfig's `home_sections(request)`): a template
    rendered with `section` (this object: its `context` holds the figures)."""

    key: str
    title: str
    template: str
    context: dict
    weight: int = 50


def home_sections(request):
    sections = [section for contribute in contributed("home_sections") for section in contribute(request)]
    return sorted(sections, key=lambda section: section.weight)


def home_figures(organization):
    figures = [figure for contribute in contributed("home_figures") for figure in contribute(organization)]
    return sorted(figures, key=lambda figure: figure.weight)
