"""The meeting list on the one lazy table model (ui/windowed_model.py; upcoming soonest first, or
past newest first, until a header is clicked), and the short tables of one meeting: its agenda,
decisions and action items on the shared rows model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor

from sector_desktop import timefmt
from sector_desktop.models.choices import ACTION_ITEM_STATUSES, MEETING_STATUSES, MEETING_TYPES, label
from sector_desktop.store import Database
from sector_desktop.store.meetings import (
    SORT_KEYS,
    AgendaItemRow,
    DecisionRow,
    MeetingActionItemRow,
    MeetingFilter,
    MeetingRow,
    count_meetings,
    list_meetings,
)

from ..rows_model import MUTED, OVERDUE, RowsTableModel
from ..windowed_model import WindowedTableModel

WHEN, TITLE, PARTNERSHIP, TYPE, STATUS, ATTENDANCE = range(6)
HEADERS = ("When", "Meeting", "Partnership", "Type", "Status", "Came")
WINDOW = 100


def _count(db: Database, f: MeetingFilter) -> int:
    with db.read_session() as s:
        return count_meetings(s, f)


def _window(
    db: Database, f: MeetingFilter, sort: str | None, descending: bool, after: MeetingRow | None, limit: int
) -> list[MeetingRow]:
    with db.read_session() as s:
        if sort is None:  # the filter's own order: upcoming soonest first, past newest first
            return list_meetings(s, f, after=after, limit=limit)
        return list_meetings(s, f, sort=sort, descending=descending, after=after, limit=limit)


class MeetingsTableModel(WindowedTableModel):
    """Rows of MeetingRow fetched a window at a time; `loaded(total)` fires after each (re)load."""

    HEADERS = HEADERS
    HEADER_TIPS = {ATTENDANCE: "Business representatives / public and nonprofit partners who came"}
    SORT_KEYS = SORT_KEYS

    def __init__(self, db: Database, window: int = WINDOW, parent: Any = None) -> None:
        super().__init__(db, window, parent)
        self._filter = MeetingFilter()

    @property
    def filter(self) -> MeetingFilter:
        return self._filter

    def set_filter(self, f: MeetingFilter) -> None:
        self._filter = f
        self.reload()

    def count_job(self) -> Callable[[], int]:
        db, f = self._db, self._filter
        return lambda: _count(db, f)

    def window_job(self, after: MeetingRow | None, limit: int) -> Callable[[], list[MeetingRow]]:
        db, f, sort, descending = self._db, self._filter, self.sort_key, self.descending
        return lambda: _window(db, f, sort, descending, after, limit)

    def tooltip(self, row: MeetingRow, column: int) -> str | None:
        return self.text(row, column) if column in (TITLE, PARTNERSHIP) else None

    def color(self, row: MeetingRow, column: int) -> QColor | None:
        if row.status == "cancelled":
            return MUTED
        if column == ATTENDANCE and row.status == "held" and not row.headcount.employer_led:
            return OVERDUE
        return None

    def text(self, row: MeetingRow, column: int) -> str:
        if column == ATTENDANCE:
            h = row.headcount
            return f"{h.business} / {h.partners}" if row.status == "held" else ""
        return (
            timefmt.when(row.starts_at),
            row.title,
            row.partnership_name,
            label(MEETING_TYPES, row.meeting_type),
            label(MEETING_STATUSES, row.status),
        )[column]


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
    sort_attrs = {DUE: "due_date"}

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
