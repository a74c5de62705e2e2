"""The sector brief as an Excel workbook: one sheet per part, figures as numbers where they are numbers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .data import SectorBrief


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[object]]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for i, name in enumerate(header, start=1):
        width = max([len(str(name)), *(len(str(r[i - 1])) for r in rows if i - 1 < len(r))])
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    return sheet


def write_sector_xlsx(b: SectorBrief) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])  # the default empty sheet
    summary = book.create_sheet("Snapshot")
    summary.append([f"Sector brief: {b.sector_title} (NAICS {b.sector_code}), {b.area_title}"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([f"Prepared {b.generated}"])
    summary.append([])
    for label, value in b.headline:
        summary.append([label, value])
    summary.append([])
    summary.append(["Quarters", b.quarters_source])
    summary.append(["Occupations", f"{b.occupations_basis}. {b.occupations_source}"])
    summary.append(["Team demand", b.demand_scope])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 90
    _sheet(
        book,
        "Quarters",
        ["Quarter", "Establishments", "Employment (3rd month)", "Avg weekly wage", "Suppressed"],
        [
            [q.label, q.establishments, q.employment, q.avg_wkly_wage, "yes" if q.suppressed else ""]
            for q in b.quarters
        ],
    )
    _sheet(
        book,
        "Occupations",
        [
            "SOC",
            "Occupation",
            "Employment",
            "Median hourly",
            "10th percentile",
            "90th percentile",
            "Median annual",
            "Location quotient",
        ],
        [
            [o.code, o.title, o.employment, o.median, o.pct10, o.pct90, o.annual_median, o.loc_quotient]
            for o in b.occupations
        ],
    )
    _sheet(
        book,
        "Team demand",
        ["Occupation", "SOC", "Openings", "Employers", "Wage offered", "Area median", "vs median", "Who"],
        [
            [
                d.occupation,
                d.soc_code,
                d.openings,
                len(d.employers),
                d.wage_offered,
                d.area_median,
                d.versus_median,
                "; ".join(n for _, n in d.employers),
            ]
            for d in b.demand
        ],
    )
    _sheet(
        book,
        "Skill gaps",
        ["Skill", "Employers", "Who"],
        [[g.skill, len(g.employers), "; ".join(n for _, n in g.employers)] for g in b.skill_gaps],
    )
    _sheet(book, "Sources", ["Source"], [[s] for s in b.sources])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
