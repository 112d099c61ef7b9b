"""Shared helpers of the security suite: concrete URLs for a route, database snapshots, refusal checks."""

import hashlib
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

# Written by signing in itself (sessions, login throttling, the user ↔ session index): not "data".
SNAPSHOT_EXCLUDED = ("django_session", "axes_", "core_loginsession")


def snapshot():
    """{table: (row count, checksum of its rows)} of every table but the sign-in bookkeeping."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table.startswith(SNAPSHOT_EXCLUDED):
                continue
            # The table names come from the database's own introspection.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def diff(before, after):
    return {t: (before.get(t), after.get(t)) for t in set(before) | set(after) if before.get(t) != after.get(t)}


def object_urls(route, objects_of, children_of=None):
    """The URLs of `route` for the records `objects_of(model)` returns; the route itself when it takes no id.

    A route naming a second record (`CHILD_KWARGS`) gets every combination with `children_of(model)` (default:
    `objects_of`). A route taking a record id must lead to its model (see `Route.model`), and the test world
    must hold a record of that model: otherwise the route could not be checked, which is a failure.
    """
    if "content_type_id" in route.kwarg_names:  # the admin's "view on site" shortcut: any model
        from django.apps import apps

        urls = []
        for model in apps.get_models():
            for obj in objects_of(model):
                ct = ContentType.objects.get_for_model(model)
                urls.append(route.url(content_type_id=ct.pk, object_id=obj.pk))
        return urls
    if route.object_kwarg is None:
        return [route.url()]
    model = route.model
    assert model is not None, (
        f"{route} takes a record id but its model cannot be found: set `model` (or `queryset`) on "
        f"{route.view_class or route.api_class or route.callback!r}"
    )
    combinations = [{route.object_kwarg: obj.pk} for obj in _some(objects_of, model, route)]
    for name, child_model in route.child_kwargs.items():
        children = _some(children_of or objects_of, child_model, route)
        combinations = [{**values, name: child.pk} for values in combinations for child in children]
    return [route.url(**values) for values in combinations]


def _some(objects_of, model, route):
    objects = objects_of(model)
    assert objects, f"{route}: no {model.__name__} in the security test world: add one in tests/security/conftest.py"
    return objects


def is_refused(route, response):
    """A request about another organization's record: 403/404, or the admin's "does not exist" redirect."""
    if response.status_code in (403, 404):
        return True
    if route.admin_site is not None and response.status_code == 302:
        # The admin answers "does not exist" with a redirect to its index (and redirects <id>/ to <id>/change/).
        return urlsplit(response["Location"]).path.startswith(reverse("admin:index"))
    return False


def content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
