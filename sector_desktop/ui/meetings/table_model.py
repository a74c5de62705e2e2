"""The meeting list as a lazy table model (upcoming soonest first, or past newest first), and the
short tables of one meeting: its agenda, decisions and action items.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from sector_desktop import timefmt
from sector_desktop.models.choices import ACTION_ITEM_STATUSES, MEETING_STATUSES, MEETING_TYPES, label
from sector_desktop.store import Database
from sector_desktop.store.meetings import (
    AgendaItemRow,
    DecisionRow,
    MeetingActionItemRow,
    MeetingFilter,
    MeetingRow,
    count_meetings,
    list_meetings,
)

from ..rows_model import MUTED, OVERDUE, RowsTableModel
from ..tasks import run_task

WHEN, TITLE, PARTNERSHIP, TYPE, STATUS, ATTENDANCE = range(6)
HEADERS = ("When", "Meeting", "Partnership", "Type", "Status", "Came")
WINDOW = 100

_Index = QModelIndex | QPersistentModelIndex


def _first(db: Database, f: MeetingFilter, limit: int) -> tuple[int, list[MeetingRow]]:
    with db.read_session() as s:
        return count_meetings(s, f), list_meetings(s, f, limit=limit)


def _more(db: Database, f: MeetingFilter, offset: int, limit: int) -> list[MeetingRow]:
    with db.read_session() as s:
        return list_meetings(s, f, offset=offset, limit=limit)


class MeetingsTableModel(QAbstractTableModel):
    """Rows of MeetingRow fetched a window at a time; `loaded(total)` fires after each (re)load."""

    loaded = Signal(int)

    def __init__(self, db: Database, window: int = WINDOW, parent=None) -> None:
        super().__init__(parent)
        self._db, self._window = db, window
        self._filter = MeetingFilter()
        self._rows: list[MeetingRow] = []
        self._total = 0
        self._generation = 0
        self._busy = False

    @property
    def total(self) -> int:
        return self._total

    @property
    def filter(self) -> MeetingFilter:
        return self._filter

    def set_filter(self, f: MeetingFilter) -> None:
        self._filter = f
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, f, db, limit = self._generation, self._filter, self._db, self._window
        self._busy = True
        run_task(lambda: _first(db, f, limit), lambda result: self._reloaded(generation, result))

    def _reloaded(self, generation: int, result: tuple[int, list[MeetingRow]]) -> None:
        if generation != self._generation:
            return  # an answer to an older filter
        self.beginResetModel()
        self._total, self._rows = result
        self._busy = False
        self.endResetModel()
        self.loaded.emit(self._total)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._busy and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._busy = True
        generation, f, db, offset = self._generation, self._filter, self._db, len(self._rows)
        run_task(
            lambda: _more(db, f, offset, self._window), lambda rows: self._fetched(generation, offset, rows)
        )

    def _fetched(self, generation: int, offset: int, rows: list[MeetingRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._busy = False
        if not rows:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> MeetingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, meeting_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == meeting_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == ATTENDANCE:
            return "Business representatives / public and nonprofit partners who came"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (TITLE, PARTNERSHIP):
            return self._text(row, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "cancelled":
                return MUTED
            if col == ATTENDANCE and row.status == "held" and not row.headcount.employer_led:
                return OVERDUE
        return None

    def _text(self, row: MeetingRow, col: int) -> str:
        if col == ATTENDANCE:
            h = row.headcount
            return f"{h.business} / {h.partners}" if row.status == "held" else ""
        return (
            timefmt.when(row.starts_at),
            row.title,
            row.partnership_name,
            label(MEETING_TYPES, row.meeting_type),
            label(MEETING_STATUSES, row.status),
        )[col]


class AgendaTableModel(RowsTableModel):
    POSITION, TITLE, PRESENTER, MINUTES = range(4)
    headers = ("#", "Agenda item", "Presenter", "Minutes")

    def text(self, row: AgendaItemRow, column: int) -> str:
        return (
            str(row.position + 1),
            row.title,
            row.presenter or "",
            str(row.minutes_allotted) if row.minutes_allotted else "",
        )[column]


class DecisionsTableModel(RowsTableModel):
    TEXT = 0
    headers = ("Decision",)

    def text(self, row: DecisionRow, column: int) -> str:
        return row.text

    def tooltip(self, row: DecisionRow, column: int) -> str | None:
        return row.text


class MeetingActionItemsTableModel(RowsTableModel):
    TEXT, OWNER, DUE, STATUS = range(4)
    headers = ("Action item", "Owner", "Due", "Status")

    def text(self, row: MeetingActionItemRow, column: int) -> str:
        return (
            row.text,
            row.owner_name or "",
            timefmt.short_date(row.due_date),
            label(ACTION_ITEM_STATUSES, row.status),
        )[column]

    def tooltip(self, row: MeetingActionItemRow, column: int) -> str | None:
        return f"{row.text}\nOwner: {row.owner_name or 'unassigned'}"

    def color(self, row: MeetingActionItemRow, column: int) -> QColor | None:
        return MUTED if row.status != "open" else None
