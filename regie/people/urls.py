from regie.core.views import record_urls

from . import views

app_name = "people"


urlpatterns = [
    *record_urls("departments", "department", views.DEPARTMENT_VIEWS),
    *record_urls("skills", "skill", views.SKILL_VIEWS),
    *record_urls("teams", "team", views.TEAM_VIEWS),
    *record_urls("agents", "agent", views.AGENT_VIEWS),
    *record_urls("contractors", "contractor", views.CONTRACTOR_VIEWS),
    *record_urls("absences", "absence", views.ABSENCE_VIEWS),
    *record_urls(
        "members",
        "membership",
        (
            views.MembershipListView,
            views.MembershipDetailView,
            views.MembershipFormView,
            views.MembershipArchiveView,
        ),
    ),
]
