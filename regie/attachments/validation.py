"""What an uploaded file must be to be stored: a photo we decoded and re-encoded, or a PDF a parser read.

Nothing is trusted from the upload but its bytes: a photo is fully decoded with Pillow (so "JPEG magic bytes
followed by HTML" is refused, and whatever follows a real image is dropped), turned upright from its EXIF
orientation, re-encoded without any metadata (EXIF, GPS, comments, ICC) and given a thumbnail. iPhone photos
(HEIC/HEIF) are converted to JPEG with pillow-heif. A PDF must parse with pypdf, not be encrypted and carry no
JavaScript. Anything else is refused with a message naming the file.
"""

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError

pillow_heif.register_heif_opener()

MAX_FILES = 10
MAX_PIXELS = 50_000_000  # a 48-megapixel iPhone photo passes; a decompression bomb does not
MAX_SIDE = 4096  # stored photos are scaled down to fit: enough to see a crack, not a 40 MB file
THUMBNAIL_SIZE = (320, 240)
# decoded format → (stored format, MIME type, extension)
IMAGE_OUTPUT = {
    "JPEG": ("JPEG", "image/jpeg", ".jpg"),
    "HEIF": ("JPEG", "image/jpeg", ".jpg"),  # iPhone photos: converted, browsers do not show HEIC
    "PNG": ("PNG", "image/png", ".png"),
    "WEBP": ("WEBP", "image/webp", ".webp"),
}
ACCEPT = ".jpg,.jpeg,.png,.webp,.heic,.heif,.pdf,image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"
PDF_SCRIPT_KEYS = ("/JavaScript", "/JS")


def max_bytes():
    return settings.ATTACHMENT_MAX_BYTES


@dataclass
class CheckedFile:
    """A file that passed: the bytes to store (re-encoded for photos), its thumbnail, what it is."""

    name: str
    mime: str
    kind: str
    content: bytes
    thumbnail: bytes | None = None

    @property
    def size(self):
        return len(self.content)


def _refuse(message, name):
    raise ValidationError({"files": [message % {"name": name}]})


def check_files(uploads):
    """Check every file before any is stored: one bad file refuses the whole submission."""
    uploads = [u for u in uploads or () if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)s files at a time.") % {"n": MAX_FILES}]})
    return [u if isinstance(u, CheckedFile) else check_file(u) for u in uploads]


def check_pdf(upload, field="files"):
    """One PDF document (a quote, an invoice), checked as any file; a photo or anything else is refused on `field`."""
    try:
        checked = check_file(upload)
    except ValidationError as error:
        raise ValidationError({field: error.message_dict["files"]}) from None
    if checked.kind != "document":
        raise ValidationError({field: [_("“%(name)s” is not a PDF document.") % {"name": checked.name}]})
    return checked


def check_file(upload):
    name = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1][-200:] or "file"
    if upload.size > max_bytes():
        raise ValidationError(
            {
                "files": [
                    _("“%(name)s” is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(max_bytes())}
                ]
            }
        )
    if upload.size == 0:
        _refuse(_("“%(name)s” is empty."), name)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"%PDF-"):
        return _check_pdf(data, name)
    return _check_image(data, name)


def _check_image(data, name):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_OUTPUT))
            if image.width * image.height > MAX_PIXELS:
                _refuse(_("“%(name)s” has too many pixels to be a photo."), name)
            image.load()
            source_format = image.format
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_("“%(name)s” has too many pixels to be a photo."), name)
    except Exception:
        _refuse(
            _("“%(name)s” is not an accepted file: photos (JPEG, PNG, WebP, HEIC) or PDF documents only."),
            name,
        )
    output_format, mime, extension = IMAGE_OUTPUT[source_format]
    clean = _without_metadata(image, output_format)
    content = _encode(clean, output_format)
    return CheckedFile(
        name=_with_extension(name, extension),
        mime=mime,
        kind="photo",
        content=content,
        thumbnail=_thumbnail(clean),
    )


def _without_metadata(image, output_format):
    """The pixels only, in a mode the output format stores: no EXIF, GPS, XMP, comment or profile survives."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if output_format == "JPEG":
        mode = "L" if image.mode in ("L", "1") else "RGB"
    else:
        mode = "RGBA" if has_alpha else ("L" if image.mode in ("L", "1") else "RGB")
    converted = image.convert(mode) if image.mode != mode else image
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image, output_format):
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}, "PNG": {"optimize": True}}
    image.save(out, format=output_format, **options[output_format])
    return out.getvalue()


def _thumbnail(image):
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    if thumb.mode in ("RGBA", "LA"):
        background = Image.new("RGB", thumb.size, "white")
        background.paste(thumb, mask=thumb.getchannel("A"))
        thumb = background
    elif thumb.mode != "RGB":
        thumb = thumb.convert("RGB")
    return _encode(thumb, "JPEG")


def _with_extension(name, extension):
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (stem[: 200 - len(extension)] or "photo") + extension


def _check_pdf(data, name):
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _refuse(_("“%(name)s” is an encrypted PDF: send it without a password."), name)
        pages = reader.pages
        if len(pages) == 0:
            raise PyPdfError("no page")
        scripted = _pdf_has_script(reader, pages)
    except ValidationError:
        raise
    except Exception:
        _refuse(_("“%(name)s” is not a readable PDF document."), name)
    if scripted or any(key.encode() in data for key in PDF_SCRIPT_KEYS):
        _refuse(_("“%(name)s” contains scripts: PDF documents with JavaScript are refused."), name)
    return CheckedFile(name=_with_extension(name, ".pdf"), mime="application/pdf", kind="document", content=data)


def _pdf_has_script(reader, pages):
    """JavaScript where a reader runs it: the catalogue's names, open and document actions, pages, links."""
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    if _is_script(root.get("/OpenAction")) or "/AA" in root:
        return True
    for page in pages:
        if "/AA" in page:
            return True
        for annotation in page.get("/Annots") or ():
            if _is_script(annotation.get_object().get("/A")):
                return True
    return False


def _is_script(action):
    action = action.get_object() if action is not None else None
    return hasattr(action, "get") and action.get("/S") == "/JavaScript"
