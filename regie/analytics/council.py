"""The monthly report for the municipal council: one page, in the organization's language, with its name and
the period — the elected official's figures (a department head's: their department's) compared with the period
before, and the requests by category. The printable page and the PDF (reportlab, the project's PDF library) show
the same `CouncilReport`."""

import io
from dataclasses import dataclass, replace

from django.utils import formats
from django.utils.translation import gettext as _

from . import dashboards, display


@dataclass
class CouncilReport:
    title: str
    organization: str
    period: str
    previous: str
    figures: list  # (label, value, previous, change, trend)
    tables: list  # (title, [(label, value)])
    generated: str


def report(scope, now):
    layout = "elected" if scope.dashboard in ("director", "elected") else scope.dashboard
    board = dashboards.build(replace(scope, dashboard=layout), now)
    figures = [
        (
            str(f.indicator.label),
            display.value_text(f.indicator, f.value),
            _("now") if f.indicator.current else display.value_text(f.indicator, f.previous),
            display.change_text(f),
            display.trend_class(f),
        )
        for f in board.figures()
    ]
    tables = [
        (str(t.breakdown.title), [(row.label, display.value_text(row.figure.indicator, row.figure.value))
                                  for row in t.rows[:8]])
        for t in board.tables
    ]  # fmt: skip
    return CouncilReport(
        title=_("Monthly report for the council"),
        organization=scope.organization.name,
        period=str(scope.period),
        previous=str(scope.period.previous()),
        figures=figures,
        tables=tables,
        generated=formats.date_format(now, "DATETIME_FORMAT"),
    )


def _text(value):
    """Text the PDF's standard fonts (WinAnsi) can draw: the typographic spaces and minus made plain."""
    return str(value).replace("\u202f", " ").replace("\u00a0", " ").replace("\u2212", "-").replace("\u2013", "-")


def pdf(report):
    """The report as a one-page A4 PDF (bytes)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_text(f"{report.title} — {report.organization} — {report.period}"),
        author=_text(report.organization),
        creator="Régie",
    )
    styles = getSampleStyleSheet()
    grid = TableStyle(
        [
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ]
    )
    story = [
        Paragraph(_text(report.organization), styles["Title"]),
        Paragraph(_text(f"{report.title} — {report.period}"), styles["Heading2"]),
        Paragraph(_text(_("Compared with %(previous)s.") % {"previous": report.previous}), styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    rows = [[_text(_("Indicator")), _text(_("Value")), _text(_("Previous period")), _text(_("Change"))]]
    rows += [
        [_text(label), _text(value), _text(before), _text(change)]
        for label, value, before, change, _t in report.figures
    ]
    story.append(Table(rows, colWidths=[85 * mm, 32 * mm, 32 * mm, 30 * mm], style=grid, repeatRows=1))
    for title, lines in report.tables:
        story += [Spacer(1, 4 * mm), Paragraph(_text(title), styles["Heading4"])]
        body = [[_text(_("Group")), _text(_("Value"))], *[[_text(label), _text(value)] for label, value in lines]]
        if len(body) == 1:
            body.append([_text(_("Nothing in this period.")), ""])
        story.append(Table(body, colWidths=[120 * mm, 59 * mm], style=grid, repeatRows=1))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(_text(_("Produced by Régie on %(when)s.") % {"when": report.generated}), styles["Italic"]),
    ]
    frame = KeepInFrame(A4[0] - 30 * mm, A4[1] - 30 * mm, story, mode="shrink")  # one page, shrunk if need be
    document.build([frame])
    return buffer.getvalue()
