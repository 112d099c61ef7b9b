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
from regie.interventions import api as interventions_api
from regie.people import api as people_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", api_views.OrganizationViewSet, basename="organization")
router.register("audit-events", api_views.AuditEventViewSet, basename="auditevent")
router.register("departments", people_api.DepartmentViewSet, basename="department")
router.register("skills", people_api.SkillViewSet, basename="skill")
router.register("teams", people_api.TeamViewSet, basename="team")
router.register("agents", people_api.AgentViewSet, basename="agent")
router.register("contractors", people_api.ContractorViewSet, basename="contractor")
router.register("memberships", people_api.MembershipViewSet, basename="membership")
router.register("requests", interventions_api.RequestViewSet, basename="request")
router.register("work-orders", interventions_api.WorkOrderViewSet, basename="workorder")
router.register("costs", interventions_api.CostViewSet, basename="cost")
router.register("categories", interventions_api.CategoryViewSet, basename="category")
router.register("priorities", interventions_api.PriorityViewSet, basename="priority")
router.register("budget-lines", interventions_api.BudgetLineViewSet, basename="budgetline")
router.register("cost-codes", interventions_api.CostCodeViewSet, basename="costcode")
router.register("workflow-settings", interventions_api.WorkflowSettingsViewSet, basename="workflowsettings")
router.register("notifications", interventions_api.NotificationViewSet, basename="notification")

api_patterns = [
    path("auth/token/", api_views.TokenLoginView.as_view(), name="token-login"),
    path("auth/logout/", api_views.TokenLogoutView.as_view(), name="token-logout"),
    path("me/", api_views.MeView.as_view(), name="me"),
    path("work-queue/", interventions_api.WorkQueueView.as_view(), name="work-queue"),
    *router.urls,
]


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
    path("people/", include("regie.people.urls")),
    path("interventions/", include("regie.interventions.urls")),
    path("planning/", include("regie.interventions.calendar_urls")),
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
