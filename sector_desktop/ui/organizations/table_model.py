"""The organizations list as a lazy table model: the count up front, then rows in windows as the view scrolls.

Every query runs in the thread pool (design rule 3); a reload bumps a generation number so a late
answer to an older filter or sort is dropped instead of mixed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from sector_desktop.models.choices import ORGANIZATION_KINDS, ORGANIZATION_STATUSES, SECTORS, label
from sector_desktop.store import Database
from sector_desktop.store.organizations import (
    OrganizationFilter,
    OrganizationRow,
    count_organizations,
    list_organizations,
)

from ..tasks import run_task

NAME, KIND, SECTOR, STATUS, CITY, STAFF, LAST_VISIT = range(7)
HEADERS = ("Name", "Kind", "Sector", "Status", "City", "Assigned staff", "Last visit")
# The store's sort key for each column.
SORT_KEYS = ("name", "kind", "sector", "status", "city", "staff", "last_visit")
WINDOW = 200

_Index = QModelIndex | QPersistentModelIndex
_MUTED = QColor("#6b7580")
# Short forms so the list's columns stay narrow; the cell's tooltip has the full label.
SHORT_SECTORS = {"it": "IT", "construction": "Construction", "logistics": "Logistics"}
SHORT_KINDS = {"community_organization": "Community org."}


@dataclass(frozen=True)
class _Query:
    filter: OrganizationFilter
    sort: str
    descending: bool


def _count(db: Database, query: _Query) -> int:
    with db.read_session() as s:
        return count_organizations(s, query.filter)


def _window(db: Database, query: _Query, offset: int, limit: int) -> list[OrganizationRow]:
    with db.read_session() as s:
        return list_organizations(
            s, query.filter, sort=query.sort, descending=query.descending, offset=offset, limit=limit
        )


class OrganizationsTableModel(QAbstractTableModel):
    """Rows of OrganizationRow; `loaded(total)` fires when a (re)load's first window has arrived."""

    loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, db: Database, window: int = WINDOW, parent=None) -> None:
        super().__init__(parent)
        self._db = db
        self._window = window
        self._query = _Query(OrganizationFilter(), "name", False)
        self._rows: list[OrganizationRow] = []
        self._total = 0
        self._generation = 0
        self._fetching = False
        self._loading = False
        self._pending: dict[str, Any] = {}  # the parts of a reload that have arrived

    # -- loading ---------------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many organizations match the filter (known before all rows are fetched)."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def filter(self) -> OrganizationFilter:
        return self._query.filter

    def set_filter(self, f: OrganizationFilter) -> None:
        self._query = _Query(f, self._query.sort, self._query.descending)
        self.reload()

    def reload(self) -> None:
        """Count and fetch the first window again for the current filter and sort, off the UI thread."""
        self._generation += 1
        generation, query, db, limit = self._generation, self._query, self._db, self._window
        self._loading = True
        self._fetching = False
        # The count and the first window are independent queries: run them side by side.
        self._pending = {}
        run_task(
            lambda: _count(db, query),
            lambda total: self._part_loaded(generation, "total", total),
            lambda exc: self._failed(generation, exc),
        )
        run_task(
            lambda: _window(db, query, 0, limit),
            lambda rows: self._part_loaded(generation, "rows", rows),
            lambda exc: self._failed(generation, exc),
        )

    def _part_loaded(self, generation: int, part: str, value: Any) -> None:
        if generation != self._generation:
            return
        self._pending[part] = value
        if len(self._pending) == 2:
            self._reloaded(self._pending["total"], self._pending["rows"])

    def _reloaded(self, total: int, rows: list[OrganizationRow]) -> None:
        # A row added between the two queries can make the window hold more than the count.
        total = max(total, len(rows))
        self.beginResetModel()
        self._total, self._rows = total, rows
        self._loading = False
        self.endResetModel()
        self.loaded.emit(total)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = self._fetching = False
        self.failed.emit(str(exc))

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._loading or self._fetching:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, query, db = self._generation, self._query, self._db
        offset, limit = len(self._rows), self._window
        run_task(
            lambda: _window(db, query, offset, limit),
            lambda rows: self._fetched(generation, offset, rows),
            lambda exc: self._failed(generation, exc),
        )

    def _fetched(self, generation: int, offset: int, rows: list[OrganizationRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            # The table shrank since the count (someone deleted rows): stop asking for more.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # -- reading -----------------------------------------------------------------------
    def row_at(self, row: int) -> OrganizationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, org_id: str) -> int | None:
        """The row showing `org_id` among the rows fetched so far."""
        return next((i for i, r in enumerate(self._rows) if r.id == org_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "inactive":
            return _MUTED
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._query = _Query(self._query.filter, SORT_KEYS[column], descending)
        self.reload()


def _date(value: dt.datetime | None) -> str:
    return value.strftime("%b %d, %Y") if value else ""


def _tooltip(row: OrganizationRow, column: int) -> str | None:
    if column == NAME:
        return f"{row.name}\nDoing business as {row.dba}" if row.dba else row.name
    if column == KIND:
        return label(ORGANIZATION_KINDS, row.kind)
    if column == SECTOR:
        return label(SECTORS, row.sector) or None
    return None


def _display(row: OrganizationRow, column: int) -> str:
    if column == NAME:
        return row.name
    if column == KIND:
        return SHORT_KINDS.get(row.kind) or label(ORGANIZATION_KINDS, row.kind)
    if column == SECTOR:
        return SHORT_SECTORS.get(row.sector or "") or label(SECTORS, row.sector)
    if column == STATUS:
        return label(ORGANIZATION_STATUSES, row.status)
    if column == CITY:
        return ", ".join(p for p in (row.city, row.state) if p)
    if column == STAFF:
        return row.staff_name or ""
    if column == LAST_VISIT:
        return _date(row.last_visit)
    return ""
