"""The partnership outcomes template as an Excel workbook: a sheet per section, the partnership first."""

from __future__ import annotations

import io

from openpyxl import Workbook

from .data import Figure, OutcomesTemplate, ReportTable
from .performance_xlsx import sheet_title, write_table


def write_outcomes_xlsx(t: OutcomesTemplate) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    first.title = "Partnership"
    about = ReportTable(
        "Partnership",
        ("", ""),
        tuple((Figure(k), Figure(v)) for k, v in (("Sector", t.sector), ("Region", t.region),
                                                  ("Convener", t.convener), ("Period", t.period))),
    )  # fmt: skip
    write_table(first, about, [f"Sector partnership outcomes: {t.partnership}", f"As of {t.as_of}", *t.notes])
    first.column_dimensions["B"].width = 60
    for section in t.sections:
        write_table(book.create_sheet(sheet_title(section.sheet or section.title)), section)
    book.properties.title = f"Outcomes: {t.partnership}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
