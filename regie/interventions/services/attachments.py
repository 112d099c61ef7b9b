"""Uploaded photos and documents: type checked by content (not by name), size bounded, stored by Django storage."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Attachment

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
# content signature → (MIME type, extensions accepted for it)
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"%PDF-", "application/pdf", (".pdf",)),
)


def sniff(head: bytes, name: str):
    """The MIME type of a file from its first bytes, if it is one we accept and its name agrees."""
    lower = name.lower()
    for magic, mime, extensions in SIGNATURES:
        if head.startswith(magic) and lower.endswith(extensions):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and lower.endswith(".webp"):
        return "image/webp"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") and lower.endswith((".heic", ".heif")):
        return "image/heic"
    return None


def check_files(files):
    """Validate every file before any is stored: one bad file refuses the whole submission."""
    files = [f for f in files or () if f]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)s files at a time.") % {"n": MAX_FILES}]})
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or "file")[-200:]
        if upload.size > MAX_BYTES:
            raise ValidationError({"files": [_("“%(name)s” is larger than 10 MB.") % {"name": name}]})
        if upload.size == 0:
            raise ValidationError({"files": [_("“%(name)s” is empty.") % {"name": name}]})
        upload.seek(0)
        mime = sniff(upload.read(16), name)
        upload.seek(0)
        if mime is None:
            raise ValidationError(
                {
                    "files": [
                        _("“%(name)s” is not an accepted file: photos (JPEG, PNG, WebP, HEIC) or PDF documents only.")
                        % {"name": name}
                    ]
                }
            )
        checked.append((upload, name, mime))
    return checked


def save_attachments(files, *, organization, by, request=None, work_order=None):
    saved = []
    for upload, name, mime in check_files(files):
        attachment = Attachment(
            organization=organization,
            request=request,
            work_order=work_order,
            original_name=name,
            content_type=mime,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved
