"""`/api/v1/attachments/`: the files the caller may see (filter by record), upload to a record, remove, download."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from regie.core.api import ArchiveSerializer, ModelSerializer, TenantAPIMixin
from regie.core.api_defaults import JSONParser
from regie.core.exceptions import NotFound
from regie.core.filters import refuse_unknown_parameters

from . import registry, selectors, services
from .models import Attachment
from .validation import MAX_FILES
from .views import file_response


def record_type(model):
    return model._meta.label_lower


class AttachmentSerializer(ModelSerializer):
    uploaded_by = serializers.PrimaryKeyRelatedField(read_only=True)
    previous = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The version this file replaces.")
    record_type = serializers.SerializerMethodField()
    record_id = serializers.IntegerField(source="object_id", read_only=True)
    content_type = serializers.CharField(source="mime", read_only=True)
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "record_type",
            "record_id",
            "original_name",
            "content_type",
            "size",
            "kind",
            "stage",
            "version",
            "previous",
            "uploaded_by",
            "created_at",
            "url",
            "thumbnail_url",
        ]
        read_only_fields = fields

    def get_record_type(self, obj) -> str:
        return record_type(ContentType.objects.get_for_id(obj.content_type_id).model_class())

    def get_url(self, obj) -> str:
        return reverse("attachments:file", args=[obj.pk])

    def get_thumbnail_url(self, obj) -> str | None:
        return reverse("attachments:thumbnail", args=[obj.pk]) if obj.thumbnail else None


def _record_types():
    return [record_type(model) for model in registry.models()]


class RecordSerializer(serializers.Serializer):
    record_type = serializers.CharField(
        help_text="The record's type, `app_label.model` (one of the types that take files)."
    )
    record_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)

    def validate_record_type(self, value):
        if value not in _record_types():
            raise serializers.ValidationError(_("This type of record takes no files."))
        return value


class RecordFilterSerializer(RecordSerializer):
    record_type = serializers.CharField(required=False)
    record_id = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class UploadSerializer(RecordSerializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        max_length=MAX_FILES,
        help_text="Photos (JPEG, PNG, WebP, HEIC) or PDF: photos are re-encoded without metadata, HEIC to JPEG.",
    )
    stage = serializers.ChoiceField(choices=Attachment.Stage.choices, required=False, default="")
    replaces = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="A file of the same record this one file is the next version of.",
    )


def resolve_record(organization, membership, type_label, pk):
    """The record the caller may see, of a type that takes files; NotFound otherwise."""
    app_label, _dot, model_name = type_label.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        raise NotFound() from None
    entry = registry.entry_for(model)
    record = entry.visible(organization, membership).filter(pk=pk).first() if entry else None
    if record is None:
        raise NotFound()
    return record


@extend_schema(
    parameters=[
        OpenApiParameter("record_type", str, description="Only the files of this type of record."),
        OpenApiParameter("record_id", int, description="Only the files of this record (with `record_type`)."),
    ]
)
class AttachmentViewSet(TenantAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Files of the records the caller may see: a file's parent decides who sees it, and who may add one."""

    model = Attachment
    queryset = Attachment.objects.none()
    serializer_class = AttachmentSerializer
    filter_backends = []
    query_parameters = ("record_type", "record_id")  # the list's filters (`RecordFilterSerializer`)
    parser_classes = [MultiPartParser, JSONParser]  # core's: bounded size and nesting
    permission_resource = "attachment"
    permission_actions = {"create": "attachment.add", "archive": "attachment.add", "download": "attachment.view"}

    def get_queryset(self):
        qs = selectors.visible_attachments(self.organization, self.request.membership)
        if self.action == "list":
            query = RecordFilterSerializer(data=self.request.query_params)
            refuse_unknown_parameters(self, self.request)
            query.is_valid(raise_exception=True)
            if "record_type" in query.validated_data:
                app_label, _dot, model_name = query.validated_data["record_type"].partition(".")
                qs = qs.filter(content_type__app_label=app_label, content_type__model=model_name)
            if "record_id" in query.validated_data:
                qs = qs.filter(object_id=query.validated_data["record_id"])
        return qs.order_by("-created_at", "-id")

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: AttachmentSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        """Upload photos or documents to a record (multipart; field `files`, repeated; `stage` where it applies)."""
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = resolve_record(self.organization, request.membership, data["record_type"], data["record_id"])
        saved = services.attach_files(
            by=request.user,
            organization=self.organization,
            record=record,
            uploads=data["files"],
            stage=data["stage"],
            replaces=data.get("replaces"),
        )
        return Response(AttachmentSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArchiveSerializer, responses={200: AttachmentSerializer})
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Take a file off its record (kept, archived)."""
        serializer = ArchiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.archive_attachment(
            self.get_object(),
            by=request.user,
            organization=self.organization,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(AttachmentSerializer(obj).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself, with its type (photos re-encoded at upload)."""
        return file_response(self.get_object(), download=True)
