"""API of the people app: the same services and selectors as the HTML pages."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from regie.core.api import (
    READ_ONLY,
    ModelSerializer,
    TenantModelSerializer,
    TenantViewSet,
    record_viewset,
    tenant_schema,
)
from regie.core.models import Membership
from regie.core.permissions import Role

from . import services
from .models import Absence, Agent, Contractor, Department, Skill, Team

DepartmentViewSet = record_viewset(
    Department,
    "department",
    services.DEPARTMENT_FIELDS,
    services.create_department,
    services.update_department,
    filters=["kind", "code"],
    search=["code", "name"],
    ordering=["name", "code", "created_at"],
)
SkillViewSet = record_viewset(
    Skill,
    "skill",
    services.SKILL_FIELDS,
    services.create_skill,
    services.update_skill,
    filters=["code"],
    search=["code", "name"],
    ordering=["name", "code", "hourly_rate"],
    money_fields=["hourly_rate"],
    pay_rates=True,
)
TeamViewSet = record_viewset(
    Team,
    "team",
    services.TEAM_FIELDS,
    services.create_team,
    services.update_team,
    filters=["department", "code"],
    search=["code", "name"],
    ordering=["name", "code"],
)
AgentViewSet = record_viewset(
    Agent,
    "agent",
    [*services.AGENT_FIELDS, "user"],  # the API links an agent to a user account too
    services.create_agent,
    services.update_agent,
    filters=["department", "team", "skills"],
    search=["last_name", "first_name", "employee_number"],
    ordering=["last_name", "employee_number", "weekly_hours"],
    optimize=lambda qs: qs.select_related("department", "team").prefetch_related("skills"),
    money_fields=["hourly_rate"],
    pay_rates=True,
)
ContractorViewSet = record_viewset(
    Contractor,
    "contractor",
    services.CONTRACTOR_FIELDS,
    services.create_contractor,
    services.update_contractor,
    filters=["trades"],
    search=["name", "siret"],
    ordering=["name"],
    optimize=lambda qs: qs.prefetch_related("trades"),
)
AbsenceViewSet = record_viewset(
    Absence,
    "absence",
    services.ABSENCE_FIELDS,
    services.create_absence,
    services.update_absence,
    filters=["agent", "kind"],
    search=["agent__last_name", "agent__first_name"],
    ordering=["start", "end", "created_at"],
    optimize=lambda qs: qs.select_related("agent"),
)


class UserSummarySerializer(ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "email", "language", "is_active"]
        read_only_fields = fields


class MembershipSerializer(TenantModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "department", "contractor", "created_at", "updated_at", "archived_at"]
        read_only_fields = READ_ONLY


class MembershipInputSerializer(TenantModelSerializer):
    username = serializers.CharField(max_length=150, write_only=True)
    email = serializers.EmailField(required=False, allow_blank=True, write_only=True)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150, write_only=True)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150, write_only=True)
    language = serializers.ChoiceField(choices=["fr", "en", "de"], required=False, write_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = list(services.NEW_MEMBER_FIELDS)


class MembershipUpdateSerializer(TenantModelSerializer):
    class Meta:
        model = Membership
        fields = list(services.MEMBERSHIP_FIELDS)


@tenant_schema
class MembershipViewSet(TenantViewSet):
    """Users and their roles in the current organization (administrators only)."""

    model = Membership
    queryset = Membership.objects.none()
    serializer_class = MembershipSerializer
    permission_resource = "membership"
    filterset_fields = ["role", "department", "contractor"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    ordering_fields = ["user__username", "role", "created_at"]
    ordering = ["user__username"]

    def optimize(self, qs):
        return qs.select_related("user")

    def get_serializer_class(self):
        if self.action == "create":
            return MembershipInputSerializer
        if self.action in ("update", "partial_update"):
            return MembershipUpdateSerializer
        return super().get_serializer_class()

    def create_service(self, *, by, organization, data, m2m=None):
        return services.add_member(by=by, organization=organization, data=data, request=self.request)

    def update_service(self, obj, *, by, data, m2m=None):
        return services.update_membership(obj, by=by, data=data)

    def archive_object(self, obj, reason):
        return services.end_membership(obj, by=self.request.user, reason=reason)
