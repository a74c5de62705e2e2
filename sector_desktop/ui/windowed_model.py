"""The one lazy table model for lists of any size (design rule 3): the first window first (shown as
soon as it comes), then the count, then the next window after the last row shown (keyset paging,
store/paging.py) as the view scrolls. Every column that has a sort key sorts (click its header),
and windows follow that sort.

Every query runs in the thread pool; a reload starts a new round (tasks.Latest), so a late answer to
an older filter or sort is dropped instead of mixed in. Until the new rows arrive the old ones stay,
so a reload after a write neither blinks nor loses the place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from sector_desktop.store import Database

from .tasks import Latest

Index = QModelIndex | QPersistentModelIndex
WINDOW = 200
# The sort a list has before anyone clicks a header: its own order (a view's, a filter's).
NATURAL = -1


class WindowedTableModel(QAbstractTableModel):
    """Rows of plain dataclasses with an `id`. `first_window()` fires when a (re)load's first rows are
    in the model (shown), `loaded(total)` when its count has arrived too. A subclass names its
    HEADERS and SORT_KEYS (the store's key for each column, None where a column does not sort),
    says how to count and fetch, and how a cell reads."""

    loaded = Signal(int)
    first_window = Signal()
    failed = Signal(str)
    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: dict[int, str] = {}
    SORT_KEYS: tuple[str | None, ...] = ()
    IdRole = Qt.ItemDataRole.UserRole

    def __init__(self, db: Database, window: int = WINDOW, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self.window = window  # rows per fetch
        self._rows: list[Any] = []
        self._total = 0
        self._latest = Latest(self)
        self._round = 0
        self._loading = False  # a reload's first window has not arrived
        self._counting = False  # a reload's count has not arrived
        self._fetching = False
        self._exhausted = True
        self._sort_column = NATURAL
        self._descending = False

    # -- what a subclass provides --------------------------------------------------------
    def count_job(self) -> Callable[[], int]:
        """A function (run in a worker) counting the rows of the current filter."""
        raise NotImplementedError

    def window_job(self, after: Any | None, limit: int) -> Callable[[], list[Any]]:
        """A function (run in a worker) fetching `limit` rows of the current filter and sort
        (`sort_key`, `descending`) that come after the row `after` (from the top when None)."""
        raise NotImplementedError

    def text(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    def color(self, row: Any, column: int) -> QColor | None:
        return None

    def font(self, row: Any, column: int) -> QFont | None:
        return None

    # -- sorting -------------------------------------------------------------------------
    @property
    def sort_key(self) -> str | None:
        """The store's sort key the list is in; None for the list's own order."""
        column = self._sort_column
        return self.SORT_KEYS[column] if 0 <= column < len(self.SORT_KEYS) else None

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.SORT_KEYS) and self.SORT_KEYS[column] is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (NATURAL: the list's own order) and start again from the top."""
        if column != NATURAL and not self.sortable(column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return  # the view repeats the current sort when sorting is switched on
        self._sort_column, self._descending = column, descending
        self.reload()

    # -- loading -------------------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many rows match (known before all of them are fetched)."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def is_counting(self) -> bool:
        return self._counting

    @property
    def is_fetching(self) -> bool:
        """A window after the last row is on its way."""
        return self._fetching

    def reload(self) -> None:
        """Fetch the first window, then the count, off the UI thread. The count waits for the rows:
        at 100,000 rows it would compete with them for the one database and the two cores, and the
        rows are what the user looks at first."""
        self._round = self._latest.start()
        self._loading = self._counting = True
        self._fetching = False
        first = self.window_job(None, self.window)
        self._latest.run(first, self._first_window, self._failed, round_=self._round)

    def _first_window(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._loading = False
        self._exhausted = len(rows) < self.window
        if self._exhausted:  # every match is here: no need to count
            self._total, self._counting = len(rows), False
        else:
            self._latest.run(self.count_job(), self._counted, self._failed, round_=self._round)
        self.endResetModel()
        self.first_window.emit()
        self._maybe_loaded()

    def _counted(self, total: int) -> None:
        if not self._counting:
            return
        self._total, self._counting = total, False
        self._maybe_loaded()

    def _maybe_loaded(self) -> None:
        if not self._loading and not self._counting:
            # A row added between the two queries can make the rows outnumber the count.
            self._total = max(self._total, len(self._rows))
            self._exhausted = self._exhausted or len(self._rows) >= self._total
            self.loaded.emit(self._total)

    def _failed(self, exc: Exception) -> None:
        self._loading = self._counting = self._fetching = False
        self._exhausted = True
        self.failed.emit(str(exc))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not (parent.isValid() or self._loading or self._fetching or self._exhausted)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        last = self._rows[-1] if self._rows else None
        self._latest.run(
            self.window_job(last, self.window),
            lambda rows: self._fetched(last, rows),
            self._failed,
            round_=self._round,
        )

    def _fetched(self, last: Any | None, rows: list[Any]) -> None:
        if (self._rows[-1] if self._rows else None) is not last:
            return  # the list changed under this window
        self._fetching = False
        # Every match is here when a window comes back short, or when the count is reached (a row
        # added since then is shown by the reload its write brings).
        self._exhausted = len(rows) < self.window or (
            not self._counting and len(self._rows) + len(rows) >= self._total
        )
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if self._exhausted or len(self._rows) > self._total:
            self._total = len(self._rows)

    # -- reading -------------------------------------------------------------------------
    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int | None:
        """The row showing `record_id` among the rows fetched so far."""
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)

    def rows(self) -> list[Any]:
        """The rows fetched so far, in order."""
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(section)
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder  # the same first click on every platform's style
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == self.IdRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row, column)
        return None
