"""The performance report as an Excel workbook: a sheet per table with formatted headers, frozen panes and
number formats, the quarter-over-quarter series with a chart, and the definitions. Also the sheet writer
the outcomes template shares."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .data import Figure, PerformanceReport, QuarterBar, ReportTable

NUMBER_FORMATS = {"int": "#,##0", "pct": "0.0%", "money": '"$"#,##0.00', "ratio": "0.00"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_FONT = Font(bold=True, color="1F2D3D")
TITLE_FONT = Font(bold=True, size=14, color="2F6FB0")
RULE = Border(bottom=Side(style="thin", color="1F2D3D"))


def _text(value: str) -> str:
    """Text a cell can hold: no control characters, and never read as a formula."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", value)
    return f"'{clean}" if clean.startswith(("=", "+", "-", "@")) and len(clean) > 1 else clean


def _cell_value(f: Figure) -> object:
    if isinstance(f.value, str):
        return None if f.value == "—" else _text(f.value)
    return f.value


def sheet_title(name: str) -> str:
    """A worksheet name Excel accepts: 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"


def write_table(sheet: Worksheet, t: ReportTable, heading: Sequence[str] = ()) -> None:
    """The table on `sheet`: optional heading lines, a bold filled header row frozen below them, cells
    as numbers with formats where they are numbers, columns sized to their text, the note under it."""
    for line in heading:
        sheet.append([_text(line)])
    if heading:
        sheet.cell(1, 1).font = TITLE_FONT
        sheet.append([])
    header_row = len(heading) + 2 if heading else 1  # the heading lines, a blank row, then the header
    sheet.append(list(t.header))
    for cell in sheet[header_row]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, RULE
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if not t.rows:
        sheet.append(["Nothing in this period."])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True, color="5B6570")
    for row in t.rows:
        sheet.append([_cell_value(f) for f in row])
        for col, f in enumerate(row, start=1):
            if f.fmt in NUMBER_FORMATS and isinstance(f.value, int | float | Decimal):
                sheet.cell(sheet.max_row, col).number_format = NUMBER_FORMATS[f.fmt]
    sheet.freeze_panes = sheet.cell(header_row + 1, 2 if len(t.header) > 2 else 1).coordinate
    for col, name in enumerate(t.header, start=1):
        texts = [str(name), *(_shown(r[col - 1]) for r in t.rows if col - 1 < len(r))]
        sheet.column_dimensions[get_column_letter(col)].width = min(60, max(10, max(map(len, texts)) + 2))
    if t.note:
        sheet.append([])
        sheet.append([_text(t.note)])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True, color="5B6570")
    sheet.sheet_view.showGridLines = True


def _shown(f: Figure) -> str:
    if isinstance(f.value, float | Decimal):
        return f"{f.value:,.2f}"
    return str(f.value if f.value is not None else "")


def _quarters(book: Workbook, bars: list[QuarterBar]) -> None:
    sheet = book.create_sheet("Quarters")
    rows = tuple((Figure(b.label), Figure(b.establishments, "int"), Figure(b.services, "int"),
                  Figure(b.placements, "int")) for b in bars)  # fmt: skip
    write_table(
        sheet, ReportTable("Quarters", ("Quarter", "Establishments served", "Services", "Placements"), rows)
    )
    if not bars:
        return
    chart = BarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = "Establishments served and placements, by quarter"
    chart.y_axis.title, chart.x_axis.title = "Count", "Program-year quarter"
    last = len(bars) + 1
    chart.add_data(Reference(sheet, min_col=2, max_col=2, min_row=1, max_row=last), titles_from_data=True)
    chart.add_data(Reference(sheet, min_col=4, max_col=4, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    chart.height, chart.width = 8, 18
    sheet.add_chart(chart, "F2")


def write_performance_xlsx(r: PerformanceReport) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # a new workbook always has its first sheet
    summary.title = "Measures"
    heading = [
        r.title,
        " · ".join(x for x in (r.office, r.period, r.scope, f"as of {r.as_of}") if x),
        *r.summary,
    ]
    write_table(summary, r.headline, heading)
    summary.column_dimensions["A"].width = 48
    for t in r.tables:
        write_table(book.create_sheet(sheet_title(t.sheet or t.title)), t)
    _quarters(book, r.quarters)
    terms = tuple((Figure(term), Figure(text)) for term, text in r.definitions)
    sources = tuple((Figure("Source"), Figure(s)) for s in r.sources)
    definitions = book.create_sheet("Definitions")
    write_table(definitions, ReportTable("Definitions", ("Term", "Definition"), terms + sources))
    definitions.column_dimensions["B"].width = 120
    for row in definitions.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    book.properties.title = r.title
    book.properties.creator = r.office or "Sector Desktop"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
