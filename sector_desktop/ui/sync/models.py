"""Item models of the Sync page: open conflicts, 'what changed while you were out', the records
waiting to be sent and those that could not be synced."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sector_desktop import timefmt
from sector_desktop.sync.client import ConflictView, RecentChange
from sector_desktop.sync.client.failed import RECEIVED
from sector_desktop.sync.client.records import FailedLine, WaitingRecord, record_noun

from ..rows_model import RowsTableModel


def show_value(value: Any, limit: int = 80) -> str:
    if value is None:
        return "(empty)"
    text = value if isinstance(value, str) else json.dumps(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


RECORD, FIELD, MINE, THEIRS = range(4)


class ConflictTableModel(RowsTableModel):
    """One row per open conflict (one field of one record)."""

    headers = ("Record", "Field", "Mine", "Theirs")

    def text(self, item: ConflictView, column: int) -> str:
        mine, theirs = mine_and_theirs(item)
        field = item.field.replace("_", " ").capitalize()
        if item.kind == "delete_edit":
            field += " (deleted elsewhere)"
        return (item.record, field, show_value(mine), show_value(theirs))[column]

    def tooltip(self, item: ConflictView, column: int) -> str | None:
        mine, theirs = mine_and_theirs(item)
        return (
            show_value(mine, 2000)
            if column == MINE
            else show_value(theirs, 2000)
            if column == THEIRS
            else None
        )


def mine_and_theirs(item: ConflictView) -> tuple[Any, Any]:
    """'Mine' is what this device wrote; when it wrote neither, the value that lost."""
    return (item.current, item.other) if item.mine_is_current else (item.other, item.current)


def authors(item: ConflictView) -> tuple[str, str]:
    return (
        (item.current_author, item.other_author)
        if item.mine_is_current
        else (item.other_author, item.current_author)
    )


WHAT, WHO, WHEN, CHANGE = range(4)


class RecentTableModel(RowsTableModel):
    """Records colleagues changed, newest first."""

    headers = ("Record", "Who", "When", "What")
    sort_attrs = {WHEN: "when"}  # ISO stamps sort as time

    def text(self, item: RecentChange, column: int) -> str:
        if item.created:
            what = "created"
        elif item.changed:
            what = "changed " + ", ".join(item.changed)
        else:
            what = f"{item.fields} field{'s' if item.fields != 1 else ''} changed"
        what = f"{what}; {item.note}" if item.note else what
        return (item.record, item.author, stamp_text(item.when), what)[column]


class WaitingTableModel(RowsTableModel):
    """Records changed here and not yet acknowledged by the server, oldest change first."""

    headers = ("Record", "Kind", "Fields changed", "Since")
    sort_attrs = {3: "since"}

    def text(self, item: WaitingRecord, column: int) -> str:
        kind = record_noun(item.table, 1).split(" ", 1)[1].capitalize()
        return (item.record, kind, f"{item.fields:,}", stamp_text(item.since))[column]


class FailedTableModel(RowsTableModel):
    """Fields that could not be synced (sync_failed): which record, which way, and why."""

    RECORD, KIND, FIELD, WHAT, WHY, WHEN = range(6)
    headers = ("Record", "Kind", "Field", "What happened", "Why", "When")
    sort_attrs = {WHEN: "failed_at"}

    def text(self, item: FailedLine, column: int) -> str:
        kind = record_noun(item.table, 1).split(" ", 1)[1].capitalize()
        what = (
            "Received, could not be stored here"
            if item.direction == RECEIVED
            else "Sent, refused by the server"
        )
        field = item.field.replace("_", " ").capitalize()
        return (item.record, kind, field, what, item.reason, stamp_text(item.failed_at))[column]

    def tooltip(self, item: FailedLine, column: int) -> str | None:
        if column == self.WHY:
            return f"{item.reason}\nThe value: {show_value(item.value, 500)}"
        return super().tooltip(item, column)


def stamp_text(iso_utc: str) -> str:
    """A stored naive-UTC ISO stamp in the house style, in the profile's zone."""
    try:
        return timefmt.stamp(dt.datetime.fromisoformat(iso_utc))
    except ValueError:
        return iso_utc
