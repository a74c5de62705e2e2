"""An initiative's report as an Excel workbook: the summary, budget against actual by line (with a
chart), the expenditures (cancelled ones marked and left out of the sums), funding and milestones."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from .data import Figure, ReportTable
from .performance_xlsx import write_table
from .program_data import InitiativeReport


def _date_column(sheet, column: int, first_row: int, date_format: str) -> None:
    for row in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
        for cell in row:
            cell.number_format = date_format


def write_initiative_xlsx(r: InitiativeReport) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # a new workbook always has its first sheet
    summary.title = "Initiative"
    facts = (
        ("Partnership", r.partnership),
        ("Owner", r.owner or "—"),
        ("Period", r.period),
        ("Funded", Figure(r.funded, "money")),
        ("Budget", Figure(r.budget, "money")),
        ("Spent to date", Figure(r.actual, "money")),
        ("Remaining", Figure(r.remaining, "money")),
        ("Spent, share of budget", Figure(r.spent_share, "pct") if r.spent_share is not None else "—"),
        ("Period passed", Figure(r.time_share, "pct")),
        ("Burn rate", r.burn),
    )
    rows: tuple[tuple[Figure, ...], ...] = tuple(
        (Figure(k), v if isinstance(v, Figure) else Figure(v)) for k, v in facts
    )
    write_table(summary, ReportTable("Initiative", ("", ""), rows), [r.name, f"As of {r.as_of}", *r.notes])
    summary.column_dimensions["B"].width = 70

    budget = book.create_sheet("Budget")
    lines = tuple(
        (
            Figure(b.line),
            Figure(b.budget, "money"),
            Figure(b.actual, "money"),
            Figure(b.remaining, "money"),
            Figure(b.spent_share, "pct") if b.spent_share is not None else Figure("—"),
            Figure(b.count, "int"),
        )
        for b in r.lines
    )
    total = (
        Figure("Total"),
        Figure(r.budget, "money"),
        Figure(r.actual, "money"),
        Figure(r.remaining, "money"),
        Figure(r.spent_share, "pct") if r.spent_share is not None else Figure("—"),
        Figure(sum(b.count for b in r.lines), "int"),
    )
    header: tuple[str, ...] = ("Budget line", "Budget", "Spent", "Remaining", "Spent %", "Entries")
    write_table(
        budget,
        ReportTable(
            "Budget",
            header,
            (*lines, total),
            note="Cancelled expenditures are not counted; a line with none shows 0.",
        ),
    )
    if r.lines:
        chart = BarChart()
        chart.type, chart.title, chart.y_axis.title = "bar", "Budget against spent", "Dollars"
        data = Reference(budget, min_col=2, max_col=3, min_row=1, max_row=len(r.lines) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(budget, min_col=1, min_row=2, max_row=len(r.lines) + 1))
        chart.height, chart.width = 8, 18
        budget.add_chart(chart, "H2")

    spent = book.create_sheet("Expenditures")
    rows = tuple(
        (
            Figure(s.day_text),
            Figure(s.line),
            Figure(s.amount, "money"),
            Figure("Yes" if s.cancelled else ""),
            Figure(s.note),
        )
        for s in r.spending
    )
    write_table(
        spent, ReportTable("Expenditures", ("Date", "Budget line", "Amount", "Cancelled", "Note"), rows)
    )
    for n, s in enumerate(r.spending, start=2):
        spent.cell(n, 1).value = s.day
    _date_column(spent, 1, 2, r.date_format)

    funding = book.create_sheet("Funding")
    rows = tuple(
        (Figure(f.funder), Figure(f.grant or "—"), Figure(f.amount, "money"), Figure(f.period or "—"))
        for f in r.funding
    )
    write_table(funding, ReportTable("Funding", ("Funder", "Grant", "Amount", "Period"), rows))

    milestones = book.create_sheet("Milestones")
    rows = tuple(
        (
            Figure(m.due_text),
            Figure(m.title),
            Figure(m.kind),
            Figure(m.status),
            Figure("Overdue" if m.overdue else ""),
            Figure(m.owner or "—"),
            Figure(m.team or "—"),
        )
        for m in r.milestones
    )
    header = (
        "Due",
        "Milestone or deliverable",
        "Kind",
        "Status",
        "Overdue",
        "Owner",
        "Action team",
    )
    write_table(milestones, ReportTable("Milestones", header, rows))
    for n, m in enumerate(r.milestones, start=2):
        milestones.cell(n, 1).value = m.due
    _date_column(milestones, 1, 2, r.date_format)
    book.properties.title = f"Initiative: {r.name}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
