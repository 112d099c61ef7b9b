"""PNG signatures for tests: a drawn one, a blank canvas, as the browser's data URL."""

import base64
import io

from PIL import Image, ImageDraw


def png(width=600, height=200, ink=True, mode="RGBA", **save):
    image = Image.new(mode, (width, height), (0, 0, 0, 0) if mode == "RGBA" else "white")
    if ink:
        draw = ImageDraw.Draw(image)
        draw.line([(40, 150), (120, 40), (200, 160), (300, 60), (420, 140), (540, 50)], fill="#111", width=4)
    out = io.BytesIO()
    image.save(out, format="PNG", **save)
    return out.getvalue()


def data_url(data=None):
    return "data:image/png;base64," + base64.b64encode(png() if data is None else data).decode()
