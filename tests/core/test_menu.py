"""The sidebar (`navigation.menu_html`): the role's entries, the current one marked, rendered once per role,
language and current entry — and never another role's or language's copy."""

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from regie.core import context_processors, navigation
from regie.core.navigation import RoleMenu, menu_for, menu_html
from regie.core.permissions import Role

pytestmark = pytest.mark.django_db


def links(html):
    return re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', html)


def test_the_sidebar_holds_the_entries_of_the_role_and_marks_the_current_one():
    requests = reverse("interventions:request-list")
    with translation.override("fr"):
        html = menu_html(Role.ADMIN, requests + "12/")
    shown = links(html)
    hrefs = [href for href, _current, _label in shown]
    expected = [href for _section, items in menu_for(RoleMenu(Role.ADMIN)) for _label, href in items]
    assert hrefs == [reverse("home"), *expected]
    assert [href for href, current, _label in shown if current] == [requests]  # a request's page: « Demandes »
    with translation.override("fr"):
        home = links(menu_html(Role.ADMIN, "/"))
    assert [href for href, current, _label in home if current] == [reverse("home")]


def test_each_role_and_language_gets_its_own_sidebar():
    with translation.override("fr"):
        admin, requester = menu_html(Role.ADMIN, "/"), menu_html(Role.REQUESTER, "/")
        contractor = menu_html(Role.CONTRACTOR, "/")
    with translation.override("de"):
        german = menu_html(Role.ADMIN, "/")
    assert len(links(requester)) < len(links(admin)) and admin != contractor
    assert reverse("core:audit-list") in admin and reverse("core:audit-list") not in requester
    assert "Accueil" in admin and "Startseite" in german and "Accueil" not in german
    assert menu_html(None, "/") == ""


def counted_menu_for(monkeypatch):
    """`menu_for` counting its calls, wherever the layout's code reaches it from."""
    computed = mock.Mock(wraps=navigation.menu_for)
    monkeypatch.setattr(navigation, "menu_for", computed)
    monkeypatch.setattr(context_processors, "menu_for", computed, raising=False)
    return computed


@pytest.mark.parametrize("cached", [False, True], ids=["first render", "sidebar cached"])
def test_a_signed_in_page_computes_the_menu_once(client, admin_a, monkeypatch, cached):
    client.force_login(admin_a)
    if cached:
        client.get(reverse("interventions:request-list"))
    else:
        navigation._rendered_menu.cache_clear()
    computed = counted_menu_for(monkeypatch)

    response = client.get(reverse("interventions:request-list"))

    assert response.status_code == 200
    assert 'id="site-menu"' in response.text and reverse("core:audit-list") in response.text
    assert computed.call_count == 1, computed.call_args_list  # the layout's test and the sidebar share it


def test_a_page_without_the_layout_does_not_compute_the_menu(client, admin_a, monkeypatch):
    client.force_login(admin_a)
    computed = counted_menu_for(monkeypatch)

    response = client.get(reverse("interventions:request-list"), headers={"HX-Request": "true"})

    assert response.status_code == 200 and 'id="site-menu"' not in response.text
    assert computed.call_count == 0
