"""A lazy table model for lists of any size: the count and the first window first, then rows in
windows as the view scrolls (design rule 3). Every query runs in the thread pool; a reload bumps a
generation number so a late answer to an older filter or sort is dropped instead of mixed in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from sector_desktop.store import Database

from .tasks import guarded, run_task

Index = QModelIndex | QPersistentModelIndex
WINDOW = 200


class WindowedTableModel(QAbstractTableModel):
    """Rows of plain dataclasses with an `id`; `loaded(total)` fires when a (re)load's first window
    has arrived. A subclass names its HEADERS, says how to count and fetch, and how a cell reads."""

    loaded = Signal(int)
    failed = Signal(str)
    HEADERS: tuple[str, ...] = ()

    def __init__(self, db: Database, window: int = WINDOW, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._window = window
        self._rows: list[Any] = []
        self._total = 0
        self._generation = 0
        self._fetching = False
        self._loading = False
        self._pending: dict[str, Any] = {}  # the parts of a reload that have arrived

    # -- what a subclass provides --------------------------------------------------------
    def count_job(self) -> Callable[[], int]:
        """A function (run in a worker) counting the rows of the current filter."""
        raise NotImplementedError

    def window_job(self, offset: int, limit: int) -> Callable[[], list[Any]]:
        """A function (run in a worker) fetching rows [offset, offset + limit) of the current filter."""
        raise NotImplementedError

    # -- loading -------------------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many rows match (known before all of them are fetched)."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        """Count and fetch the first window again, side by side, off the UI thread."""
        self._generation += 1
        generation = self._generation
        self._loading, self._fetching, self._pending = True, False, {}
        for part, job in (("total", self.count_job()), ("rows", self.window_job(0, self._window))):
            run_task(
                job,
                guarded(self, lambda value, part=part: self._part_loaded(generation, part, value)),
                guarded(self, lambda exc: self._failed(generation, exc)),
            )

    def _part_loaded(self, generation: int, part: str, value: Any) -> None:
        if generation != self._generation:
            return
        self._pending[part] = value
        if len(self._pending) == 2:
            rows = self._pending["rows"]
            # A row added between the two queries can make the window hold more than the count.
            total = max(self._pending["total"], len(rows))
            self.beginResetModel()
            self._total, self._rows = total, rows
            self._loading = False
            self.endResetModel()
            self.loaded.emit(total)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._loading = self._fetching = False
            self.failed.emit(str(exc))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._loading or self._fetching:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        run_task(
            self.window_job(offset, self._window),
            guarded(self, lambda rows: self._fetched(generation, offset, rows)),
            guarded(self, lambda exc: self._failed(generation, exc)),
        )

    def _fetched(self, generation: int, offset: int, rows: list[Any]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            self._total = len(self._rows)  # rows vanished since the count: stop asking for more
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # -- reading -------------------------------------------------------------------------
    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int | None:
        """The row showing `record_id` among the rows fetched so far."""
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None
