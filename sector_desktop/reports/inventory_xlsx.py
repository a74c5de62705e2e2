"""The education and training program inventory as an Excel workbook: a row per program with a column
per field (cost as dollars, next start as a date), and the occupations employers named."""

from __future__ import annotations

import io

from openpyxl import Workbook

from .data import Figure, ReportTable
from .performance_xlsx import write_table
from .program_data import InventoryReport

HEADER = (
    "Provider",
    "Program",
    "Credential",
    "Occupations served (SOC)",
    "Serves a named occupation",
    "Hours",
    "Weeks",
    "Cost",
    "Modality",
    "Schedule",
    "Next start",
    "ETPL status",
    "Seats",
    "Contact",
    "Email",
    "Phone",
)


def write_inventory_xlsx(r: InventoryReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "Programs"
    rows: tuple[tuple[Figure, ...], ...] = tuple(
        (
            Figure(x.provider),
            Figure(x.program),
            Figure(x.credential),
            Figure("; ".join(f"{soc} {title}" for soc, title, _ in x.occupations)),
            Figure("Yes" if x.serves_named else ""),
            Figure(x.hours, "int"),
            Figure(x.weeks, "int"),
            Figure(x.cost, "money"),
            Figure(x.modality),
            Figure(x.schedule),
            Figure(x.next_start_text),
            Figure(x.etpl),
            Figure(x.capacity, "int"),
            Figure(x.contact_name),
            Figure(x.contact_email),
            Figure(x.contact_phone),
        )
        for x in r.programs
    )
    heading = [f"Training program inventory: {r.sector}", f"{r.office} · as of {r.as_of}", *r.summary]
    write_table(sheet, ReportTable("Programs", HEADER, rows), heading)
    first = len(heading) + 3  # the heading, a blank row, the header
    for n, x in enumerate(r.programs):
        cell = sheet.cell(first + n, 11)
        cell.value = x.next_start
        cell.number_format = r.date_format
    sheet.auto_filter.ref = f"A{first - 1}:P{first - 1 + len(r.programs)}"

    named = book.create_sheet("Named occupations")
    rows = tuple(
        (
            Figure(n.occupation),
            Figure(n.soc),
            Figure(n.employers, "int"),
            Figure(n.openings, "int"),
            Figure(n.skill_gaps, "int"),
            Figure("; ".join(n.programs) or "None in the inventory"),
        )
        for n in r.named
    )
    header: tuple[str, ...] = (
        "Occupation",
        "SOC",
        "Employers",
        "Openings",
        "Skill gaps",
        "Programs in the inventory",
    )
    write_table(named, ReportTable("Named occupations", header, rows))
    book.properties.title = f"Training program inventory: {r.sector}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
