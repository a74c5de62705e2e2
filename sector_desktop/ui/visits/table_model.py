"""The visit list on the one lazy table model (ui/windowed_model.py): windows of rows fetched off the
UI thread as the user scrolls, in any column's order (newest first until a header is clicked)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sector_desktop import timefmt
from sector_desktop.models.choices import SECTORS, VISIT_STATUSES, VISIT_TYPES, label
from sector_desktop.store import Database
from sector_desktop.store.visits import SORT_KEYS, VisitFilters, VisitRow, count_visits, list_visits

from ..windowed_model import WINDOW, WindowedTableModel

# The list is narrow; the full sector names are in the tooltip and the detail panel.
SHORT_SECTORS = {"it": "IT", "construction": "Construction", "logistics": "Logistics"}


def _count(db: Database, filters: VisitFilters) -> int:
    with db.read_session() as s:
        return count_visits(s, filters)


def _window(
    db: Database, filters: VisitFilters, sort: str, descending: bool, after: VisitRow | None, limit: int
) -> list[VisitRow]:
    with db.read_session() as s:
        return list_visits(s, filters, sort=sort, descending=descending, after=after, limit=limit)


class VisitsTableModel(WindowedTableModel):
    """Rows of VisitRow; sorting or filtering starts again from the top."""

    DATE, ORGANIZATION, SECTOR, TYPE, STATUS, STAFF, PURPOSE = range(7)
    HEADERS = ("Date", "Organization", "Sector", "Type", "Status", "Staff", "Purpose")
    SORT_KEYS = SORT_KEYS
    WINDOW = WINDOW

    def __init__(self, db: Database, parent: Any = None, *, window: int = WINDOW) -> None:
        super().__init__(db, window, parent)
        self._filters = VisitFilters()

    @property
    def filters(self) -> VisitFilters:
        return self._filters

    def set_filters(self, filters: VisitFilters) -> None:
        self._filters = filters
        self.reload()

    def count_job(self) -> Callable[[], int]:
        db, filters = self._db, self._filters
        return lambda: _count(db, filters)

    def window_job(self, after: VisitRow | None, limit: int) -> Callable[[], list[VisitRow]]:
        db, filters = self._db, self._filters
        # Newest first until the user picks a column.
        sort, descending = (self.sort_key, self.descending) if self.sort_key else ("starts_at", True)
        return lambda: _window(db, filters, sort, descending, after, limit)

    def text(self, row: VisitRow, column: int) -> str:
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

    def tooltip(self, row: VisitRow, column: int) -> str | None:
        if column == self.SECTOR:
            return label(SECTORS, row.sector) or None
        if column in (self.PURPOSE, self.ORGANIZATION):
            return self.text(row, column) or None
        return None
