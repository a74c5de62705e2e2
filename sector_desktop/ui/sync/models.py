"""Item models of the Sync page: open conflicts and 'what changed while you were out'."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sector_desktop import timefmt
from sector_desktop.sync.client import ConflictView, RecentChange
from sector_desktop.sync.client.records import WaitingRecord, record_noun

Index = QModelIndex | QPersistentModelIndex


def show_value(value: Any, limit: int = 80) -> str:
    if value is None:
        return "(empty)"
    text = value if isinstance(value, str) else json.dumps(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _ListTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, index.column())
        return None

    def cell(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, item: Any, column: int) -> str | None:
        return None


RECORD, FIELD, MINE, THEIRS = range(4)


class ConflictTableModel(_ListTableModel):
    """One row per open conflict (one field of one record)."""

    HEADERS = ("Record", "Field", "Mine", "Theirs")

    def cell(self, item: ConflictView, column: int) -> str:
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


class RecentTableModel(_ListTableModel):
    """Records colleagues changed, newest first."""

    HEADERS = ("Record", "Who", "When", "What")

    def cell(self, item: RecentChange, column: int) -> str:
        what = "created" if item.created else f"{item.fields} field{'s' if item.fields != 1 else ''} changed"
        what = f"{what}; {item.note}" if item.note else what
        return (item.record, item.author, stamp_text(item.when), what)[column]


class WaitingTableModel(_ListTableModel):
    """Records changed here and not yet acknowledged by the server, oldest change first."""

    HEADERS = ("Record", "Kind", "Fields changed", "Since")

    def cell(self, item: WaitingRecord, column: int) -> str:
        kind = record_noun(item.table, 1).split(" ", 1)[1].capitalize()
        return (item.record, kind, f"{item.fields:,}", stamp_text(item.since))[column]


def stamp_text(iso_utc: str) -> str:
    """A stored naive-UTC ISO stamp in the house style, in the profile's zone."""
    try:
        return timefmt.stamp(dt.datetime.fromisoformat(iso_utc))
    except ValueError:
        return iso_utc
