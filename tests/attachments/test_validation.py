"""What an upload must be to be stored: photos decoded, re-encoded without metadata; PDFs parsed; HEIC converted."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from regie.attachments.validation import MAX_FILES, check_file, check_files

from .images import GPS_IFD, bomb_png, heic, jpeg_with_gps, pdf, pdf_with_script, png, upload

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def refusal(data, name):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_file(upload(name, data))
    return " ".join(error.value.message_dict["files"])


def test_jpeg_magic_bytes_followed_by_html_are_refused():
    message = refusal(b"\xff\xd8\xff\xe0<html><script>alert(document.cookie)</script></html>", "photo.jpg")
    assert "photo.jpg" in message


def test_html_after_a_real_jpeg_is_not_stored():
    checked = check_file(upload("photo.jpg", jpeg_with_gps() + b"<html><script>alert(1)</script></html>"))
    assert checked.mime == "image/jpeg" and b"<script>" not in checked.content


def test_a_phone_photo_is_stored_upright_without_exif_or_gps():
    original = jpeg_with_gps(size=(80, 40), orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    checked = check_file(upload("IMG_0001.JPG", original))
    assert (checked.mime, checked.kind, checked.name) == ("image/jpeg", "photo", "IMG_0001.jpg")
    stored = Image.open(io.BytesIO(checked.content))
    assert stored.size == (40, 80)  # turned as its EXIF orientation said, before the EXIF was dropped
    assert not stored.getexif() and not stored.getexif().get_ifd(GPS_IFD)
    assert b"Exif" not in checked.content and b"Apple" not in checked.content


def test_a_thumbnail_is_made():
    checked = check_file(upload("large.png", png(size=(1600, 1200))))
    thumbnail = Image.open(io.BytesIO(checked.thumbnail))
    assert thumbnail.format == "JPEG" and thumbnail.size == (320, 240)
    assert checked.mime == "image/png" and Image.open(io.BytesIO(checked.content)).format == "PNG"


def test_a_decompression_bomb_is_refused():
    assert "too many pixels" in refusal(bomb_png(), "bomb.png")


def test_an_iphone_heic_photo_is_converted_to_jpeg():
    checked = check_file(upload("IMG_0002.HEIC", heic(size=(64, 48)), "image/heic"))
    assert (checked.mime, checked.name) == ("image/jpeg", "IMG_0002.jpg")
    stored = Image.open(io.BytesIO(checked.content))
    assert stored.format == "JPEG" and stored.size == (64, 48)


def test_a_valid_pdf_is_accepted_as_it_is():
    data = pdf()
    checked = check_file(upload("devis.pdf", data))
    assert (checked.mime, checked.kind, checked.content, checked.thumbnail) == (
        "application/pdf",
        "document",
        data,
        None,
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n<html><script>alert(1)</script></html>", "not a readable PDF"),
        (b"%PDF-1.4\n" + b"\x00" * 100, "not a readable PDF"),
        (pdf(password="secret"), "encrypted"),
        (pdf_with_script(where="names"), "scripts"),
        (pdf_with_script(where="open_action"), "scripts"),
    ],
    ids=["html", "garbage", "encrypted", "javascript", "open-action"],
)
def test_a_fake_or_dangerous_pdf_is_refused(data, expected):
    assert expected in refusal(data, "devis.pdf")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", b"<html><body>hello</body></html>"),
        ("program.png", b"MZ\x90\x00\x03" + b"\x00" * 200),
        (
            "image.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        ),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_anything_else_is_refused_with_its_name(name, data):
    message = refusal(data, name)
    assert name in message and "JPEG, PNG, WebP, HEIC" in message


def test_size_limit_comes_from_the_settings(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    assert "larger than" in refusal(png(size=(200, 200)) + b"\x00" * 1000, "big.png")
    assert "empty" in refusal(b"", "empty.png")


def test_too_many_files_at_once():
    with pytest.raises(ValidationError):
        check_files([upload(f"{i}.png", png()) for i in range(MAX_FILES + 1)])
