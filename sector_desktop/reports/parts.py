"""Small building blocks shared by the documents: headings, key-value grids, tables, charts, QR codes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .styles import ACCENT, BODY_FONT, MARGIN, MUTED, PAGE, RULE, esc, styles, table_style

CONTENT_WIDTH = PAGE[0] - 2 * MARGIN


def p(text: object, style: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(esc(text), styles()[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of our own markup; never pass user text here unescaped."""
    return Paragraph(text, styles()[style])


def heading(text: str, level: str = "h1") -> Paragraph:
    return Paragraph(esc(text), styles()[level])


def key_values(rows: Sequence[tuple[str, object]], label_width: float = 1.6 * inch) -> Table:
    data = [[markup(esc(k), "label"), p(v if v not in (None, "") else "—", "cell")] for k, v in rows]
    t = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width])
    t.setStyle(TableStyle(table_style(header=False, zebra=False)))
    return t


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    alert_rows: Sequence[int] = (),
) -> Table:
    """A table with a header row; cells are user text. Rows in `alert_rows` print in the alert colour."""
    style = styles()
    body = [[Paragraph(esc(h), style["cell_bold"]) for h in header]]
    for i, row in enumerate(rows):
        cell = style["cell_alert"] if i in alert_rows else style["cell"]
        body.append([Paragraph(esc(v if v is not None else ""), cell) for v in row])
    t = Table(body, colWidths=list(widths), repeatRows=1)
    t.setStyle(TableStyle(table_style()))
    return t


def empty_note(text: str) -> Paragraph:
    return markup(f"<i>{esc(text)}</i>", "small")


def visits_chart(
    by_month: Sequence[tuple[str, int]], width: float = CONTENT_WIDTH, height: float = 1.6 * inch
) -> Drawing:
    """Visits per month as small bars, labelled every third month."""
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 18
    chart.width, chart.height = width - 40, height - 40  # type: ignore[assignment]  # stubs say int
    chart.data = [[n for _, n in by_month] or [0]]
    chart.categoryAxis.categoryNames = [m if i % 3 == 0 else "" for i, (m, _) in enumerate(by_month)] or [""]
    chart.categoryAxis.labels.fontName = BODY_FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = MUTED
    chart.valueAxis.labels.fontName = BODY_FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    top = max([n for _, n in by_month] or [1])
    chart.valueAxis.valueMax = max(2, top + 1)
    chart.valueAxis.valueStep = max(1, (top + 3) // 4)
    chart.valueAxis.strokeColor = RULE
    chart.categoryAxis.strokeColor = RULE
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    d.add(chart)
    d.add(String(0, height - 8, "Visits per month", fontName=BODY_FONT, fontSize=7, fillColor=MUTED))
    return d


class QrCode(Flowable):
    """A QR code encoded by reportlab's QR widget, drawn as one path.

    The widget's own drawing makes a shape per run of modules, which reportlab renders one node
    at a time (about 0.15 s a code); a single filled path prints the same modules in a few ms.
    """

    def __init__(self, value: str, size: float = 1.1 * inch) -> None:
        super().__init__()
        self.width = self.height = size
        widget = QrCodeWidget(value)
        qr = widget.qr  # type: ignore[attr-defined]  # set by the widget at run time; not in the stubs
        qr.make()
        self.modules = qr.modules

    def draw(self) -> None:
        count = len(self.modules)
        box = self.width / (count + 8)  # a quiet zone of four modules on each side
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.height - (r + 5) * box
            for c, dark in enumerate(row):
                if dark:
                    path.rect((c + 4) * box, y, box, box)
        self.canv.setFillColorRGB(0, 0, 0)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_code(value: str, size: float = 1.1 * inch) -> QrCode:
    return QrCode(value, size)


class RuledLines(Flowable):
    """Lined space for handwritten notes, filling the given height."""

    def __init__(self, width: float, height: float, spacing: float = 0.33 * inch) -> None:
        super().__init__()
        self.width, self.height, self.spacing = width, height, spacing

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        y = self.height
        while y > 0:
            self.canv.line(0, y, self.width, y)
            y -= self.spacing


def gap(points: float = 8) -> Spacer:
    return Spacer(1, points)
