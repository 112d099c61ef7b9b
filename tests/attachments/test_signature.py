"""The signature check (`attachments.signature.decode_signature`): what the canvas sends is decoded, bounded,
checked for ink and re-encoded; everything else is refused with a message on the field."""

import base64
import io
import os

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin

from regie.attachments import signature
from regie.attachments.signature import SignatureField, decode_signature

from .signatures import data_url, png


def refusal(text):
    with pytest.raises(ValidationError) as error:
        decode_signature(text)
    (message,) = error.value.error_dict["signature"]
    return message.code


def test_a_drawn_signature_is_decoded_and_re_encoded():
    tagged = PngImagePlugin.PngInfo()
    tagged.add_text("Comment", "GPS 48.85 2.35")
    checked = decode_signature(data_url(png(pnginfo=tagged)))
    assert checked.mime == "image/png" and checked.kind == "photo" and checked.name.endswith(".png")
    image = Image.open(io.BytesIO(checked.content))
    assert image.format == "PNG" and image.size == (600, 200)
    assert "Comment" not in image.info  # metadata dropped by the re-encoding
    assert checked.thumbnail


def test_bare_base64_is_accepted_too():
    assert decode_signature(base64.b64encode(png()).decode()).mime == "image/png"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("data:image/png;base64,not*base64!", "not_base64"),
        ("data:image/png;base64,QUJD=", "not_base64"),  # padding in the middle of nowhere
        ("data:text/html;base64,PGgxPmhpPC9oMT4=", "not_png"),
        ("data:image/png;base64," + base64.b64encode(b"<svg onload=alert(1)>").decode(), "not_png"),
    ],
)
def test_what_is_not_a_png_is_refused(text, code):
    assert refusal(text) == code


def test_a_jpeg_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (300, 100), "black").save(out, format="JPEG")
    assert refusal(data_url(out.getvalue())) == "not_png"


def test_a_truncated_png_is_refused():
    assert refusal(data_url(png()[:300])) == "not_png"


def test_a_png_too_big_is_refused():
    assert refusal(data_url(png(width=signature.MAX_WIDTH + 1, height=100))) == "too_large"
    assert refusal(data_url(png(width=100, height=signature.MAX_HEIGHT + 1))) == "too_large"
    noise = Image.frombytes("RGBA", (500, 500), os.urandom(500 * 500 * 4))  # incompressible: ~1 MB
    out = io.BytesIO()
    noise.save(out, format="PNG")
    assert len(out.getvalue()) > signature.MAX_BYTES
    assert refusal(data_url(out.getvalue())) == "too_large"
    assert refusal("A" * (signature.MAX_TEXT_LENGTH + 1)) == "too_large"  # not even decoded


def test_a_blank_canvas_is_refused():
    assert refusal(data_url(png(ink=False))) == "blank"
    assert refusal(data_url(png(ink=False, mode="RGB"))) == "blank"  # white paper, no ink


def test_a_stray_tap_is_not_a_signature():
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    image.putpixel((10, 10), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    assert refusal(data_url(out.getvalue())) == "blank"


def test_the_form_field():
    field = SignatureField(required=False)
    assert field.clean("") is None
    assert field.clean(data_url()).mime == "image/png"
    with pytest.raises(ValidationError) as error:
        field.clean(data_url(png(ink=False)))
    assert [e.code for e in error.value.error_list] == ["blank"]
    with pytest.raises(ValidationError) as error:
        SignatureField().clean("")
    assert error.value.code == "required"


def test_the_widget_renders_a_pad_a_clear_button_and_the_hidden_input():
    html = SignatureField().widget.render("complete-signature", data_url(), {"id": "id_complete-signature"})
    assert 'id="id_complete-signature_pad"' in html and "data-signature-clear" in html
    assert 'type="hidden" name="complete-signature" id="id_complete-signature" value=""' in html
    assert "signature_pad.umd.min.js" in html and "regie/js/signature.js" in html
    assert "aria-describedby" in html
