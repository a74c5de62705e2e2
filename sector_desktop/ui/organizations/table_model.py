"""The organizations list as a lazy table model: the count up front, then rows in windows as the view scrolls.

Every query runs in the thread pool (design rule 3); a reload bumps a generation number so a late
answer to an older filter or sort is dropped instead of mixed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from sector_desktop import timefmt
from sector_desktop.models.choices import ORGANIZATION_KINDS, ORGANIZATION_STATUSES, SECTORS, label
from sector_desktop.store import Database
from sector_desktop.store.organizations import (
    OrganizationFilter,
    OrganizationRow,
    count_organizations,
    list_organizations,
)

from ..windowed_model import WINDOW, WindowedTableModel

NAME, KIND, SECTOR, STATUS, CITY, STAFF, LAST_VISIT = range(7)
HEADERS = ("Name", "Kind", "Sector", "Status", "City", "Assigned staff", "Last visit")
# The store's sort key for each column.
SORT_KEYS = ("name", "kind", "sector", "status", "city", "staff", "last_visit")

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


class OrganizationsTableModel(WindowedTableModel):
    """Rows of OrganizationRow; `loaded(total)` fires when a (re)load's first window has arrived."""

    HEADERS = HEADERS

    def __init__(self, db: Database, window: int = WINDOW, parent=None) -> None:
        super().__init__(db, window, parent)
        self._query = _Query(OrganizationFilter(), "name", False)

    @property
    def filter(self) -> OrganizationFilter:
        return self._query.filter

    def set_filter(self, f: OrganizationFilter) -> None:
        self._query = _Query(f, self._query.sort, self._query.descending)
        self.reload()

    def count_job(self) -> Callable[[], int]:
        db, query = self._db, self._query
        return lambda: _count(db, query)

    def window_job(self, offset: int, limit: int) -> Callable[[], list[OrganizationRow]]:
        db, query = self._db, self._query
        return lambda: _window(db, query, offset, limit)

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
    return timefmt.date(value)


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
