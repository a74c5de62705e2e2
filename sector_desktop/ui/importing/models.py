"""Table models of the import preview: the file's rows, its problems, and its likely duplicates.

The preview is plain data already in memory; the shared rows model hands rows to the view in pages
(fetchMore) so a file of 100,000 rows opens as fast as one of 100, and sorts them by any column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from sector_desktop.services.importing import ImportPreview, ImportRow, RowError

from ..rows_model import RowsTableModel

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200
ERROR_BACKGROUND = QColor("#fde2e1")
DUPLICATE_BACKGROUND = QColor("#fff4cc")

CHOICE_LABELS = {"skip": "Skip", "create": "Create anyway", "merge": "Merge into the match"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


class ImportRowsTableModel(RowsTableModel):
    """The file's rows as typed; rows with a problem are tinted red, likely duplicates yellow."""

    ROW = 0  # then one column per field found in the file
    headers = ("Row",)
    page = PAGE

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fields: list[str] = []

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.headers = ("Row", *(preview.headers.values() if preview else ()))  # the columns change
        self._fields = list(preview.headers) if preview else []
        self.set_rows(list(preview.rows) if preview else [])

    def _raw(self, row: ImportRow, column: int) -> str:
        return str(row.row_number) if column == self.ROW else row.raw.get(self._fields[column - 1], "")

    def text(self, row: ImportRow, column: int) -> str:
        text = self._raw(row, column)
        return text if len(text) <= 200 else text[:200] + "…"

    def tooltip(self, row: ImportRow, column: int) -> str | None:
        return self._raw(row, column)

    def background(self, row: ImportRow, column: int) -> QColor | None:
        if row.has_error:
            return ERROR_BACKGROUND
        return DUPLICATE_BACKGROUND if row.duplicates else None


class ImportErrorsTableModel(RowsTableModel):
    """Each problem: the row and column as the spreadsheet shows them, the cell, and why."""

    ROW, COLUMN, VALUE, REASON = range(4)
    headers = ("Row", "Column", "Cell", "Problem")
    page = PAGE

    def text(self, error: RowError, column: int) -> str:
        value = error.value if len(error.value) <= 80 else error.value[:80] + "…"
        return (str(error.row_number), error.column, value, error.reason)[column]

    def tooltip(self, error: RowError, column: int) -> str | None:
        return self.text(error, column)


class ImportDuplicatesTableModel(RowsTableModel):
    """Rows that look like existing records or earlier rows, with the user's choice for each (editable)."""

    ROW, NAME, MATCHES, CHOICE = range(4)
    headers = ("Row", "Name in the file", "Looks like", "What to do")
    page = PAGE
    choice_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.choices: dict[int, str] = {}

    def set_rows(self, rows: Sequence[ImportRow], default: str = "skip") -> None:
        self.choices = {r.row_number: default for r in rows}
        super().set_rows(rows)

    def set_all(self, choice: str) -> None:
        self.choices = dict.fromkeys(self.choices, choice)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.CHOICE), self.index(self.rowCount() - 1, self.CHOICE))
        self.choice_changed.emit()

    def text(self, row: ImportRow, column: int) -> str:
        if column == self.ROW:
            return str(row.row_number)
        if column == self.NAME:
            return _text(row.raw.get("name"))
        if column == self.MATCHES:
            return "; ".join(map(str, row.duplicates))
        return CHOICE_LABELS[self.choices[row.row_number]]

    def tooltip(self, row: ImportRow, column: int) -> str | None:
        return self.text(row, column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: ImportRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ItemDataRole.EditRole and index.column() == self.CHOICE:
            return self.choices[row.row_number]
        return super().data(index, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return (
            base | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() == self.CHOICE else base
        )

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row: ImportRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is None or index.column() != self.CHOICE or role != Qt.ItemDataRole.EditRole:
            return False
        if value not in CHOICE_LABELS:
            return False
        self.choices[row.row_number] = value
        self.dataChanged.emit(index, index)
        self.choice_changed.emit()
        return True
