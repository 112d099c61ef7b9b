"""Platform endpoints: organizations, audit events, the current user, API tokens."""

from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import services
from .api import ORG_HEADER, APIViewMixin, ModelSerializer, TenantAPIMixin, TenantModelSerializer, tenant_schema
from .models import AuditEvent, Organization, User
from .services import update_record


class OrganizationSerializer(ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "siren",
            "insee_code",
            "epci",
            "population",
            "address",
            "email",
            "timezone",
            "currency",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "kind", "siren", "epci", "created_at", "updated_at"]


@tenant_schema
class OrganizationViewSet(
    TenantAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The organizations the user belongs to; administrators change their own organization's details."""

    queryset = Organization.objects.none()
    serializer_class = OrganizationSerializer
    permission_resource = "organization"
    search_fields = ["name", "slug", "siren"]
    ordering_fields = ["name"]
    ordering = ["name"]
    filterset_fields = ["kind"]

    def get_queryset(self):
        ids = [m.organization_id for m in self.request.memberships]
        return Organization.objects.active().filter(pk__in=ids)

    def perform_update(self, serializer):
        obj = serializer.instance
        if obj.pk != self.request.organization.pk:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(_("Switch to this organization to change it."))
        serializer.instance = update_org(obj, by=self.request.user, data=serializer.validated_data)


def update_org(organization, *, by, data):
    """Organizations are their own tenant: the generic update checks `organization.manage` in it."""
    return update_record(organization, by=by, action="organization.manage", data=data)


class ContentTypeField(serializers.SlugRelatedField):
    def to_representation(self, value):
        return f"{value.app_label}.{value.model}"


class AuditEventSerializer(TenantModelSerializer):
    record_type = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "action",
            "channel",
            "record_type",
            "object_id",
            "object_repr",
            "actor",
            "actor_name",
            "changes",
            "reason",
        ]
        read_only_fields = fields

    def get_record_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    def get_actor_name(self, obj) -> str:
        return str(obj.actor) if obj.actor else ""


@extend_schema(
    parameters=[
        ORG_HEADER,
        OpenApiParameter("record_type", str, description="app_label.model, e.g. people.agent"),
        OpenApiParameter("object_id", int),
    ]
)
class AuditEventViewSet(TenantAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit trail of the current organization; `record_type` + `object_id` give one record's timeline."""

    query_parameters = ("record_type",)  # read by `get_queryset`, beside the FilterSet's

    queryset = AuditEvent.objects.none()
    serializer_class = AuditEventSerializer
    permission_resource = "audit"
    filterset_fields = ["action", "channel", "actor", "object_id"]
    ordering_fields = ["at"]
    ordering = ["-at"]

    def get_queryset(self):
        qs = AuditEvent.objects.for_org(self.request.organization).select_related("content_type", "actor")
        record_type = self.request.query_params.get("record_type", "").replace("\x00", "")  # PostgreSQL refuses NUL
        if record_type:
            app_label, _sep, model = record_type.partition(".")
            content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
            qs = qs.filter(content_type=content_type) if content_type else qs.none()
        return qs.order_by("-at", "-id")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.CharField()
    email_notifications = serializers.ChoiceField(choices=User.EmailNotifications.choices)
    organization = serializers.IntegerField(allow_null=True)
    role = serializers.CharField(allow_null=True)
    memberships = serializers.ListField(child=serializers.DictField())


class MePreferencesSerializer(serializers.Serializer):
    email_notifications = serializers.ChoiceField(
        choices=User.EmailNotifications.choices,
        help_text="Notification e-mails: one per notification, a daily summary, or none.",
    )


class MeView(TenantAPIMixin, APIView):
    """Who the caller is, the organization they act for and their role in each of their organizations."""

    permission_classes = [IsAuthenticated]
    tenant_exempt_reason = "describes the caller only"

    @extend_schema(request=MePreferencesSerializer, responses=MeSerializer, parameters=[ORG_HEADER])
    def patch(self, request):
        """Change the caller's own preferences (the notification centre's choice of e-mails); omitted: unchanged."""
        serializer = MePreferencesSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "email_notifications" in serializer.validated_data:
            services.set_email_preference(by=request.user, value=serializer.validated_data["email_notifications"])
        return self.get(request)

    @extend_schema(responses=MeSerializer, parameters=[ORG_HEADER])
    def get(self, request):
        user, membership = request.user, request.membership
        return Response(
            {
                "id": user.pk,
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "language": user.language,
                "email_notifications": user.email_notifications,
                "organization": membership.organization_id if membership else None,
                "role": membership.role if membership else None,
                "memberships": [
                    {
                        "organization": m.organization_id,
                        "name": m.organization.name,
                        "slug": m.organization.slug,
                        "role": m.role,
                    }
                    for m in request.memberships
                ],
            }
        )


class LoginThrottle(AnonRateThrottle):
    rate = "20/min"


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenLoginView(APIViewMixin, generics.GenericAPIView):
    """Exchange a user name and password for an API token (sent as `Authorization: Token <key>`)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle]
    serializer_class = TokenLoginSerializer
    tenant_exempt_reason = "public: login"

    @extend_schema(
        responses={
            201: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            )
        }
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if user is None:
            return Response(
                {"code": "authentication_failed", "message": _("Incorrect user name or password.")},
                status=status.HTTP_401_UNAUTHORIZED,
            )
        AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()  # see api_defaults.TokenAuthentication
        instance, token = AuthToken.objects.create(user)
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_201_CREATED)


class TokenLogoutView(APIViewMixin, APIView):
    """Revoke the token used for this request (`all=true`: every token of the user)."""

    permission_classes = [IsAuthenticated]
    tenant_exempt_reason = "acts on the caller's own tokens"

    @extend_schema(
        request=None,
        responses={204: None},
        parameters=[OpenApiParameter("all", bool, description="revoke all the user's tokens")],
    )
    def post(self, request):
        if request.query_params.get("all") in ("1", "true") or not isinstance(request.auth, AuthToken):
            AuthToken.objects.filter(user=request.user).delete()
        else:
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
