"""Table models for one program's paperwork checklist and its apprentice roster."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from sector_desktop import timefmt
from sector_desktop.models.choices import DOCUMENT_STATUSES, label
from sector_desktop.store.apprenticeship import ApprenticeRow, DocumentRow

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#b00020")


class _RowsTableModel(QAbstractTableModel):
    """A short list of plain rows under named columns; a subclass says how each cell reads."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class DocumentsTableModel(_RowsTableModel):
    TITLE, STATUS, DUE, FILES = range(4)
    HEADERS = ("Document", "Status", "Due", "Files")
    rows: list[DocumentRow]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TITLE:
                return row.title
            if col == self.STATUS:
                return label(DOCUMENT_STATUSES, row.status)
            if col == self.DUE:
                due = timefmt.date(row.due_date)
                return f"{due}  overdue" if row.overdue else due
            if col == self.FILES:
                return str(row.attachments) if row.attachments else ""
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and col in (self.DUE, self.STATUS):
            return OVERDUE
        if role == Qt.ItemDataRole.FontRole and row.overdue and col == self.DUE:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole and row.notes:
            return row.notes
        return None


class ApprenticesTableModel(_RowsTableModel):
    NAME, START, STEP, AGREEMENT, RTI, OJT, STATUS = range(7)
    HEADERS = ("Apprentice", "Started", "Wage step", "Agreement", "RTI hours", "OJT hours", "Status")
    rows: list[ApprenticeRow]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        a = self.rows[index.row()]
        values = (
            a.name,
            timefmt.date(a.start_date),
            "" if a.wage_step is None else str(a.wage_step),
            label(DOCUMENT_STATUSES, a.agreement_status),
            "" if a.rti_hours_completed is None else f"{a.rti_hours_completed:,}",
            "" if a.ojt_hours_completed is None else f"{a.ojt_hours_completed:,}",
            a.status.capitalize(),
        )
        return values[index.column()]
