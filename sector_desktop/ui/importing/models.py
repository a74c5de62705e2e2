"""Table models of the import preview: the file's rows, its problems, and its likely duplicates.

The preview is plain data already in memory; rows are handed to the view in pages (fetchMore) so a
file of 100,000 rows opens as fast as one of 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from sector_desktop.services.importing import ImportPreview, ImportRow, RowError

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


class _PagedTableModel(QAbstractTableModel):
    """A read-only table over a list, revealed PAGE rows at a time."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []
        self._shown = 0

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._shown = min(PAGE, len(self._items))
        self.endResetModel()

    def item_at(self, row: int) -> Any | None:
        return self._items[row] if 0 <= row < self._shown else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._items)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(PAGE, len(self._items) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


class ImportRowsTableModel(_PagedTableModel):
    """The file's rows as typed; rows with a problem are tinted red, likely duplicates yellow."""

    ROW = 0  # then one column per field found in the file
    headers = ("Row",)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fields: list[str] = []

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()  # the columns change with the file
        self.headers = ("Row", *(preview.headers.values() if preview else ()))
        self._fields = list(preview.headers) if preview else []
        self._items = list(preview.rows) if preview else []
        self._shown = min(PAGE, len(self._items))
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row: ImportRow | None = self.item_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.headers):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == self.ROW:
                return str(row.row_number)
            text = row.raw.get(self._fields[index.column() - 1], "")
            return text if role == Qt.ItemDataRole.ToolTipRole or len(text) <= 200 else text[:200] + "…"
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.has_error:
                return ERROR_BACKGROUND
            if row.duplicates:
                return DUPLICATE_BACKGROUND
        return None


class ImportErrorsTableModel(_PagedTableModel):
    """Each problem: the row and column as the spreadsheet shows them, the cell, and why."""

    ROW, COLUMN, VALUE, REASON = range(4)
    headers = ("Row", "Column", "Cell", "Problem")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        error: RowError | None = self.item_at(index.row()) if index.isValid() else None
        if error is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = error.value if len(error.value) <= 80 else error.value[:80] + "…"
        return (str(error.row_number), error.column, value, error.reason)[index.column()]


class ImportDuplicatesTableModel(_PagedTableModel):
    """Rows that look like existing records or earlier rows, with the user's choice for each (editable)."""

    ROW, NAME, MATCHES, CHOICE = range(4)
    headers = ("Row", "Name in the file", "Looks like", "What to do")
    choice_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.choices: dict[int, str] = {}

    def set_rows(self, rows: Sequence[ImportRow], default: str = "skip") -> None:
        self.choices = {r.row_number: default for r in rows}
        self.set_items(rows)

    def set_all(self, choice: str) -> None:
        self.choices = dict.fromkeys(self.choices, choice)
        if self._shown:
            self.dataChanged.emit(self.index(0, self.CHOICE), self.index(self._shown - 1, self.CHOICE))
        self.choice_changed.emit()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row: ImportRow | None = self.item_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == self.CHOICE:
            return self.choices[row.row_number]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.ROW:
            return str(row.row_number)
        if column == self.NAME:
            return _text(row.raw.get("name"))
        if column == self.MATCHES:
            return "; ".join(map(str, row.duplicates))
        if column == self.CHOICE:
            return CHOICE_LABELS[self.choices[row.row_number]]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return (
            base | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() == self.CHOICE else base
        )

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row: ImportRow | None = self.item_at(index.row()) if index.isValid() else None
        if row is None or index.column() != self.CHOICE or role != Qt.ItemDataRole.EditRole:
            return False
        if value not in CHOICE_LABELS:
            return False
        self.choices[row.row_number] = value
        self.dataChanged.emit(index, index)
        self.choice_changed.emit()
        return True
