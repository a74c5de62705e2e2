"""The visit list as a lazy item model: windows of rows fetched off the UI thread as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from sector_desktop import timefmt
from sector_desktop.models.choices import SECTORS, VISIT_STATUSES, VISIT_TYPES, label
from sector_desktop.store import Database
from sector_desktop.store.visits import VisitFilters, VisitRow, count_visits, list_visits

from ..tasks import run_task

Index = QModelIndex | QPersistentModelIndex

# The list is narrow; the full sector names are in the tooltip and the detail panel.
SHORT_SECTORS = {"it": "IT", "construction": "Construction", "logistics": "Logistics"}


class VisitsTableModel(QAbstractTableModel):
    """Rows arrive `WINDOW` at a time; sorting or filtering starts again from the top."""

    DATE, ORGANIZATION, SECTOR, TYPE, STATUS, STAFF, PURPOSE = range(7)
    HEADERS = ("Date", "Organization", "Sector", "Type", "Status", "Staff", "Purpose")
    SORT_KEYS = ("starts_at", "organization", "sector", "visit_type", "status", "staff", "purpose")
    WINDOW = 200
    IdRole = Qt.ItemDataRole.UserRole + 1

    loaded = Signal(int)  # the first window arrived after a reload (its row count)
    counted = Signal(int)  # the number of all matching visits, after each reload
    failed = Signal(str)

    def __init__(self, db: Database, parent: Any = None, *, window: int = WINDOW) -> None:
        super().__init__(parent)
        self._db = db
        self._window = window
        self._rows: list[VisitRow] = []
        self._filters = VisitFilters()
        self._sort, self._descending = "starts_at", True
        self._total = 0
        self._exhausted = True
        self._loading = False
        self._counting = False
        # Results of a superseded query are dropped, so a slow old window never lands in a new list.
        self._generation = 0

    # -- what the list shows ------------------------------------------------------------
    @property
    def filters(self) -> VisitFilters:
        return self._filters

    @property
    def total(self) -> int:
        return self._total

    @property
    def is_counting(self) -> bool:
        return self._counting

    @property
    def is_loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> VisitRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, visit_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == visit_id), -1)

    def set_filters(self, filters: VisitFilters) -> None:
        self._filters = filters
        self.reload()

    def reload(self) -> None:
        """Empty the list and fetch the count and the first window."""
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._loading = self._counting = True
        self.endResetModel()
        db, filters, sort, desc, window = self._db, self._filters, self._sort, self._descending, self._window

        def load() -> list[VisitRow]:
            with db.read_session() as s:
                return list_visits(s, filters, sort=sort, descending=desc, limit=window)

        run_task(load, lambda rows: self._first_window(generation, rows), self._on_error(generation))

    def _current(self, generation: int) -> bool:
        """Whether a result is still wanted: the model lives and no newer query superseded it."""
        return shiboken6.isValid(self) and generation == self._generation

    def _first_window(self, generation: int, rows: list[VisitRow]) -> None:
        if not self._current(generation):
            return
        self._append(rows)
        if len(rows) < self._window:
            self._counted(generation, len(rows))
        else:
            # Counting every match takes longer than one window; show the rows first.
            db, filters = self._db, self._filters

            def count() -> int:
                with db.read_session() as s:
                    return count_visits(s, filters)

            run_task(count, lambda total: self._counted(generation, total), self._on_error(generation))
        self.loaded.emit(len(rows))

    def _counted(self, generation: int, total: int) -> None:
        if self._current(generation):
            self._total = total
            self._counting = False
            self.counted.emit(total)

    def _append(self, rows: list[VisitRow]) -> None:
        self._loading = False
        self._exhausted = len(rows) < self._window
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _on_error(self, generation: int) -> Callable[[Exception], None]:
        def handle(exc: Exception) -> None:
            if self._current(generation):
                self._loading = self._counting = False
                self._exhausted = True
                self.failed.emit(str(exc))

        return handle

    # -- lazy fetching ------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation = self._generation
        db, filters, sort, desc = self._db, self._filters, self._sort, self._descending
        after, window = self._rows[-1] if self._rows else None, self._window

        def load() -> list[VisitRow]:
            with db.read_session() as s:
                return list_visits(s, filters, sort=sort, descending=desc, after=after, limit=window)

        def done(rows: list[VisitRow]) -> None:
            if self._current(generation):
                self._append(rows)

        run_task(load, done, self._on_error(generation))

    # -- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == self.SECTOR:
                return label(SECTORS, row.sector) or None
            if index.column() in (self.PURPOSE, self.ORGANIZATION):
                return self._text(row, index.column()) or None
        if role == self.IdRole:
            return row.id
        return None

    def _text(self, row: VisitRow, column: int) -> str:
        if column == self.DATE:
            return timefmt.stamp(row.starts_at)
        if column == self.ORGANIZATION:
            return row.organization_name
        if column == self.SECTOR:
            return SHORT_SECTORS.get(row.sector or "") or label(SECTORS, row.sector)
        if column == self.TYPE:
            return label(VISIT_TYPES, row.visit_type)
        if column == self.STATUS:
            return label(VISIT_STATUSES, row.status)
        if column == self.STAFF:
            return row.staff_name or ""
        if column == self.PURPOSE:
            return row.purpose or ""
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORT_KEYS):
            return
        key, descending = self.SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return  # the view repeats the current sort when sorting is switched on
        self._sort, self._descending = key, descending
        self.reload()
