"""Reading QR labels in tests as a phone would: the labels' PDF rendered to an image (pypdfium2) and its QR codes
decoded (zxing-cpp)."""

import pypdfium2
import zxingcpp


def urls_on_labels(pdf_bytes, page=0, scale=4):
    """The texts of the QR codes on one page of a labels PDF, top to bottom."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image)
    return [code.text for code in sorted(found, key=lambda c: (c.position.top_left.y, c.position.top_left.x))]
