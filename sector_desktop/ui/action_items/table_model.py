"""The action-item list as a lazy table model: the count first, then rows in windows as the view
scrolls. Overdue rows stand out (red due date, bold row). Queries run in the thread pool, and a
reload bumps a generation number so a late answer to an older view is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from shiboken6 import isValid

from sector_desktop.models.choices import ACTION_ITEM_STATUSES, label
from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import ActionItemFilter, ActionItemRow
from sector_desktop.store import Database

from ..tasks import run_task

DUE, TEXT, OWNER, STATUS, ORGANIZATION, PARTNERSHIP, SOURCE = range(7)
HEADERS = ("Due", "Action item", "Owner", "Status", "Organization", "Partnership", "From")
WINDOW = 200

OVERDUE_COLOR = QColor("#c62828")
_MUTED = QColor("#6b7580")
_Index = QModelIndex | QPersistentModelIndex


def guarded(owner: object, fn: Callable[..., None]) -> Callable[..., None]:
    """`fn`, but a no-op once `owner` (a QObject) is deleted: a task may answer after its page closed."""

    def call(*args: object) -> None:
        if isValid(owner):
            fn(*args)

    return call


def _first_window(db: Database, flt: ActionItemFilter, limit: int) -> tuple[int, list[ActionItemRow]]:
    return svc.total(db, flt), svc.list_window(db, flt, 0, limit)


class ActionItemsTableModel(QAbstractTableModel):
    """Rows of ActionItemRow; `loaded(total)` fires when a (re)load's first window has arrived."""

    loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, db: Database, window: int = WINDOW, parent=None) -> None:
        super().__init__(parent)
        self._db = db
        self._window = window
        self._filter = ActionItemFilter(today=dt.date.today())
        self._rows: list[ActionItemRow] = []
        self._total = 0
        self._generation = 0
        self._fetching = False
        self._loading = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading -------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return self._total

    @property
    def filter(self) -> ActionItemFilter:
        return self._filter

    @property
    def is_loading(self) -> bool:
        return self._loading

    def set_filter(self, flt: ActionItemFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, flt, db, limit = self._generation, self._filter, self._db, self._window
        self._loading, self._fetching = True, False
        run_task(
            lambda: _first_window(db, flt, limit),
            guarded(self, lambda result: self._reloaded(generation, result)),
            guarded(self, lambda exc: self._failed(generation, exc)),
        )

    def _reloaded(self, generation: int, result: tuple[int, list[ActionItemRow]]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._total, self._rows = result
        self._loading = False
        self.endResetModel()
        self.loaded.emit(self._total)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
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
        generation, flt, db = self._generation, self._filter, self._db
        offset, limit = len(self._rows), self._window
        run_task(
            lambda: svc.list_window(db, flt, offset, limit),
            guarded(self, lambda rows: self._fetched(generation, offset, rows)),
            guarded(self, lambda exc: self._failed(generation, exc)),
        )

    def _fetched(self, generation: int, offset: int, rows: list[ActionItemRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            self._total = len(self._rows)  # rows vanished since the count: stop asking
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # -- reading -------------------------------------------------------------------------
    def row_at(self, row: int) -> ActionItemRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), None)

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
    return f"{value:%b} {value.day}, {value.year}" if value else ""


def source_text(row: ActionItemRow, today: dt.date) -> str:
    when = ""
    if row.source_date:
        when = f"{row.source_date:%b} {row.source_date.day}"
        if row.source_date.year != today.year:
            when += f", {row.source_date.year}"
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
        return f"{row.due_date:%A}, {short_date(row.due_date)}"
    if column == TEXT:
        note = f"\n\nNote: {row.status_note}" if row.status_note else ""
        return row.text + note
    if column == OWNER and row.owner_is_contact:
        return f"{row.owner_name} (outside the team)"
    if column == STATUS and row.status_note:
        return row.status_note
    return None
