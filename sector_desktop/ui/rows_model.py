"""The one table model for a list of plain rows that arrives whole (for a list of any size that is
fetched in windows, see windowed_model.py).

Subclasses name their columns and say what each cell shows; the colours mark overdue and muted cells.
A click on a column header sorts the rows in memory (by each cell's `sort_value`: numbers as
numbers, dates as dates, text without case), and a new set of rows keeps the chosen sort. A long
list (an import preview) can be handed to the view `page` rows at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

_Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#b00020")
MUTED = QColor("#6b7580")
NATURAL = -1  # the order the rows came in
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsTableModel(QAbstractTableModel):
    """A list of plain rows. Subclasses name their columns and say what each cell shows."""

    headers: tuple[str, ...] = ()
    header_tips: tuple[str, ...] = ()  # a tooltip for each column's header
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    page: int | None = None  # show this many rows at a time (a long list held in memory)
    sort_attrs: dict[int, str] = {}  # columns that sort by a field of the row (a date, a number)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._given: list[Any] = []  # in the order they came
        self._rows: list[Any] = []  # in the order shown
        self._shown = 0
        self._sort_column = NATURAL
        self._descending = False

    # -- the rows ------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`, in the order the user chose (or as given)."""
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._sorted(self._given)
        self._shown = len(self._rows) if self.page is None else min(self.page, len(self._rows))
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < self._shown else None

    def rows(self) -> list[Any]:
        """Every row, in the order shown."""
        return list(self._rows)

    def row_of(self, record_id: str) -> int | None:
        """The row showing the record `record_id` (rows with an `id`)."""
        shown = self._rows[: self._shown]
        return next((i for i, r in enumerate(shown) if getattr(r, "id", None) == record_id), None)

    # -- what a subclass says about a cell --------------------------------------------------
    def text(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: Any, column: int) -> str | None:
        text = self.text(row, column)
        return text if len(text) > 40 else None

    def color(self, row: Any, column: int) -> QColor | None:
        return None

    def font(self, row: Any, column: int) -> QFont | None:
        return None

    def background(self, row: Any, column: int) -> QColor | None:
        return None

    def sort_value(self, row: Any, column: int) -> Any:
        """What a column sorts by: its field in `sort_attrs`, else the cell's text (as a number when
        it reads as one). None or "" is a blank, and blanks come last either way."""
        attr = self.sort_attrs.get(column)
        if attr is not None:
            return getattr(row, attr)
        text = self.text(row, column)
        if not text:
            return None
        number = _number(text)
        return (0, number, "") if number is not None else (1, 0.0, text.casefold())

    # -- sorting ---------------------------------------------------------------------------
    @property
    def sort_column(self) -> int:
        return self._sort_column

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._descending = column, order == Qt.SortOrder.DescendingOrder
        old = self.persistentIndexList()
        rows_before = [self._rows[i.row()] if i.row() < len(self._rows) else None for i in old]
        self._rows = self._sorted(self._given)
        place = {id(r): i for i, r in enumerate(self._rows)}
        new = [
            self.index(place[id(r)], i.column())
            if r is not None and place[id(r)] < self._shown
            else QModelIndex()
            for r, i in zip(rows_before, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Any]) -> list[Any]:
        column = self._sort_column
        if not 0 <= column < len(self.headers):  # the list's own order (or a column that went away)
            return list(rows)
        keyed = [(self.sort_value(r, column), r) for r in rows]
        # Blank cells last either way, like the big lists.
        filled = [(v, r) for v, r in keyed if v is not None and v != ""]
        blank = [r for v, r in keyed if v is None or v == ""]
        filled.sort(key=lambda pair: pair[0], reverse=self._descending)
        return [r for _v, r in filled] + blank

    # -- showing a long list a page at a time ------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = min(self.page or len(self._rows), len(self._rows) - self._shown)
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # -- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tips):
            return self.header_tips[section] or None
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder  # the same first click on every platform's style
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "id", row)
        return None


def _number(text: str) -> float | None:
    """'1,234', '$28.50', '12%', '-3' as numbers; anything else None."""
    cleaned = text.strip().replace(",", "").replace("$", "").rstrip("%").strip()
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None
