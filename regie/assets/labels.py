"""Printable QR labels of assets (PDF, ReportLab): an A4 sheet of 3 × 8 labels of 70 × 37 mm, each with the QR code
of the asset's short URL, its code, its name and its organization.

ReportLab (BSD) is the project's one PDF library (labels, cost statements, later orders and reports): it draws
with its own QR code widget, needs no system library, and writes PDFs in pure Python (docs/architecture.md).
The selection is any filtered list of the registry (`AssetFilter`): a building's equipment
(`?within=<building>&kind=equipment`), a playground's items, a street's lights (`?within=<section>&type=<EP>`).
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from regie.core.views import TenantViewMixin

from . import selectors
from .filters import AssetFilter, attribute_filters
from .models import Asset

app_name = "assetlabels"

MAX_LABELS = 600  # 25 sheets
COLUMNS, ROWS = 3, 8
LABEL_WIDTH, LABEL_HEIGHT = 70 * mm, 37 * mm
PADDING = 2.5 * mm
URL_BAND = 4 * mm  # the short URL in clear along the bottom, for whoever has no QR reader
QR_SIZE = LABEL_HEIGHT - 2 * PADDING - URL_BAND
TEXT_FONT, BOLD_FONT = "Helvetica", "Helvetica-Bold"


def public_base_url(request):
    """Where the short URLs point: the REGIE_PUBLIC_URL setting (the public host), else this request's host."""
    configured = getattr(settings, "REGIE_PUBLIC_URL", "")
    return (configured or request.build_absolute_uri("/")).rstrip("/")


def short_url(base_url, asset):
    return base_url + reverse("shorturls:short-url", args=[asset.public_id])


def qr_drawing(value, size):
    """The QR code of `value` as a `size`-point square drawing (error correction M: a scratched label still reads)."""
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def render_labels(assets, base_url, *, title="Labels"):
    """The PDF (bytes) of one label per asset, in the order given, 24 to a page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Régie")
    page_width, page_height = A4
    left = (page_width - COLUMNS * LABEL_WIDTH) / 2
    top = page_height - (page_height - ROWS * LABEL_HEIGHT) / 2
    per_page = COLUMNS * ROWS
    for index, asset in enumerate(assets):
        if index and index % per_page == 0:
            canvas.showPage()
        slot = index % per_page
        x = left + (slot % COLUMNS) * LABEL_WIDTH
        y = top - (slot // COLUMNS + 1) * LABEL_HEIGHT
        draw_label(canvas, x, y, asset, short_url(base_url, asset))
    if not assets:
        canvas.drawString(20 * mm, page_height - 20 * mm, _("No asset to label."))
    canvas.save()
    return buffer.getvalue()


def draw_label(canvas, x, y, asset, url):
    renderPDF.draw(qr_drawing(url, QR_SIZE), canvas, x + PADDING, y + PADDING + URL_BAND)
    text_x = x + PADDING + QR_SIZE + 2 * mm
    width = x + LABEL_WIDTH - PADDING - text_x
    line_y = y + LABEL_HEIGHT - PADDING - 7
    canvas.setFont(TEXT_FONT, 6)
    for line in simpleSplit(asset.organization.name, TEXT_FONT, 6, width)[:2]:
        canvas.drawString(text_x, line_y, line)
        line_y -= 7
    line_y -= 3
    canvas.setFont(BOLD_FONT, 9)
    canvas.drawString(text_x, line_y, _fit(asset.code, BOLD_FONT, 9, width))
    line_y -= 10
    canvas.setFont(TEXT_FONT, 7.5)
    for line in simpleSplit(asset.name, TEXT_FONT, 7.5, width)[:4]:
        canvas.drawString(text_x, line_y, line)
        line_y -= 8.5
    canvas.setFont(TEXT_FONT, 6)
    band = LABEL_WIDTH - 2 * PADDING
    canvas.drawString(x + PADDING + 2, y + PADDING + 1, _fit(url.split("://", 1)[-1], TEXT_FONT, 6, band))


def _fit(text, font, size, width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text, font, size) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text


class LabelsView(TenantViewMixin, View):
    """GET /assets/labels.pdf?<the registry's filters> — the QR labels of a selection (at most MAX_LABELS)."""

    permission_action = "asset.view"
    http_method_names = ["get", "head"]

    def get(self, request):
        organization = request.organization
        queryset = Asset.objects.for_org(organization).active().select_related("organization")
        filterset = AssetFilter(request.GET, queryset=queryset, request=request)
        try:
            if not filterset.is_valid():
                raise ValidationError(" ".join(m for ms in filterset.errors.values() for m in ms))
            attributes = attribute_filters(request.GET, organization)
        except ValidationError as error:
            return self.refuse(" ".join(error.messages))
        assets = selectors.filter_assets(filterset.qs, attributes=attributes).order_by("path")
        selected = list(assets[: MAX_LABELS + 1])
        if len(selected) > MAX_LABELS:
            count = assets.count()
            message = _(
                "%(count)s assets match: at most %(max)s labels are printed at once. Narrow the selection "
                "(inside one building, one street, one type)."
            ) % {"count": count, "max": MAX_LABELS}
            return self.refuse(message, status=413)
        pdf = render_labels(selected, public_base_url(request), title=_("Asset labels"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="labels.pdf"'
        return response

    def refuse(self, message, status=400):
        return render(request=self.request, template_name="assets/labels_refused.html",
                      context={"message": message}, status=status)  # fmt: skip


urlpatterns = [path("labels.pdf", LabelsView.as_view(), name="labels")]
