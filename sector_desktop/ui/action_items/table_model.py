"""The action-item list on the one lazy table model (ui/windowed_model.py): the count and the first
window, then windows after the last row as the view scrolls, in the view's order or any column's.
Overdue rows stand out (red due date, bold row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor, QFont

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import ACTION_ITEM_STATUSES, label
from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import ActionItemFilter, ActionItemRow
from sector_desktop.store import Database
from sector_desktop.store.action_items import SORT_KEYS

from ..windowed_model import WINDOW, WindowedTableModel

DUE, TEXT, OWNER, STATUS, ORGANIZATION, PARTNERSHIP, SOURCE = range(7)
HEADERS = ("Due", "Action item", "Owner", "Status", "Organization", "Partnership", "From")

OVERDUE_COLOR = QColor("#c62828")
_MUTED = QColor("#6b7580")


class ActionItemsTableModel(WindowedTableModel):
    """Rows of ActionItemRow in the view's own order until a header is clicked; `loaded(total)` fires
    when a (re)load's first window and count have arrived."""

    HEADERS = HEADERS
    SORT_KEYS = SORT_KEYS

    def __init__(self, db: Database, window: int = WINDOW, parent: Any = None) -> None:
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

    def window_job(self, after: ActionItemRow | None, limit: int) -> Callable[[], list[ActionItemRow]]:
        db, flt, sort, descending = self._db, self._filter, self.sort_key, self.descending
        return lambda: svc.list_window(db, flt, sort=sort, descending=descending, after=after, limit=limit)

    def text(self, row: ActionItemRow, column: int) -> str:
        return display(row, column, self._filter.today)

    def tooltip(self, row: ActionItemRow, column: int) -> str | None:
        return _tooltip(row, column, self._filter.today)

    def font(self, row: ActionItemRow, column: int) -> QFont | None:
        return self._bold if row.overdue else None

    def color(self, row: ActionItemRow, column: int) -> QColor | None:
        if row.overdue and column == DUE:
            return OVERDUE_COLOR
        return _MUTED if row.status != "open" else None


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
