"""One settings module, configured from the environment (12-factor). See README, "Configuration"."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or os.environ.get("REGIE_TESTING") == "1"


def env(name, default=None):
    return os.environ.get(f"REGIE_{name}", default)


def env_bool(name, default=False):
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("REGIE_SECRET_KEY must be set (or REGIE_DEBUG=1 for development).")
    SECRET_KEY = "insecure-development-key-" + "x" * 40  # never used with DEBUG off in production
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "regie.core",
    "regie.imports",
    "regie.attachments",
    "regie.notifications",
    "regie.people",
    "regie.assets",
    "regie.interventions",
    "regie.maintenance",
    "regie.portal",
    "regie.analytics",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "regie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "regie.portal.middleware.PortalHostMiddleware",  # an organization's portal on its own host name
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "regie.core.middleware.APINotFoundMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "regie.core.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "regie.core.middleware.TenantMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regie.urls"
WSGI_APPLICATION = "regie.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "regie" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regie.core.context_processors.shell",
                "regie.notifications.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
VAR_DIR = Path(env("VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'regie.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: writers take the lock at BEGIN, so two concurrent writes queue instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif env_bool("DB_PREPARED_STATEMENTS"):
    # Opt-in: server-side binding lets psycopg prepare a query run 5 times on a connection, and PostgreSQL may then
    # reuse a generic plan. Measured on 1,000,000 work orders (README, Performance): details and filing faster by
    # 10–25 %, filtered lists and cost reports slower by 15–50 % (a generic plan ignores how skewed the filter is).
    # Needs a direct connection or PgBouncer ≥ 1.21 in transaction mode.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks ---------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # django_tasks_redis reads the URL from its REDIS_URL option (a `url` option is ignored: it would connect to
    # localhost:6379/0 whatever the setting says); the app gives its worker, `manage.py run_redis_tasks`.
    TASKS = {"default": {"BACKEND": "django_tasks_redis.RedisTaskBackend", "OPTIONS": {"REDIS_URL": REDIS_URL}}}
    INSTALLED_APPS.append("django_tasks_redis")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# --- Authentication and passwords -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:  # Argon2 is deliberately slow; tests create thousands of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "regie.core.errors.locked_out"  # JSON for the API, the lockout page for people
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)

SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", str(30 * 60)))  # idle timeout, renewed on activity
SESSION_RENEW_SECONDS = 60  # idle expiry renewed at most once a minute (core.middleware), not a write per page
SESSION_ABSOLUTE_SECONDS = int(env("SESSION_ABSOLUTE_SECONDS", str(10 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False, "AUTH_HEADER_PREFIX": "Token"}
from datetime import timedelta  # noqa: E402

REST_KNOX["TOKEN_TTL"] = timedelta(days=int(env("API_TOKEN_DAYS", "90")))

# --- Security headers -----------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],  # the nonce: FullCalendar injects its own <style> (reads script[nonce])
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],  # FullCalendar's icon font is a data: URI, loaded as soon as it is declared
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


# --- Maps (the asset registry) --------------------------------------------------------------------------
# Background tiles: the only thing a page loads from another host. Empty: no tiles (the map still shows the
# boundary, outlines and points on a plain background). `{s}` subdomains become a `*.` wildcard in the CSP.
MAP_TILE_URL = (env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png") or "").strip()
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


def tile_source(url):
    """The CSP source of a tile URL template (`https://tile.example.org`), or None when there is none."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"))
    if parts.scheme not in ("https", "http") or not parts.hostname or "{" in parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if url.split("//", 1)[-1].startswith("{s}."):
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


if tile_source(MAP_TILE_URL):
    SECURE_CSP["img-src"].append(tile_source(MAP_TILE_URL))

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# English pages write dates day first (en-GB), not the American 12/01/2026 for 1 December
FORMAT_MODULE_PATH = ["regie.formats"]
# Off: `{{ obj.pk }}` in a form value or URL must never read "1 014". Displayed figures group digits
# explicitly (`intcomma`, `|money`, the `cell` filter).
USE_THOUSAND_SEPARATOR = False

# --- Static and uploaded files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "regie" / "static"]
# Front-end libraries come from the npm registry (package-lock.json) and are served by the app itself.
_VENDOR = {
    "htmx": "htmx.org/dist",
    "axe-core": "axe-core",
    "fullcalendar": "fullcalendar",
    "fullcalendar-locales": "@fullcalendar/core/locales",  # the standard bundle ships without its locales
    "leaflet": "leaflet/dist",
    "leaflet-markercluster": "leaflet.markercluster/dist",
    "signature-pad": "signature_pad/dist",  # MIT: the signature capture (regie.core signature field)
    "chart.js": "chart.js/dist",  # MIT: the dashboards' charts (regie.analytics)
}
STATICFILES_DIRS += [
    (f"vendor/{name}", BASE_DIR / "node_modules" / path)
    for name, path in _VENDOR.items()
    if (BASE_DIR / "node_modules" / path).is_dir()
]
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Largest photo or document accepted on a record (regie.attachments), in bytes.
ATTACHMENT_MAX_BYTES = int(env("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not (DEBUG or TESTING))
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING  # serve through the finders instead of indexing every file per client
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# --- E-mail ---------------------------------------------------------------------------------------------
_EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "25")),
        "username": env("EMAIL_HOST_USER", "") or None,
        "password": env("EMAIL_HOST_PASSWORD", "") or None,
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Régie <no-reply@localhost>")

# --- API ------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "regie.core.api_defaults.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["regie.core.api_defaults.MatrixPermission"],
    "DEFAULT_PAGINATION_CLASS": "regie.core.api_defaults.Pagination",
    # JSON bodies bounded before parsing (size, nesting); date-times rendered in UTC, never a local-mean-time offset.
    "DEFAULT_PARSER_CLASSES": [
        "regie.core.api_defaults.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "regie.core.api_defaults.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DATETIME_FORMAT": None,  # serializers hand datetime objects to the renderer, which writes them in UTC
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "regie.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "regie.core.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Régie API",
    "DESCRIPTION": "REST API of Régie, technical-services management for local governments.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "regie.core.models.Organization.Kind",
        "DepartmentKindEnum": "regie.people.models.Department.Kind",
        "AbsenceKindEnum": "regie.people.models.Absence.Kind",
        "AuditChannelEnum": "regie.core.models.AuditEvent.Channel",
        "RequestChannelEnum": "regie.interventions.models.InterventionRequest.Channel",
        "RequestStateEnum": "regie.interventions.workflow.RequestState",
        "WorkOrderStateEnum": "regie.interventions.workflow.WorkOrderState",
        "WorkOrderKindEnum": "regie.interventions.models.WorkOrder.Kind",
        "IndicatorKindEnum": "regie.analytics.api.KINDS",
        "CostLineKindEnum": "regie.interventions.models.CostLine.Kind",
        "AssetKindEnum": "regie.assets.models.AssetKind",
        "OccupantKindEnum": "regie.assets.models.Occupant.Kind",
        "MeterKindEnum": "regie.assets.models.Meter.Kind",
        "AssetStatusEnum": "regie.assets.models.AssetStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Logging: structured (JSON lines), never secrets ----------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "regie.core.logging.RedactFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

REGIE_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails and calendar feeds
# The reporting exports (docs/reporting.md): per organization, CSV and Parquet files of the facts for BI tools,
# written there by the scheduled job `analytics.reporting_export`; off when unset.
REGIE_REPORTING_EXPORT_DIR = env("REPORTING_EXPORT_DIR") or None
