"""The records behind a number: the establishments, visits, placements... that were counted, each of
which opens in the app (double-click or Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services.performance.behind import WHAT, RecordLine, records_behind

from ..context import AppContext
from ..tasks import guarded, run_task
from .models import Behind


class RecordsBehindDialog(QDialog):
    """Lists exactly the records a number counted; loads them off the UI thread."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, behind: Behind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.behind = behind
        self.lines: list[RecordLine] = []
        self.setObjectName("recordsBehindDialog")
        self.setWindowTitle(behind.title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(620, 460)
        what = WHAT.get(behind.kind, behind.kind)
        self.heading = QLabel(
            f"{len(behind.ids):,} {what} counted" if behind.ids else behind.empty or f"No {what} counted."
        )
        self.heading.setObjectName("recordsBehindHeading")
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("recordsBehindList")
        self.list.setAccessibleName(f"The {what} behind {behind.title}")
        self.list.itemActivated.connect(self._open)
        self.hint = QLabel("Double-click a line or press Enter to open it." if behind.ids else "")
        self.hint.setProperty("role", "hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.list, self.hint, buttons):
            layout.addWidget(widget)
        if behind.ids:
            db, kind, ids = ctx.db, behind.kind, behind.ids
            self.list.addItem("Loading…")
            run_task(lambda: records_behind(db, kind, ids), guarded(self, self._show))
        else:
            self.list.hide()

    def _show(self, lines: list[RecordLine]) -> None:
        self.lines = lines
        self.list.clear()
        for line in lines:
            item = QListWidgetItem(f"{line.title}\n    {line.detail}" if line.detail else line.title)
            item.setData(Qt.ItemDataRole.UserRole, line.opens)
            item.setToolTip("Opens the record" if line.opens else "")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.loaded.emit()

    def _open(self, item: QListWidgetItem) -> None:
        opens = item.data(Qt.ItemDataRole.UserRole)
        if opens:
            self.ctx.events.open_record.emit(*opens)
