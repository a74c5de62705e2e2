"""The organizations list on the one lazy table model (ui/windowed_model.py): the count and the
first window up front, then windows after the last row as the view scrolls, in any column's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

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

_MUTED = QColor("#6b7580")
# Short forms so the list's columns stay narrow; the cell's tooltip has the full label.
SHORT_SECTORS = {"it": "IT", "construction": "Construction", "logistics": "Logistics"}
SHORT_KINDS = {"community_organization": "Community org."}


def _count(db: Database, f: OrganizationFilter) -> int:
    with db.read_session() as s:
        return count_organizations(s, f)


def _window(
    db: Database,
    f: OrganizationFilter,
    sort: str,
    descending: bool,
    after: OrganizationRow | None,
    limit: int,
) -> list[OrganizationRow]:
    with db.read_session() as s:
        return list_organizations(s, f, sort=sort, descending=descending, after=after, limit=limit)


class OrganizationsTableModel(WindowedTableModel):
    """Rows of OrganizationRow; `loaded(total)` fires when a (re)load's first window has arrived."""

    HEADERS = HEADERS
    SORT_KEYS = SORT_KEYS

    def __init__(self, db: Database, window: int = WINDOW, parent: Any = None) -> None:
        super().__init__(db, window, parent)
        self._filter = OrganizationFilter()

    @property
    def filter(self) -> OrganizationFilter:
        return self._filter

    def set_filter(self, f: OrganizationFilter) -> None:
        self._filter = f
        self.reload()

    def count_job(self) -> Callable[[], int]:
        db, f = self._db, self._filter
        return lambda: _count(db, f)

    def window_job(self, after: OrganizationRow | None, limit: int) -> Callable[[], list[OrganizationRow]]:
        db, f, sort, descending = self._db, self._filter, self.sort_key or "name", self.descending
        return lambda: _window(db, f, sort, descending, after, limit)

    def text(self, row: OrganizationRow, column: int) -> str:
        return _display(row, column)

    def tooltip(self, row: OrganizationRow, column: int) -> str | None:
        return _tooltip(row, column)

    def color(self, row: OrganizationRow, column: int) -> QColor | None:
        return _MUTED if row.status == "inactive" else None


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
