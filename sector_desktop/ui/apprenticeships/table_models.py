"""Table models for one program's paperwork checklist and its apprentice roster (on the shared rows
model, so each sorts by any column)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from sector_desktop import timefmt
from sector_desktop.models.choices import DOCUMENT_STATUSES, label
from sector_desktop.store.apprenticeship import ApprenticeRow, DocumentRow

from ..rows_model import OVERDUE, RowsTableModel


class DocumentsTableModel(RowsTableModel):
    TITLE, STATUS, DUE, FILES = range(4)
    headers = ("Document", "Status", "Due", "Files")
    sort_attrs = {DUE: "due_date", FILES: "attachments"}

    def text(self, row: DocumentRow, column: int) -> str:
        if column == self.TITLE:
            return row.title
        if column == self.STATUS:
            return label(DOCUMENT_STATUSES, row.status)
        if column == self.DUE:
            due = timefmt.date(row.due_date)
            return f"{due}  overdue" if row.overdue else due
        return str(row.attachments) if row.attachments else ""

    def color(self, row: DocumentRow, column: int) -> QColor | None:
        return OVERDUE if row.overdue and column in (self.DUE, self.STATUS) else None

    def font(self, row: DocumentRow, column: int) -> QFont | None:
        if row.overdue and column == self.DUE:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    def tooltip(self, row: DocumentRow, column: int) -> str | None:
        return row.notes or None


class ApprenticesTableModel(RowsTableModel):
    NAME, START, STEP, AGREEMENT, RTI, OJT, STATUS = range(7)
    headers = ("Apprentice", "Started", "Wage step", "Agreement", "RTI hours", "OJT hours", "Status")
    sort_attrs = {
        START: "start_date",
        STEP: "wage_step",
        RTI: "rti_hours_completed",
        OJT: "ojt_hours_completed",
    }

    def text(self, row: ApprenticeRow, column: int) -> str:
        values = (
            row.name,
            timefmt.date(row.start_date),
            "" if row.wage_step is None else str(row.wage_step),
            label(DOCUMENT_STATUSES, row.agreement_status),
            "" if row.rti_hours_completed is None else f"{row.rti_hours_completed:,}",
            "" if row.ojt_hours_completed is None else f"{row.ojt_hours_completed:,}",
            row.status.capitalize(),
        )
        return values[column]

    def tooltip(self, row: ApprenticeRow, column: int) -> str | None:
        return None
