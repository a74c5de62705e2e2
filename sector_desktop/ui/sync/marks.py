"""A small mark on list rows whose record waits to sync, could not be synced, or is in conflict.

One `SyncMarks` per window context keeps the states (read in a worker after every change and
every sync); `mark_sync_state(view, table)` puts its delegate on a list's first column.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHelpEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from sector_desktop.sync.client.records import CONFLICT, FAILED, WAITING, RecordStates, record_states

from ..context import AppContext
from ..operations import Changes
from ..tasks import run_task
from .controller import controller_for

Index = QModelIndex | QPersistentModelIndex
COLOURS = {WAITING: "#8a96a3", FAILED: "#b00020", CONFLICT: "#d97706"}
TIPS = {
    WAITING: "Waiting to sync: changed here, not yet sent to the server.",
    FAILED: "Could not sync this record",
    CONFLICT: "In conflict: changed here and elsewhere. Review it on the Sync page.",
}
REFRESH_MS = 300


def marks_for(ctx: AppContext) -> SyncMarks:
    """The context's one SyncMarks, kept on its events object so that it lives and dies with it."""
    marks = getattr(ctx.events, "sync_marks", None)
    if marks is None:
        marks = SyncMarks(ctx)
        ctx.events.sync_marks = marks  # type: ignore[attr-defined]
    return marks


class SyncMarks(QObject):
    """The sync state of every record that has one; `changed` after each fresh read."""

    changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx.events)  # lives as long as the context's events
        self.ctx = ctx
        self.states = RecordStates()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.events.applied.connect(self._applied)
        controller_for(ctx).finished.connect(lambda _report: self._timer.start())
        self.refresh()

    def _applied(self, changes: Changes) -> None:
        self._timer.start()  # a local edit waits now; a sync's arrivals may settle conflicts

    def refresh(self) -> None:
        db = self.ctx.db
        run_task(lambda: record_states(db), self._loaded)

    def _loaded(self, states: RecordStates) -> None:
        self.states = states
        self.changed.emit()

    def state_of(self, table: str, row_id: str | None) -> str | None:
        return self.states.state(table, row_id) if row_id else None


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 8, 8)
    painter.end()
    return QIcon(pixmap)


class SyncStateDelegate(QStyledItemDelegate):
    """Draws a coloured dot before the first column's text, with a tooltip saying what it means."""

    def __init__(self, marks: SyncMarks, table: str, parent: QAbstractItemView) -> None:
        super().__init__(parent)
        self.marks, self.table = marks, table
        self._icons = {state: _dot(colour) for state, colour in COLOURS.items()}

    def record_id(self, index: Index) -> str | None:
        model: Any = index.model()
        row = model.row_at(index.row()) if hasattr(model, "row_at") else None
        return getattr(row, "id", None)

    def state(self, index: Index) -> str | None:
        return self.marks.state_of(self.table, self.record_id(index))

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        state = self.state(index)
        if state is not None:
            option.icon = self._icons[state]
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration

    def tooltip(self, index: Index) -> str | None:
        state = self.state(index)
        if state is None:
            return None
        if state == FAILED:
            reason = self.marks.states.reason(self.table, self.record_id(index) or "")
            return f"{TIPS[FAILED]}: {reason}." if reason else f"{TIPS[FAILED]}."
        return TIPS[state]

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: Any, index: Index) -> bool:
        tip = self.tooltip(index) if event.type() == QEvent.Type.ToolTip else None
        if tip is None:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), tip, view)
        return True


def mark_sync_state(
    ctx: AppContext, view: QAbstractItemView, table: str, column: int = 0
) -> SyncStateDelegate:
    """Mark `view`'s rows (records of `table`) that wait to sync, failed or are in conflict."""
    marks = marks_for(ctx)
    delegate = SyncStateDelegate(marks, table, view)
    view.setItemDelegateForColumn(column, delegate)
    marks.changed.connect(view.viewport().update)
    return delegate
