"""The action-item list as a lazy table model: the count first, then rows in windows as the view
scrolls. Overdue rows stand out (red due date, bold row). Queries run in the thread pool, and a
reload bumps a generation number so a late answer to an older view is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import ACTION_ITEM_STATUSES, label
from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import ActionItemFilter, ActionItemRow
from sector_desktop.store import Database

from ..windowed_model import WINDOW, WindowedTableModel

DUE, TEXT, OWNER, STATUS, ORGANIZATION, PARTNERSHIP, SOURCE = range(7)
HEADERS = ("Due", "Action item", "Owner", "Status", "Organization", "Partnership", "From")

OVERDUE_COLOR = QColor("#c62828")
_MUTED = QColor("#6b7580")
_Index = QModelIndex | QPersistentModelIndex


class ActionItemsTableModel(WindowedTableModel):
    """Rows of ActionItemRow; `loaded(total)` fires when a (re)load's first window has arrived."""

    HEADERS = HEADERS

    def __init__(self, db: Database, window: int = WINDOW, parent=None) -> None:
        super().__init__(db, window, parent)
        self._filter = ActionItemFilter(today=clock.today())
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def filter(self) -> ActionItemFilter:
        return self._filter

    def set_filter(self, flt: ActionItemFilter) -> None:
        self._filter = flt
        self.reload()

    def count_job(self) -> Callable[[], int]:
        db, flt = self._db, self._filter
        return lambda: svc.total(db, flt)

    def window_job(self, offset: int, limit: int) -> Callable[[], list[ActionItemRow]]:
        db, flt = self._db, self._filter
        return lambda: svc.list_window(db, flt, offset, limit)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row, column, self._filter.today)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column, self._filter.today)
        if role == Qt.ItemDataRole.FontRole and row.overdue:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and column == DUE:
                return OVERDUE_COLOR
            if row.status != "open":
                return _MUTED
        return None


def short_date(value: dt.date | None) -> str:
    return timefmt.date(value)


def source_text(row: ActionItemRow, today: dt.date) -> str:
    when = timefmt.short_date(row.source_date, today)
    if row.source_kind == "meeting":
        return " · ".join(p for p in (f"Meeting: {row.source_title or ''}", when) if p)
    if row.source_kind == "visit":
        return f"Visit · {when}" if when else "Visit"
    return ""


def display(row: ActionItemRow, column: int, today: dt.date) -> str:
    if column == DUE:
        return short_date(row.due_date) or "—"
    if column == TEXT:
        return " ".join(row.text.split())
    if column == OWNER:
        return row.owner_name or "Nobody"
    if column == STATUS:
        return "Overdue" if row.overdue else label(ACTION_ITEM_STATUSES, row.status)
    if column == ORGANIZATION:
        return row.organization_name or ""
    if column == PARTNERSHIP:
        return row.partnership_name or ""
    if column == SOURCE:
        return source_text(row, today)
    return ""


def _tooltip(row: ActionItemRow, column: int, today: dt.date) -> str | None:
    if column == DUE and row.overdue and row.due_date:
        days = (today - row.due_date).days
        return f"Overdue by {days} day{'s' if days != 1 else ''}"
    if column == DUE and row.due_date:
        return timefmt.long_date(row.due_date)
    if column == TEXT:
        note = f"\n\nNote: {row.status_note}" if row.status_note else ""
        return row.text + note
    if column == OWNER and row.owner_is_contact:
        return f"{row.owner_name} (outside the team)"
    if column == STATUS and row.status_note:
        return row.status_note
    return None
