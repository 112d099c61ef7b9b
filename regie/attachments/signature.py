"""Signature capture, shared by every record that is signed on site (a work order's completion; PPE issue slips
and the field app next): a form field whose widget draws on a canvas (signature_pad, vendor/signature-pad), the
server-side check of what it sends, and the fields a signed record carries.

The browser sends a PNG as a data URL (`data:image/png;base64,…`); the API takes the same, or the bare base64.
Nothing is trusted but the decoded pixels: the text must be base64, the bytes a PNG that Pillow decodes, within
`MAX_BYTES` and `MAX_WIDTH` × `MAX_HEIGHT`, with some ink on it (a blank canvas is no signature); it is then
re-encoded without metadata (`validation._without_metadata`) and stored as an attachment of the record
(`store_signature`). Who signed is the name the signer types (bounded), when is the server's clock.
See docs/conventions.md, "Signature capture: how to reuse it".
"""

import base64
import binascii
import io
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from regie.core.validators import NAME_LENGTH

from .validation import CheckedFile, _encode, _thumbnail, _without_metadata

MAX_BYTES = 300_000  # a phone's signature at twice its CSS pixels is 10–40 kB
MAX_WIDTH, MAX_HEIGHT = 2400, 1200
MIN_INK_PIXELS = 40  # dark pixels a mark needs: a stray tap leaves fewer
DATA_URL_PREFIX = "data:image/png;base64,"
MAX_TEXT_LENGTH = len(DATA_URL_PREFIX) + (MAX_BYTES + 2) // 3 * 4  # the longest text worth decoding
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
INK_THRESHOLD = 160  # grey level (0 black, 255 white) below which a pixel counts as ink, on a white background


def decode_signature(text, field="signature"):
    """The signature in `text` (a PNG data URL or bare base64) checked and re-encoded, as a `CheckedFile` ready for
    `attachments.services.store`; a ValidationError on `field` saying what is wrong otherwise."""

    def refuse(message, code):
        raise ValidationError({field: [ValidationError(message, code=code)]})

    text = (text or "").strip()
    if not text:
        refuse(_("Sign in the box."), "required")
    if len(text) > MAX_TEXT_LENGTH:
        refuse(_("The signature is too large."), "too_large")
    if text.startswith("data:"):
        if not text.startswith(DATA_URL_PREFIX):
            refuse(_("The signature must be a PNG image."), "not_png")
        text = text[len(DATA_URL_PREFIX) :]
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        refuse(_("The signature is not valid base64."), "not_base64")
    if len(data) > MAX_BYTES:
        refuse(_("The signature is too large."), "too_large")
    if not data.startswith(PNG_MAGIC):
        refuse(_("The signature must be a PNG image."), "not_png")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            if image.width > MAX_WIDTH or image.height > MAX_HEIGHT:
                refuse(_("The signature is too large."), "too_large")
            image.load()
    except ValidationError:
        raise
    except Exception:
        refuse(_("The signature must be a PNG image."), "not_png")
    clean = _without_metadata(image, "PNG")
    if ink_pixels(clean) < MIN_INK_PIXELS:
        refuse(_("The signature is empty: sign in the box."), "blank")
    return CheckedFile(
        name=f"signature-{timezone.now():%Y%m%d-%H%M%S}.png",
        mime="image/png",
        kind="photo",
        content=_encode(clean, "PNG"),
        thumbnail=_thumbnail(clean),
    )


def ink_pixels(image):
    """How many pixels are dark once the image is laid on white paper (a transparent canvas is white)."""
    if image.mode in ("RGBA", "LA"):
        paper = Image.new("RGB", image.size, "white")
        paper.paste(image, mask=image.getchannel("A"))
        image = paper
    return sum(image.convert("L").histogram()[:INK_THRESHOLD])


class SignatureWidget(forms.Widget):
    """A canvas to sign on with a finger, a stylus or the mouse, a "Clear" button, and the hidden input the PNG
    data URL is written into (regie/static/regie/js/signature.js). Without JavaScript, or for someone who cannot
    draw, the text beside the canvas says so: the signer signs on the device of the person on site."""

    template_name = "components/signature.html"

    def id_for_label(self, id_):
        return f"{id_}_pad" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        """With the project's templates (components/): the pad starts empty, a refused form is signed again."""
        from django.template.loader import render_to_string

        return mark_safe(render_to_string(self.template_name, self.get_context(name, "", attrs)))  # noqa: S308


class SignatureField(forms.Field):
    """A signature captured on the page: cleans to a `CheckedFile` (`decode_signature`), or None when optional
    and left empty."""

    widget = SignatureWidget
    default_error_messages = {"required": gettext_lazy("Sign in the box.")}

    def __init__(self, *, max_length=MAX_TEXT_LENGTH, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_python(self, value):
        return (value or "").strip()

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        if not value:
            return None
        try:
            return decode_signature(value, field="signature")
        except ValidationError as error:
            raise ValidationError(error.error_dict["signature"]) from None


def signer_name_field(**kwargs):
    return forms.CharField(label=gettext_lazy("Name of the signer"), max_length=NAME_LENGTH, **kwargs)


class SignedRecord(models.Model):
    """The fields of a record signed on site: the signature (an attachment of the record: shown with its files),
    the name the signer typed, when. A model inherits it; its service calls `store_signature`."""

    signature = models.ForeignKey(
        "attachments.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=gettext_lazy("signature"),
    )
    signed_by_name = models.CharField(
        gettext_lazy("signed by"), max_length=NAME_LENGTH, blank=True, default="", editable=False
    )
    signed_at = models.DateTimeField(gettext_lazy("signed at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def store_signature(record, checked, *, by, signer_name, now=None):
    """Keep the checked signature (`decode_signature`) on `record` (a `SignedRecord`, locked by the caller's
    transaction) as one of its files, with the signer's name and the time. Returns the fields it set."""
    from .services import store

    signer_name = " ".join((signer_name or "").split())
    if not signer_name:
        raise ValidationError({"signer_name": [_("Type the name of the person who signs.")]})
    if len(signer_name) > NAME_LENGTH:
        raise ValidationError({"signer_name": [_("At most %(n)s characters.") % {"n": NAME_LENGTH}]})
    (attachment,) = store([checked], record=record, by=by)
    record.signature, record.signed_by_name, record.signed_at = attachment, signer_name, now or timezone.now()
    return {"signature", "signed_by_name", "signed_at"}
