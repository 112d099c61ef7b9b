"""Files built in the tests: real photos (with EXIF and GPS), forged ones, PDFs, an iPhone HEIC."""

import io
import struct
import zlib

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(size=(80, 40), orientation=6):
    """A real JPEG as a phone writes it: maker, orientation (6: turn 90° clockwise) and a GPS position."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Apple"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(8, 6)):
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, "PNG")
    return out.getvalue()


def bomb_png(width=60000, height=60000):
    """A tiny PNG whose header claims 3.6 billion pixels: decoding it would take gigabytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def heic(size=(64, 48)):
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 30)).save(out, format="HEIF")
    return out.getvalue()


def pdf(*, password=None):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_script(*, where="open_action"):
    """A PDF that runs JavaScript when opened: as its open action, or in the catalogue's named scripts."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    )
    if where == "open_action":
        writer._root_object[NameObject("/OpenAction")] = action
    else:
        names = ArrayObject([TextStringObject("hello"), action])
        tree = DictionaryObject({NameObject("/Names"): names})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    return data


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
