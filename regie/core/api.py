"""The API's shared base: tenant scoping, the permission matrix, one error format, pagination.

Every API view inherits `TenantAPIMixin` (through `TenantViewSet` or directly): it resolves the request's
organization after DRF authentication, checks the matrix, and scopes querysets with `for_org`.
`tests/test_isolation.py` walks the OpenAPI schema to prove it for every route.
"""

import copy

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, filters, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from . import tenancy
from .context import set_channel
from .errors import DATABASE_ERRORS, database_unavailable
from .exceptions import DomainError
from .fields import sorted_lookup
from .filters import refuse_unknown_parameters
from .forms import refuse_impossible_ids
from .permissions import money_rule

ORG_HEADER = OpenApiParameter(
    "X-Organization",
    str,
    OpenApiParameter.HEADER,
    description="Organization to act for (id or short name); default: the user's first membership.",
)

READ_ACTIONS = {"list", "retrieve", "timeline", "metadata"}


class ErrorSerializer(serializers.Serializer):
    """The one error format of the API (see docs/api.md); every operation documents it (core.api_schema)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field; nested fields are named by their path: `tasks[1].title`.",
    )
    allowed_transitions = serializers.ListField(child=serializers.CharField(), required=False)


def flatten_errors(detail, prefix=""):
    """DRF's nested field errors as one flat mapping of field path → messages (the schema's `fields`).

    `{"tasks": [{}, {"title": ["…"]}]}` becomes `{"tasks[1].title": ["…"]}`; a nested serializer's own
    (non-field) errors are named by the nested field's path itself.
    """
    flat = {}
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        items = ((index, item) for index, item in enumerate(detail))
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in messages]}
    for key, value in items:
        if isinstance(key, int):
            path = f"{prefix}[{key}]"
        elif key == api_settings.NON_FIELD_ERRORS_KEY and prefix:
            path = prefix
        else:
            path = f"{prefix}.{key}" if prefix else str(key)
        for name, messages in flatten_errors(value, path).items():
            flat.setdefault(name, []).extend(messages)
    return flat


# Field errors a client can act on (a refusal that a given input lifts): their code names the error body instead of
# the generic `invalid`. Apps declare theirs (`declare_field_error_code`); an operation answering one documents it.
FIELD_ERROR_CODES = set()


def declare_field_error_code(code):
    FIELD_ERROR_CODES.add(code)
    return code


def _field_error_code(exc):
    """The declared code among `exc`'s errors (the first), else `invalid`."""
    errors = [e for group in exc.error_dict.values() for e in group] if hasattr(exc, "error_dict") else exc.error_list
    return next((error.code for error in errors if error.code in FIELD_ERROR_CODES), "invalid")


def _error(code, message, status_code, fields=None, extra=None):
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    if extra:
        body.update(extra)
    return Response(body, status=status_code)


def _encodable(value):
    """Error messages may quote the input: an unpaired surrogate in it would make the response unencodable."""
    if isinstance(value, dict):
        return {key: _encodable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def exception_handler(exc, context):
    """One error format: {"code", "message", "fields"?} in the user's language."""
    if isinstance(exc, DomainError):
        return _error(exc.code, exc.message, exc.status, extra=exc.extra)
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable(context["request"], exc)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        fields = _encodable(flatten_errors(fields))
        return _error(_field_error_code(exc), _("Some fields are not valid."), 400, fields=fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields…
        exc = exceptions.ParseError()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: exc.detail}
        fields = _encodable(flatten_errors(detail))
        response.data = {"code": "invalid", "message": _("Some fields are not valid."), "fields": fields}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        code = getattr(detail, "code", None) or exc.default_code
        if response.status_code == status.HTTP_404_NOT_FOUND:
            code, detail = "not_found", _("This record does not exist or is not visible to you.")
        response.data = {"code": code, "message": _encodable(str(detail))}
    return response


class APIViewMixin:
    """API views answer 401 themselves (token or session), so the login-redirect middleware lets them through."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False
        return view


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; a list of ids no integer column holds is an invalid filter, not a server error,
    and a parameter the list does not read is a 400 (`core.filters.refuse_unknown_parameters`), not "everything"."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if getattr(view, "action", None) == "list":
            refuse_unknown_parameters(view, request, filterset)
        if filterset is not None:
            refuse_impossible_ids(filterset.form)
        return filterset


def reads_money(lookup: str, money_fields) -> bool:
    """Whether an ordering term or a filter's lookup (`hourly_rate`, `-hourly_rate`, `hourly_rate__gte`) reads one
    of `money_fields`."""
    return lookup.lstrip("-").split("__")[0] in money_fields


class OrderingFilter(filters.OrderingFilter):
    """DRF's `?ordering=`, without the view's `money_fields` for whom `permissions.may_see_money` hides them: the
    order of the rows would tell the pay rates their answers leave out. Such a term is dropped, as DRF drops any
    field it does not offer (the list keeps its default order): the answer is that of an unknown field.

    The role decides, as for the rates the lists show: money that depends on the record (a request's costs, for a
    department head) cannot be an ordering field, a list orders across departments."""

    def get_valid_fields(self, queryset, view, context=None):
        fields = super().get_valid_fields(queryset, view, context)
        money = getattr(view, "money_fields", ())
        request = (context or {}).get("request")
        if not money or money_rule(getattr(view, "pay_rates", False))(getattr(request, "membership", None)):
            return fields
        return [item for item in fields if not reads_money(item[0], money)]

    def get_ordering(self, request, queryset, view):
        """Names order by their sort key (`core.fields.sorted_lookup`): "Écoles" between "Eau" and "Zinc"."""
        ordering = super().get_ordering(request, queryset, view)
        return [sorted_lookup(queryset.model, term) for term in ordering] if ordering else ordering


BACKENDS = {DjangoFilterBackend: FilterBackend, filters.OrderingFilter: OrderingFilter}


class TenantAPIMixin(APIViewMixin):
    """Resolve the organization after authentication; every API view of Régie goes through this."""

    filter_backends = [BACKENDS.get(backend, backend) for backend in api_settings.DEFAULT_FILTER_BACKENDS]
    money_fields: tuple[str, ...] = ()  # pay rates, amounts: an ordering only for whom may see them
    pay_rates = False  # `money_fields` are per-agent pay rates (`permissions.may_see_pay_rates`)
    permission_resource: str = ""
    permission_actions: dict[str, str] = {}
    lookup_value_regex = "[0-9]+"  # ids are numbers: /agents/abc/ is no route (a JSON 404), not a lookup

    def __init_subclass__(cls, **kwargs):
        """A filter and the default order apply to every caller: neither may read money (see `OrderingFilter`)."""
        super().__init_subclass__(**kwargs)
        filterset, ordering = getattr(cls, "filterset_class", None), getattr(cls, "ordering", None) or ()
        checked = {
            "filter": [
                *getattr(cls, "filterset_fields", ()),
                *(f.field_name or "" for f in (filterset.base_filters.values() if filterset else ())),
            ],
            "default ordering": [ordering] if isinstance(ordering, str) else list(ordering),
        }
        for kind, lookups in checked.items():
            money = sorted({lookup for lookup in lookups if reads_money(lookup, cls.money_fields)})
            if money:
                raise ImproperlyConfigured(
                    f"{cls.__name__}: {', '.join(money)} cannot be a {kind}: "
                    "it would answer callers who may not see money."
                )

    def initial(self, request, *args, **kwargs):
        set_channel("api")
        self.perform_authentication(request)
        tenancy.resolve(request._request, request.user)
        super().initial(request, *args, **kwargs)

    def permission_action_for(self, request):
        name = getattr(self, "action", None) or request.method.lower()
        if name in self.permission_actions:
            return self.permission_actions[name]
        verb = "view" if (name in READ_ACTIONS or request.method in permissions.SAFE_METHODS) else "manage"
        return f"{self.permission_resource}.{verb}"

    @property
    def organization(self):
        return self.request.organization


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$", "example": "07:30:00"}
)
class WallClockTimeField(serializers.TimeField):
    """A time of day on the organization's clock ("07:30:00"): it has no offset, so it is not JSON Schema's
    `time` format (RFC 3339 `full-time`, which requires one), and the schema says what it really is."""


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer with its fields worked out once per class instead of once per instance.

    DRF introspects the model on every serializer it creates (0.2–0.3 ms a field: a 37-field detail costs ~10 ms,
    a list builds it again for each nested serializer). Here the first instance of a class keeps how it built each
    field (class, arguments) and later instances build fresh fields from that; nested serializers are deep-copied,
    as DRF does, so that no instance shares state with another. Every serializer of Régie derives from this one
    (tests/core/test_api_serializers.py).
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: WallClockTimeField,
    }

    def get_fields(self):
        cls = type(self)
        recipe = cls.__dict__.get("_field_recipe")
        if recipe is None:
            fields = super().get_fields()
            cls._field_recipe = {name: _recipe(field) for name, field in fields.items()}
            return fields
        return {
            name: copy.deepcopy(field) if args is None else field(*args, **kwargs)
            for name, (field, args, kwargs) in recipe.items()
        }


def _recipe(field):
    """(class, args, kwargs) to build `field` again, or (field, None, None) when it holds other fields (a nested
    serializer, a many-related field and its child): those are deep-copied, never shared between instances."""
    holds_fields = isinstance(field, serializers.BaseSerializer) or any(
        isinstance(value, serializers.Field) for value in (*field._args, *field._kwargs.values())
    )
    return (field, None, None) if holds_fields else (type(field), field._args, field._kwargs)


class TenantSerializerMixin:
    """Restrict every related-field choice to the records the current organization may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        organization = getattr(request, "organization", None)
        for field in self.fields.values():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_org"):
                target.queryset = queryset.for_org(organization).active() if organization else queryset.none()
            elif queryset is not None and queryset.model is get_user_model():
                target.queryset = tenancy.member_users(organization, queryset)


class RecordField(serializers.PrimaryKeyRelatedField):
    """A record by its id: a whole number (25 or "25"), never a float DRF would truncate (25.5 → record 25)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and data.isdigit())):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class TenantModelSerializer(TenantSerializerMixin, ModelSerializer):
    serializer_related_field = RecordField


def shows_money(context, record=None, *, pay_rates=False):
    """`permissions.may_see_money` (or `may_see_pay_rates`) for the caller of a serializer, about `record` or the
    context's `money_record`."""
    request = context.get("request")
    return money_rule(pay_rates)(getattr(request, "membership", None), record or context.get("money_record"))


class MoneyHidingMixin:
    """A serializer whose `money_fields` (amounts, or pay rates with `pay_rates`) are null for whom `shows_money`
    says no."""

    money_fields = ()
    pay_rates = False

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not shows_money(self.context, pay_rates=self.pay_rates):
            data.update(dict.fromkeys(name for name in self.money_fields if name in data))
        return data


class ArchiveSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TenantViewSet(TenantAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List/retrieve/create/update/archive/restore of one tenant model, through its app's services.

    Subclasses set `model`, `serializer_class` (output), `input_serializer_class`, `permission_resource`,
    and the service functions `create_service`, `update_service` (keyword-only, plain values).
    """

    model: type[models.Model]
    input_serializer_class = None
    create_service = update_service = None
    archived_param = "archived"

    def get_queryset(self):
        qs = (
            self.model.objects.for_org(self.request.organization)
            if self.request.organization
            else self.model.objects.none()
        )
        if self.action == "list":
            archived = self.request.query_params.get(self.archived_param)
            if archived in ("1", "true"):
                qs = qs.filter(archived_at__isnull=False)
            elif archived not in ("all",):
                qs = qs.filter(archived_at__isnull=True)
        return self.optimize(qs)

    def optimize(self, qs):
        return qs

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.input_serializer_class:
            return self.input_serializer_class
        if self.action in ("archive", "restore"):
            return ArchiveSerializer
        return self.serializer_class

    def _owned(self):
        obj = self.get_object()
        if obj.organization_id != self.request.organization.pk:
            raise exceptions.PermissionDenied(
                _("This record is shared with your organization: only its owner can change it.")
            )
        return obj

    def _respond(self, obj, code=status.HTTP_200_OK):
        return Response(self.serializer_class(obj, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, m2m = split_m2m(self.model, serializer.validated_data)
        obj = self.create_service(by=request.user, organization=request.organization, data=data, m2m=m2m)
        return self._respond(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        obj = self._owned()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data, m2m = split_m2m(self.model, serializer.validated_data)
        obj = self.update_service(obj, by=request.user, data=data, m2m=m2m)
        return self._respond(obj)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        serializer = ArchiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.archive_object(self._owned(), serializer.validated_data.get("reason", ""))
        return self._respond(obj)

    def archive_object(self, obj, reason):
        from .services import archive_record

        return archive_record(obj, by=self.request.user, action=f"{self.permission_resource}.manage", reason=reason)

    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        from .services import restore_record

        obj = restore_record(self._owned(), by=request.user, action=f"{self.permission_resource}.manage")
        return self._respond(obj)


def split_m2m(model, validated):
    m2m_names = {f.name for f in model._meta.many_to_many}
    data = {k: v for k, v in validated.items() if k not in m2m_names}
    m2m = {k: v for k, v in validated.items() if k in m2m_names}
    return data, m2m


def tenant_schema(viewset):
    """Document the X-Organization header on every operation of a viewset."""
    names = ("list", "retrieve", "create", "update", "partial_update", "archive", "restore")
    present = [name for name in names if hasattr(viewset, name)]
    return extend_schema_view(**{name: extend_schema(parameters=[ORG_HEADER]) for name in present})(viewset)


READ_ONLY = ["id", "created_at", "updated_at", "archived_at"]


def model_serializers(model, fields, money_fields=(), pay_rates=False):
    """(output, input) serializers of a record (people, reference data); `money_fields` (pay rates) are null in
    the output for whom `core.permissions.may_see_money` says no."""
    meta_out = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": ["id", *fields, "created_at", "updated_at", "archived_at"],
            "read_only_fields": READ_ONLY,
        },
    )
    meta_in = type("Meta", (), {"model": model, "fields": fields})
    out = type(
        f"{model.__name__}Serializer",
        (MoneyHidingMixin, TenantModelSerializer),
        {"Meta": meta_out, "money_fields": tuple(money_fields), "pay_rates": pay_rates},
    )
    inp = type(f"{model.__name__}InputSerializer", (TenantModelSerializer,), {"Meta": meta_in})
    return out, inp


def record_viewset(
    model,
    resource,
    fields,
    create,
    update,
    *,
    filters=(),
    search=(),
    ordering=(),
    optimize=None,
    money_fields=(),
    pay_rates=False,
):
    """The API of a tenant record: list/retrieve/create/update/archive/restore through the app's services;
    `money_fields` are hidden from whom may not see money (or pay rates, with `pay_rates`)."""
    out, inp = model_serializers(model, fields, money_fields, pay_rates)
    attrs = {
        "model": model,
        "queryset": model.objects.none(),
        "serializer_class": out,
        "input_serializer_class": inp,
        "permission_resource": resource,
        "create_service": staticmethod(create),
        "update_service": staticmethod(update),
        "filterset_fields": list(filters),
        "search_fields": list(search),
        "ordering_fields": list(ordering) or ["id"],
        "ordering": [ordering[0] if ordering else "id"],
        "money_fields": tuple(money_fields),
        "pay_rates": pay_rates,
        "__doc__": f"{model._meta.verbose_name_plural.title()} of the current organization.",
    }
    if optimize:
        attrs["optimize"] = lambda self, qs: optimize(qs)
    return tenant_schema(type(f"{model.__name__}ViewSet", (TenantViewSet,), attrs))
