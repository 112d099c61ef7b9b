"""Session and token hygiene: login time for the absolute lifetime; deactivation revokes everything. SQLite's
planner statistics refreshed after migrations."""

import time

from django.contrib.auth import get_user_model, user_logged_in
from django.contrib.sessions.models import Session
from django.db import connections
from django.db.models.signals import post_migrate, pre_save
from django.dispatch import receiver

from .middleware import LOGIN_AT, RENEWED_AT
from .models import LoginSession


@receiver(user_logged_in)
def remember_login(sender, request, user, **kwargs):
    request.session[LOGIN_AT] = request.session[RENEWED_AT] = time.time()
    if request.session.session_key is None:
        request.session.save()
    LoginSession.objects.get_or_create(user=user, session_key=request.session.session_key)


@receiver(pre_save, sender=get_user_model())
def revoke_on_deactivation(sender, instance, **kwargs):
    if instance.pk is None or instance.is_active:
        return
    was_active = sender.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        end_all_sessions(instance)


def end_all_sessions(user):
    """Delete every session and API token of `user`: effective at their next request."""
    from knox.models import AuthToken

    keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    LoginSession.objects.filter(user=user).delete()
    AuthToken.objects.filter(user=user).delete()


@receiver(post_migrate)
def refresh_sqlite_statistics(sender, using="default", plan=None, **kwargs):
    """SQLite rebuilds a table to alter a column, and the rebuilt table has no planner statistics: the planner
    then walks the wrong index (a request page went from 11 ms to 0.7 s on a million work orders). After a
    migration that changed something, SQLite measures its tables again; PostgreSQL's autovacuum does it itself."""
    connection = connections[using]
    if sender.label != "core" or connection.vendor != "sqlite" or not plan:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
