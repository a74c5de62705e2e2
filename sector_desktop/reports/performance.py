"""The performance report for leadership and the workforce board: key figures, the quarter-over-quarter
charts, every measure with its numerator and denominator, the ETA-9169 table, outcomes and breakdowns,
and the definitions on the last page. Also the table helpers the outcomes template shares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from .data import Figure, PerformanceReport, QuarterBar, ReportTable
from .layout import build_pdf
from .parts import CONTENT_WIDTH, gap, heading, markup, p
from .styles import ACCENT, BODY_FONT, BOLD_FONT, INK, MUTED, RULE, ZEBRA, esc, styles, table_style

W = CONTENT_WIDTH
SECOND = colors.HexColor("#8fb3d9")  # the lighter bar, for the second series of a chart


def figure_text(f: Figure) -> str:
    """A cell as the PDF prints it: 1,234 · 28.6% · $19.75 · 1.08."""
    v = f.value
    if v is None or isinstance(v, str):
        return v or ""
    if f.fmt == "pct":
        return f"{v:.1%}"
    if f.fmt == "money":
        return f"${v:,.2f}"
    if f.fmt == "ratio":
        return f"{v:.2f}"
    return f"{v:,.0f}"


def _numeric(rows: Sequence[Sequence[Figure]], column: int) -> bool:
    """Whether a column holds numbers (a dash stands for a missing one): those are right-aligned."""
    return all(
        isinstance(r[column].value, int | float | Decimal) or r[column].value in ("—", None) for r in rows
    )


def _right() -> ParagraphStyle:
    return ParagraphStyle("cell_right", parent=styles()["cell"], alignment=TA_RIGHT)


SIDE_PADDING = 12  # reportlab's default 6 points left and right of a cell


def _fitted(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """`style`, smaller when a word of `text` would not fit the column whole (a header never breaks
    "Placements" into "Placement / s"); at least 6.5 points."""
    words = text.split()
    widest = max((stringWidth(w, style.fontName, style.fontSize) for w in words), default=0)
    room = width - SIDE_PADDING
    if widest <= room:
        return style
    size = max(6.5, style.fontSize * room / widest)
    return ParagraphStyle(f"{style.name}_fitted", parent=style, fontSize=size, leading=size + 2)


def table(t: ReportTable, empty: str = "Nothing in this period.") -> list[Flowable]:
    """A report table with its title and note; numbers right-aligned, the header repeated per page."""
    flow: list[Flowable] = [heading(t.title, "h2")]
    if not t.rows:
        return [*flow, markup(f"<i>{esc(empty)}</i>", "small")]
    numeric = [_numeric(t.rows, i) for i in range(len(t.header))]
    right, cell, bold = _right(), styles()["cell"], styles()["cell_bold"]
    head_right = ParagraphStyle("head_right", parent=bold, alignment=TA_RIGHT)
    widths = [W * share for share in t.widths] if t.widths else [W / len(t.header)] * len(t.header)
    body = [
        [
            Paragraph(esc(h), _fitted(head_right if numeric[i] and i else bold, h, widths[i]))
            for i, h in enumerate(t.header)
        ]
    ]
    for row in t.rows:
        body.append(
            [
                Paragraph(esc(text), _fitted(right if numeric[i] and i else cell, text, widths[i]))
                for i, text in enumerate(figure_text(f) for f in row)
            ]
        )
    grid = Table(body, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle(table_style()))
    flow.append(grid)
    if t.note:
        flow.append(markup(esc(t.note), "small"))
    return flow


def _card(value: str, label: str) -> Table:
    big = ParagraphStyle("big", fontName=BOLD_FONT, fontSize=20, leading=24, textColor=ACCENT)
    small = ParagraphStyle("card_label", fontName=BODY_FONT, fontSize=8, leading=10, textColor=MUTED)
    cells = [[Paragraph(esc(value), big)], [Paragraph(esc(label), small)]]
    card = Table(cells, colWidths=[W / 4 - 8], rowHeights=[30, 24])
    look: list[tuple] = [("BOX", (0, 0), (-1, -1), 0.5, RULE), ("BACKGROUND", (0, 0), (-1, -1), ZEBRA)]
    look += [("LEFTPADDING", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    card.setStyle(TableStyle(look))
    return card


def key_figures(r: PerformanceReport) -> Table:
    """Four cards: establishments served, repeat business, placements, 2nd-quarter retention."""
    by_key = {row[0].value: row for row in r.headline.rows}
    wanted = ("Establishments served", "Repeat business customers rate", "Placements",
              "Retention with the same employer, 2nd quarter after placement")  # fmt: skip
    titles = (
        "Establishments served",
        "Repeat business customers",
        "Placements",
        "Retained in the 2nd quarter",
    )
    cards = []
    for key, title in zip(wanted, titles, strict=True):
        row = by_key.get(key)
        cards.append(_card(figure_text(row[1]) if row else "—", title))
    t = Table([cards], colWidths=[W / 4] * 4)
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 8)]))
    return t


def bar_chart(
    title: str, bars: Sequence[QuarterBar], series: Sequence[tuple[str, str]], width: float
) -> Drawing:
    """Bars per quarter for one or two series (attribute name, legend text), oldest quarter first."""
    height = 1.9 * inch
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 36
    chart.width, chart.height = width - 40, height - 62  # type: ignore[assignment]  # stubs say int
    data = [[getattr(b, attr) for b in bars] or [0] for attr, _ in series]
    chart.data = data
    chart.categoryAxis.categoryNames = [b.label.replace(" ", "\n") for b in bars] or [""]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = BODY_FONT, 6.5, MUTED
    top = max([v for row in data for v in row] or [0])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(4, top * 1.1)
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    for i, colour in enumerate((ACCENT, SECOND)[: len(series)]):
        chart.bars[i].fillColor, chart.bars[i].strokeColor = colour, None
    chart.barSpacing, chart.groupSpacing = 1, 6
    d.add(chart)
    d.add(String(0, height - 10, title, fontName=BOLD_FONT, fontSize=8.5, fillColor=INK))
    x = 0.0
    for i, (_, text) in enumerate(series):
        colour = ACCENT if i == 0 else SECOND
        swatch = Rect(x, 6, 7, 7)  # colours set after: the stubs' Rect(**kw) takes no keywords
        swatch.fillColor, swatch.strokeColor = colour, None
        d.add(swatch)
        d.add(String(x + 10, 7, text, fontName=BODY_FONT, fontSize=7, fillColor=MUTED))
        x += 22 + stringWidth(text, BODY_FONT, 7)
    if not top:
        d.add(String(width / 2, height / 2, "None in these quarters", fontName=BODY_FONT, fontSize=8,
                     fillColor=MUTED, textAnchor="middle"))  # fmt: skip
    return d


def charts(r: PerformanceReport) -> Table:
    half = W / 2 - 6
    both = (("establishments", "Establishments served"), ("services", "Services"))
    left = bar_chart("Establishments served and services, by quarter", r.quarters, both, half)
    right = bar_chart("Placements, by quarter", r.quarters, (("placements", "Placements"),), half)
    t = Table([[left, right]], colWidths=[W / 2, W / 2])
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def definitions_page(r: PerformanceReport) -> list[Flowable]:
    flow: list[Flowable] = [PageBreak(), heading("Definitions")]
    for term, text in r.definitions:
        flow.append(markup(f"<b>{esc(term)}.</b> {esc(text)}", "body"))
    flow += [gap(6), heading("Sources", "h2")]
    flow += [markup(f"• {esc(s)}", "small") for s in r.sources]
    return flow


def render_performance(r: PerformanceReport) -> bytes:
    subtitle = " · ".join(x for x in (r.office, r.period, r.scope, f"as of {r.as_of}") if x)
    flow: list[Flowable] = [
        markup("PERFORMANCE REPORT", "label"),
        p(r.title, "title"),
        p(subtitle, "subtitle"),
        *[p(line) for line in r.summary],
        gap(6),
        key_figures(r),
        gap(10),
        KeepTogether([charts(r)]),
        CondPageBreak(2.5 * inch),
        *table(r.headline),
    ]
    for t in r.tables:
        flow += [CondPageBreak(1.6 * inch), gap(4), *table(t)]
    flow += definitions_page(r)
    return build_pdf(flow, f"{r.title} — {r.scope}", r.generated, office=r.office, confidential=True)
