"""Serving a file with its parent's rights (never a public media URL), uploading to a record, removing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from regie.core.exceptions import DomainError
from regie.core.views import TenantViewMixin, redirect_to

from . import registry, selectors, services
from .forms import UploadForm
from .models import Attachment


def file_response(attachment, *, thumbnail=False, download=False):
    """The stored bytes with the type found at upload, `nosniff` and a sandbox: a file never becomes a page.

    Photos are shown inline (they were re-encoded), documents are downloaded.
    """
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = attachment.is_photo and not download
    response = FileResponse(
        handle,
        content_type="image/jpeg" if thumbnail else attachment.mime,
        as_attachment=not inline,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"  # never in a shared cache: the file is not public
    return response


class AttachmentFileView(TenantViewMixin, View):
    """A file, for whoever may see its parent record (404 otherwise, whatever the reason)."""

    model = Attachment
    permission_action = "attachment.view"
    thumbnail = False

    def get(self, request, pk):
        attachment = selectors.visible_attachments(self.organization, request.membership).filter(pk=pk).first()
        if attachment is None:
            raise Http404
        return file_response(attachment, thumbnail=self.thumbnail, download=request.GET.get("download") == "1")


class RecordMixin:
    def record(self):
        entry = registry.entry_for_content_type(self.kwargs["content_type_id"])
        if entry is None:
            raise Http404
        record = entry.visible(self.organization, self.request.membership).filter(pk=self.kwargs["object_id"]).first()
        if record is None:
            raise Http404
        return entry, record


class AttachmentUploadView(RecordMixin, TenantViewMixin, View):
    """POST files to a record (the component's form); back to the record's page with a message either way."""

    model = Attachment
    permission_action = "attachment.add"
    http_method_names = ["post"]

    def post(self, request, content_type_id, object_id):
        entry, record = self.record()
        back = entry.detail_url(record) + "#files"
        form = UploadForm(request.POST, request.FILES, stages=entry.stages)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect_to(request, back)
        try:
            saved = services.attach_files(
                by=request.user,
                organization=self.organization,
                record=record,
                uploads=form.cleaned_data["files"],
                stage=form.cleaned_data.get("stage", ""),
                replaces=form.cleaned_data.get("replaces"),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            count = len(saved)
            messages.success(
                request, ngettext("%(count)d file added.", "%(count)d files added.", count) % {"count": count}
            )
        return redirect_to(request, back)


class AttachmentArchiveView(TenantViewMixin, View):
    """POST: take a file off its record (archived, not deleted)."""

    model = Attachment
    permission_action = "attachment.add"
    http_method_names = ["post"]

    def post(self, request, pk):
        attachment = selectors.visible_attachments(self.organization, request.membership).filter(pk=pk).first()
        if attachment is None:
            raise Http404
        entry = registry.entry_for(attachment.content_type.model_class())
        try:
            services.archive_attachment(attachment, by=request.user, organization=self.organization)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("File removed: %(name)s.") % {"name": attachment.original_name})
        return redirect_to(request, entry.detail_url(attachment.record) + "#files")
