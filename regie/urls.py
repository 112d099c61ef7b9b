"""Root URLs: HTML pages per app, the API under /api/v1/, its schema and docs, auth pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from regie.core import api_views, health, shell
from regie.core.admin import admin_site
from regie.core.forms import LoginForm
from regie.core.navigation import contributed, contributed_calls

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
# Each app's AppConfig contributes its API routes (`api_routes()`), extra API paths (`api_urls()`) and HTML URL
# prefixes (`urls`); this module names no app.
for routes in contributed_calls("api_routes"):
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)

api_patterns = [
    path("auth/token/", api_views.TokenLoginView.as_view(), name="token-login"),
    path("auth/logout/", api_views.TokenLogoutView.as_view(), name="token-logout"),
    path("me/", api_views.MeView.as_view(), name="me"),
    *(pattern for patterns in contributed_calls("api_urls") for pattern in patterns),
    *router.urls,
]
app_patterns = [path(prefix, include(module)) for urls in contributed("urls") for prefix, module in urls]


def public(view):
    """Mark a view as public (no login). Every such route is listed in tests/security/public_routes.py."""
    return login_not_required(view)


urlpatterns = [
    path("", shell.HomeView.as_view(), name="home"),
    path("healthz", public(health.healthz), name="healthz"),
    path(
        "accounts/login/",
        public(auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", public(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "accounts/password/reset/done/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("language/", shell.set_language, name="set-language"),
    path("", include("regie.core.urls")),
    *app_patterns,
    path("admin/", admin_site.urls),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", public(SpectacularAPIView.as_view()), name="schema"),
    # The split view serves its start-up script as a file: the CSP blocks the inline one of SpectacularSwaggerView.
    path("api/docs/", public(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "regie.core.errors.forbidden"
handler404 = "regie.core.errors.not_found"
handler500 = "regie.core.errors.server_error"
