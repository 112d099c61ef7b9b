from django.urls import path

from . import views

app_name = "people"


def record_urls(prefix, name, views_tuple):
    list_view, detail_view, form_view, archive_view = views_tuple
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}-list"),
        path(f"{prefix}/new/", form_view.as_view(), name=f"{name}-create"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}-detail"),
        path(f"{prefix}/<int:pk>/edit/", form_view.as_view(), name=f"{name}-update"),
        path(f"{prefix}/<int:pk>/archive/", archive_view.as_view(), name=f"{name}-archive"),
    ]


urlpatterns = [
    *record_urls("departments", "department", views.DEPARTMENT_VIEWS),
    *record_urls("skills", "skill", views.SKILL_VIEWS),
    *record_urls("teams", "team", views.TEAM_VIEWS),
    *record_urls("agents", "agent", views.AGENT_VIEWS),
    *record_urls("contractors", "contractor", views.CONTRACTOR_VIEWS),
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
