"""Small building blocks shared by the documents: headings, key-value grids, tables, charts, QR codes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .styles import (
    ACCENT,
    ALERT,
    BODY_FONT,
    BOLD_FONT,
    INK,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    esc,
    is_plain_line,
    styles,
    table_style,
)

CONTENT_WIDTH = PAGE[0] - 2 * MARGIN


def p(text: object, style: str = "body") -> Flowable:
    """A paragraph of user text (escaped); plain text is laid out by `PlainText`."""
    value = "" if text is None else str(text)
    if is_plain_line(value):
        return PlainText(value, styles()[style])
    return Paragraph(esc(value), styles()[style])


class PlainText(Flowable):
    """User text without line breaks or CJK in a paragraph style, broken into lines word by word as
    a left-aligned Paragraph breaks it (greedy, same widths) and drawn with one drawString a line,
    without parsing markup or building fragments. A word wider than the line hands the whole text
    over to a Paragraph of the same text and style. Splits across pages between lines, as a
    Paragraph does (no orphan line at the foot of a page)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.words = text.split()  # a Paragraph collapses white space the same way
        self.style = style
        self.para: Paragraph | None = None
        self.lines: list[tuple[str, float]] = []
        self.room = 0.0

    def _room(self, available: float) -> float:
        return available - self.style.leftIndent - self.style.rightIndent

    def _break(self, room: float) -> list[tuple[str, float]] | None:
        """Lines and their widths, as Paragraph.breakLines makes them for one plain fragment: a word
        goes on the line while the line stays within `room` plus the style's space shrinkage (5% of
        a space per word already on the line)."""
        font, size = self.style.fontName, self.style.fontSize
        space = stringWidth(" ", font, size)
        shrink = self.style.spaceShrinkage * space
        lines: list[tuple[str, float]] = []
        line: list[str] = []
        used = 0.0
        for word in self.words:
            width = stringWidth(word, font, size)
            if width > room:
                return None  # a Paragraph splits long words: let it
            if line and used + space + width > room + shrink * len(line):
                lines.append((" ".join(line), used))
                line, used = [word], width
            else:
                used += (space if line else 0.0) + width
                line.append(word)
        if line:
            lines.append((" ".join(line), used))
        return lines

    def _paragraph(self) -> Paragraph:
        if self.para is None:
            self.para = Paragraph(esc(" ".join(self.words)), self.style)
        return self.para

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self.para is None:
            self.room = self._room(aw)
            lines = self._break(self.room)
            if lines is not None:
                self.lines = lines
                self.width, self.height = aw, len(lines) * self.style.leading
                return self.width, self.height
        return self._paragraph().wrap(aw, ah)

    def split(self, aw: float, ah: float) -> list[Flowable]:
        if self.para is not None:
            return self._paragraph().split(aw, ah)
        lines = self._break(self._room(aw))
        if lines is None:
            return self._paragraph().split(aw, ah)
        fit = int(ah / self.style.leading)  # as Paragraph.split counts the lines that fit
        if fit >= len(lines):
            return [self]
        if fit < 1 or (fit == 1 and not self.style.allowOrphans):
            return []
        # Both parts keep the style and its spacing, as a split Paragraph's do.
        return [
            PlainText(" ".join(t for t, _ in lines[:fit]), self.style),
            PlainText(" ".join(t for t, _ in lines[fit:]), self.style),
        ]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        if self.para is not None:
            self.para.drawOn(self.canv, 0, 0)
            return
        c = self.canv
        c.setFont(self.style.fontName, self.style.fontSize)
        c.setFillColor(self.style.textColor)
        y = self.height - self.style.fontSize
        for line, width in self.lines:
            spaces = line.count(" ")
            if width > self.room and spaces:  # shrunk spaces, as a Paragraph prints such a line
                c.drawString(self.style.leftIndent, y, line, wordSpace=(self.room - width) / spaces)
            else:
                c.drawString(self.style.leftIndent, y, line)
            y -= self.style.leading


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of our own markup; never pass user text here unescaped."""
    return Paragraph(text, styles()[style])


def heading(text: str, level: str = "h1") -> Flowable:
    return p(text, level)


def key_values(rows: Sequence[tuple[str, object]], label_width: float = 1.6 * inch) -> Table:
    """Labels and values in two columns; a value that fits on one line is a plain string (see `grid`)."""
    style = styles()
    value_width = CONTENT_WIDTH - label_width
    data = [
        [
            _cell(k, label_width, style["label"]),
            _cell(v if v not in (None, "") else "—", value_width, style["cell"]),
        ]
        for k, v in rows
    ]
    t = Table(data, colWidths=[label_width, value_width])
    cmds = table_style(header=False, zebra=False)
    cmds += [
        ("FONTNAME", (0, 0), (0, -1), BOLD_FONT),
        ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
        ("LEADING", (0, 0), (0, -1), 11),
        ("TEXTCOLOR", (1, 0), (1, -1), INK),
        ("LEADING", (1, 0), (1, -1), 10.5),
    ]
    t.setStyle(TableStyle(cmds))
    return t


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    alert_rows: Sequence[int] = (),
) -> Table:
    """A table with a header row; cells are user text. Rows in `alert_rows` print in the alert colour.

    A cell whose text fits its column on one line is a plain string drawn in the cell style's font
    (the same print, a tenth of a Paragraph's layout cost); longer or non-Latin text is a Paragraph.
    """
    style = styles()
    alerts = set(alert_rows)
    body = [[_cell(h, w, style["cell_bold"]) for h, w in zip(header, widths, strict=False)]]
    for i, row in enumerate(rows):
        cell = style["cell_alert"] if i in alerts else style["cell"]
        body.append([_cell(v, w, cell) for v, w in zip(row, widths, strict=False)])
    t = Table(body, colWidths=list(widths), repeatRows=1)
    cmds = table_style()
    cmds += [("LEADING", (0, 0), (-1, -1), 10.5), ("TEXTCOLOR", (0, 0), (-1, -1), INK)]
    cmds.append(("FONTNAME", (0, 0), (-1, 0), BOLD_FONT))
    cmds += [("TEXTCOLOR", (0, i + 1), (-1, i + 1), ALERT) for i in sorted(alerts) if i < len(rows)]
    t.setStyle(TableStyle(cmds))
    return t


CELL_PADDING = 12  # a table cell's default left and right padding together


def _cell(value: object, width: float, style: ParagraphStyle) -> str | Flowable:
    """`value` as a table cell: a plain string when it is one line that fits `width`, plain text
    that wraps as `PlainText`, and anything else (line breaks, CJK) as a Paragraph."""
    text = "" if value is None else str(value)
    if is_plain_line(text):
        line = " ".join(text.split())  # what a Paragraph would print
        if stringWidth(line, style.fontName, style.fontSize) <= width - CELL_PADDING:
            return line
        return PlainText(line, style)
    return Paragraph(esc(text), style)


def empty_note(text: str) -> Paragraph:
    return markup(f"<i>{esc(text)}</i>", "small")


def visits_chart(
    by_month: Sequence[tuple[str, int]], width: float = CONTENT_WIDTH, height: float = 1.6 * inch
) -> VisitsChart:
    """Visits per month as small bars, labelled every third month."""
    return VisitsChart(list(by_month), width, height)


class VisitsChart(Flowable):
    """Visits per month as bars with a value axis and month labels, drawn straight on the canvas.

    It prints what reportlab's VerticalBarChart printed (title, value axis 0 to the top with its
    steps, a label every third month, one bar a month) without building and rendering a graphics
    tree of some hundred nodes per packet.
    """

    def __init__(self, by_month: list[tuple[str, int]], width: float, height: float) -> None:
        super().__init__()
        self.by_month, self.width, self.height = by_month, width, height

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        x0, y0 = 28.0, 18.0
        w, h = self.width - 40, self.height - 40
        values = [n for _, n in self.by_month] or [0]
        names = [m if i % 3 == 0 else "" for i, (m, _) in enumerate(self.by_month)] or [""]
        top = max([n for _, n in self.by_month] or [1])
        vmax, step = max(2, top + 1), max(1, (top + 3) // 4)
        c.saveState()
        c.setFont(BODY_FONT, 7)
        c.setFillColor(MUTED)
        c.drawString(0, self.height - 8, "Visits per month")
        c.setStrokeColor(RULE)
        c.setLineWidth(1)
        c.line(x0, y0, x0, y0 + h)  # value axis
        c.line(x0, y0, x0 + w, y0)  # category axis
        c.setFont(BODY_FONT, 6.5)
        tick = 0
        while tick <= vmax:
            y = y0 + h * tick / vmax
            c.line(x0 - 5, y, x0, y)
            c.drawRightString(x0 - 5, y - 2.3, str(tick))
            tick += step
        slot = w / len(values)
        bar = slot * 10 / 15  # reportlab's default bar width 10 and group spacing 5
        path = c.beginPath()
        for i, (name, n) in enumerate(zip(names, values, strict=False)):
            left = x0 + i * slot
            if n > 0:
                path.rect(left + (slot - bar) / 2, y0, bar, h * min(n, vmax) / vmax)
            if name:
                c.drawCentredString(left + slot / 2, y0 - 5 - 6.5, name)
        c.setFillColor(ACCENT)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()


QR_MASK = 2  # a fixed mask (every one of the eight is valid): scoring all eight cost ~30 ms a code


@lru_cache(maxsize=256)
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of `value`'s QR code (reportlab's encoder, level L), cached per value."""
    qr = QrCodeWidget(value).qr  # type: ignore[attr-defined]  # set by the widget at run time; not in the stubs
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    return tuple(tuple(row) for row in qr.modules)


class QrCode(Flowable):
    """A QR code encoded by reportlab's QR encoder, drawn as one path of one rectangle per run of
    dark modules.

    The widget's own drawing makes a shape per run of modules, which reportlab renders one node
    at a time (about 0.15 s a code); a single filled path prints the same modules in a few ms.
    """

    def __init__(self, value: str, size: float = 1.1 * inch) -> None:
        super().__init__()
        self.width = self.height = size
        self.modules = qr_modules(value)

    def draw(self) -> None:
        count = len(self.modules)
        box = self.width / (count + 8)  # a quiet zone of four modules on each side
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.height - (r + 5) * box
            c = 0
            while c < count:
                if row[c]:
                    start = c
                    while c < count and row[c]:
                        c += 1
                    path.rect((start + 4) * box, y, (c - start) * box, box)
                c += 1
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
