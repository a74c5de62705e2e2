"""The Action items page: a view selector (mine, overdue, due this week, by partnership, by
organization, all open, closed) over one lazy list, and the commands that change items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import VIEWS, ActionItemFilter, ActionItemRow, Choice

from ..context import AppContext
from ..tasks import run_task
from . import table_model as tm
from .dialogs import DueDateDialog, NoteDialog, ReassignDialog
from .table_model import ActionItemsTableModel

_EMPTY = {
    "mine": "Nothing assigned to you is open.",
    "overdue": "Nothing is overdue.",
    "week": "Nothing is due in the next seven days.",
    "partnership": "No open action items from partnership meetings.",
    "organization": "No open action items for organizations.",
    "open": "No open action items.",
    "closed": "No done or cancelled action items yet.",
}
_NARROW = {"partnership": "All partnerships", "organization": "All organizations"}


class ActionItemsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionItemsPage")
        self.ctx = ctx
        self._today_override = today
        self._select_after_load: str | None = None
        self.view = "mine" if ctx.staff_id else "open"
        self.model = ActionItemsTableModel(ctx.db, parent=self)
        self._build()
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda msg: self.count_label.setText(f"Could not load action items: {msg}"))
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.reload)
        ctx.events.changed.connect(self._data_changed)
        self.set_view(self.view)

    @property
    def today(self) -> dt.date:
        return self._today_override or dt.date.today()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("Action items")
        heading.setProperty("role", "heading")
        self.count_label = QLabel("Loading…")
        self.count_label.setObjectName("actionItemCount")
        self.count_label.setProperty("role", "hint")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addLayout(self._build_views())
        layout.addLayout(self._build_commands())
        layout.addWidget(self._build_table(), 1)
        self.empty_label = QLabel("")
        self.empty_label.setObjectName("actionItemsEmpty")
        self.empty_label.setProperty("role", "hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.note_label = QLabel("")
        self.note_label.setObjectName("actionItemNote")
        self.note_label.setWordWrap(True)
        self.note_label.setProperty("role", "hint")
        layout.addWidget(self.note_label)

    def _build_views(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.view_buttons: dict[str, QToolButton] = {}
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        for code, text in VIEWS:
            button = QToolButton()
            button.setObjectName(f"view_{code}")
            button.setText(text)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _=False, c=code: self.set_view(c))
            self.view_group.addButton(button)
            self.view_buttons[code] = button
            bar.addWidget(button)
        self.view_buttons["week"].setToolTip("Open items due today or in the next six days")
        self.view_buttons["mine"].setToolTip("Open items you own")
        self.narrow_combo = QComboBox()
        self.narrow_combo.setObjectName("narrowCombo")
        self.narrow_combo.setMinimumWidth(220)
        self.narrow_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.narrow_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.narrow_combo.hide()
        self.search = QLineEdit()
        self.search.setObjectName("actionItemSearch")
        self.search.setPlaceholderText("Find in text…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addSpacing(8)
        bar.addWidget(self.narrow_combo)
        bar.addStretch(1)
        bar.addWidget(self.search)
        return bar

    def _command(self, name: str, text: str, slot: Callable[[], object], *keys: str) -> QPushButton:
        action = QAction(text, self)
        action.setObjectName(name + "Action")
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.rstrip('…')} ({QKeySequence(keys[0]).toString()})")
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        button = QPushButton(text)
        button.setObjectName(name + "Button")
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        self.commands[name] = (action, button)
        return button

    def _build_commands(self) -> QHBoxLayout:
        self.commands: dict[str, tuple[QAction, QPushButton]] = {}
        bar = QHBoxLayout()
        for button in (
            self._command(
                "markDone", "Mark done…", lambda: self.mark_selected_done(), "Ctrl+Return", "Ctrl+Enter"
            ),
            self._command("cancelItem", "Cancel…", lambda: self.cancel_selected(), "Ctrl+Shift+Del"),
            self._command("reassign", "Reassign…", lambda: self.reassign_selected(), "Ctrl+Shift+R"),
            self._command("dueDate", "Due date…", lambda: self.change_due_date(), "Ctrl+Shift+D"),
            self._command("reopen", "Reopen…", lambda: self.reopen_selected()),
            self._command("openSource", "Open source", self.open_selected_source, "Ctrl+O"),
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        self._update_commands()
        return bar

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setObjectName("actionItemsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        widths = {
            tm.DUE: 130,
            tm.TEXT: 340,
            tm.OWNER: 130,
            tm.STATUS: 80,
            tm.ORGANIZATION: 190,
            tm.PARTNERSHIP: 200,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_selected_source())
        return self.table

    # -- views and loading ------------------------------------------------------------------
    def set_view(self, view: str) -> None:
        self.view = view
        self.view_buttons[view].setChecked(True)
        narrowing = view in _NARROW
        self.narrow_combo.setVisible(narrowing)
        if narrowing:
            self._load_narrow_choices(view)
        self.apply_filter()

    def _load_narrow_choices(self, view: str) -> None:
        db = self.ctx.db

        def show(choices: list[Choice]) -> None:
            if self.view != view:
                return
            current = self.narrow_combo.currentData()
            self.narrow_combo.blockSignals(True)
            self.narrow_combo.clear()
            self.narrow_combo.addItem(_NARROW[view], None)
            for c in choices:
                self.narrow_combo.addItem(f"{c.name} ({c.count})", c.id)
            self.narrow_combo.setCurrentIndex(max(self.narrow_combo.findData(current), 0))
            self.narrow_combo.blockSignals(False)

        self.narrow_combo.blockSignals(True)
        self.narrow_combo.clear()
        self.narrow_combo.addItem(_NARROW[view], None)
        self.narrow_combo.blockSignals(False)
        run_task(lambda: svc.choices(db, view), show)

    def current_filter(self) -> ActionItemFilter:
        chosen = self.narrow_combo.currentData() if self.view in _NARROW else None
        return ActionItemFilter(
            view=self.view,
            today=self.today,
            staff_id=self.ctx.staff_id,
            partnership_id=chosen if self.view == "partnership" else None,
            organization_id=chosen if self.view == "organization" else None,
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self.count_label.setText("Loading…")
        self.model.set_filter(self.current_filter())
        self._load_counts()

    def reload(self) -> None:
        self.model.set_filter(self.current_filter())
        if self.view in _NARROW:
            self._load_narrow_choices(self.view)
        self._load_counts()

    def _load_counts(self) -> None:
        db, today, staff = self.ctx.db, self.today, self.ctx.staff_id

        def show(counts: dict[str, int]) -> None:
            for code, text in VIEWS:
                self.view_buttons[code].setText(f"{text} ({counts.get(code, 0):,})")

        run_task(lambda: svc.counts(db, today, staff), show)

    def _loaded(self, total: int) -> None:
        self.count_label.setText(f"{total:,} item{'s' if total != 1 else ''}")
        self.empty_label.setText(_EMPTY.get(self.view, "Nothing here."))
        self.empty_label.setVisible(total == 0)
        self.table.setVisible(total > 0)
        target, self._select_after_load = self._select_after_load, None
        row = self.model.row_of(target) if target else None
        if row is not None:
            self.table.selectRow(row)
        self._selection_changed()

    def _data_changed(self, table: str) -> None:
        if table in (
            "*",
            "action_item",
            "visit",
            "meeting",
            "organization",
            "staff_user",
            "sector_partnership",
        ):
            self._refresh_timer.start()

    def prepare_view(self, _view: str) -> None:
        """For --screenshot: the current view, loaded."""
        self.reload()

    def open_record(self, kind: str, record_id: str) -> None:
        """Show one action item (from Today or a link): in the open list, or among closed ones."""
        if kind != "action_item":
            return
        self._select_after_load = record_id
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.set_view("open")

    # -- selection and commands ----------------------------------------------------------
    def selected_rows(self) -> list[ActionItemRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    def _selection_changed(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].status_note:
            self.note_label.setText(f"Note: {rows[0].status_note}")
        else:
            self.note_label.setText("")
        self._update_commands()

    def _update_commands(self) -> None:
        if not hasattr(self, "table"):
            for action, button in self.commands.values():
                action.setEnabled(False)
                button.setEnabled(False)
            return
        rows = self.selected_rows()
        any_open = bool(rows) and all(r.status == "open" for r in rows)
        any_closed = bool(rows) and all(r.status != "open" for r in rows)
        enabled = {
            "markDone": any_open,
            "cancelItem": any_open,
            "reassign": bool(rows),
            "dueDate": bool(rows),
            "reopen": any_closed,
            "openSource": len(rows) == 1 and bool(rows[0].source_id or rows[0].organization_id),
        }
        for name, (action, button) in self.commands.items():
            action.setEnabled(enabled[name])
            button.setEnabled(enabled[name])

    def _run_change(self, change: Callable[[], int], done_text: str) -> None:
        ids = [r.id for r in self.selected_rows()]
        if not ids:
            return

        def finished(count: int) -> None:
            self.count_label.setText(done_text.format(n=count, s="s" if count != 1 else ""))
            self.ctx.events.changed.emit("action_item")

        run_task(change, finished, self._change_failed)

    def _change_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, "Action items", str(exc))
        self.reload()

    def _ask_note(self, title: str, prompt: str, *, required: bool, ok_text: str) -> str | None:
        dialog = NoteDialog(title, prompt, required=required, ok_text=ok_text, parent=self)
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def mark_selected_done(self, note: str | None = None) -> None:
        """Mark the selected items done; without `note`, ask for one (optional)."""
        if not self.commands["markDone"][0].isEnabled():
            return
        if note is None:
            note = self._ask_note(
                "Mark done", "What was done? (optional)", required=False, ok_text="Mark done"
            )
            if note is None:
                return
        ids, db = [r.id for r in self.selected_rows()], self.ctx.db
        self._run_change(lambda: svc.mark_done(db, ids, note), "Marked {n} item{s} done.")

    def cancel_selected(self, note: str | None = None) -> None:
        """Cancel the selected items; the reason is required."""
        if not self.commands["cancelItem"][0].isEnabled():
            return
        if note is None:
            note = self._ask_note(
                "Cancel action item", "Why is it cancelled?", required=True, ok_text="Cancel item"
            )
            if note is None:
                return
        ids, db = [r.id for r in self.selected_rows()], self.ctx.db
        self._run_change(lambda: svc.cancel(db, ids, note), "Cancelled {n} item{s}.")

    def reopen_selected(self, note: str | None = None) -> None:
        if not self.commands["reopen"][0].isEnabled():
            return
        if note is None:
            note = self._ask_note(
                "Reopen", "Why is it open again? (optional)", required=False, ok_text="Reopen"
            )
            if note is None:
                return
        ids, db = [r.id for r in self.selected_rows()], self.ctx.db
        self._run_change(lambda: svc.reopen(db, ids, note), "Reopened {n} item{s}.")

    def reassign_selected(self, staff_id: str | None = None, note: str | None = None) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        db = self.ctx.db
        if staff_id is None:
            run_task(lambda: svc.choices(db, "staff"), lambda staff: self._ask_reassign(staff, rows))
            return
        ids = [r.id for r in rows]
        self._run_change(lambda: svc.reassign(db, ids, staff_id, note), "Reassigned {n} item{s}.")

    def _ask_reassign(self, staff: list[Choice], rows: list[ActionItemRow]) -> None:
        dialog = ReassignDialog(staff, rows[0].owner_staff_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.staff_id():
            self.reassign_selected(dialog.staff_id(), dialog.text() or None)

    def change_due_date(self, due: dt.date | None = None, *, ask: bool = True) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        if ask:
            dialog = DueDateDialog(rows[0].due_date, self.today, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            due = dialog.due()
        ids, db = [r.id for r in rows], self.ctx.db
        self._run_change(lambda: svc.set_due_date(db, ids, due), "Changed the due date of {n} item{s}.")

    def open_selected_source(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        if row.source_kind and row.source_id:
            self.ctx.events.open_record.emit(row.source_kind, row.source_id)
        elif row.organization_id:
            self.ctx.events.open_record.emit("organization", row.organization_id)
