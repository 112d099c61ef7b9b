"""`/healthz` for load balancers: are the database and Redis reachable? No sign-in, no session, no tenancy."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errors import DATABASE_ERRORS

OK, UNREACHABLE, NOT_CONFIGURED = "ok", "unreachable", "not configured"


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        return UNREACHABLE
    return OK


def redis_status():
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return UNREACHABLE
    finally:
        client.close()
    return OK


@never_cache
@require_safe
def healthz(request):
    """200 when every configured dependency answers, 503 otherwise; the body says which is down."""
    checks = {"database": database_status(), "redis": redis_status()}
    healthy = UNREACHABLE not in checks.values()
    return JsonResponse(checks, status=200 if healthy else 503)
