"""The Action items page: a view selector (mine, overdue, due this week, by partnership, by
organization, all open, closed) over one lazy list, and the commands that change items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import VIEWS, ActionItemFilter, Choice

from ..context import AppContext
from ..notice import Notice
from ..operations import Changes
from ..sync.marks import mark_sync_state
from ..tables import sort_by_headers
from ..tasks import guarded, run_task
from . import table_model as tm
from .commands import ItemCommands
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
_STYLE = """
QToolButton[role="view"] {
    padding: 4px 10px; border: 1px solid #c9d0d7; border-radius: 4px; background: #f6f8fa;
}
QToolButton[role="view"]:checked { background: #2f6fb0; color: white; border-color: #2f6fb0; }
"""
_NARROW = {"partnership": "All partnerships", "organization": "All organizations"}


class ActionItemsPage(ItemCommands, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionItemsPage")
        self.setStyleSheet(_STYLE)
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
        ctx.events.applied.connect(self._data_changed)
        self.set_view(self.view)

    @property
    def today(self) -> dt.date:
        return self._today_override or clock.today()

    def _me_changed(self, staff_id: str | None) -> None:
        """ "Mine" works once this laptop knows who it works as (File → Settings…, or a sign-in)."""
        mine = self.view_buttons["mine"]
        mine.setEnabled(staff_id is not None)
        mine.setToolTip("Open items you own" if staff_id else "Choose who you are in File → Settings… first")
        if self.view == "mine" and hasattr(self, "_refresh_timer"):  # another "me": other items
            self._refresh_timer.start()

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
        top.addWidget(self.count_label)
        self.notice = Notice()
        self.notice.setObjectName("actionItemNotice")
        top.addWidget(self.notice, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addLayout(self._build_views())
        layout.addLayout(self._build_commands())
        self.empty_label = QLabel("")
        self.empty_label.setObjectName("actionItemsEmpty")
        self.empty_label.setProperty("role", "hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The list, or a plain sentence when the view is empty, in the same space.
        self.body = QStackedWidget()
        self.body.addWidget(self._build_table())
        self.body.addWidget(self.empty_label)
        layout.addWidget(self.body, 1)
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
            button.setProperty("role", "view")
            button.setText(text)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _=False, c=code: self.set_view(c))
            self.view_group.addButton(button)
            self.view_buttons[code] = button
            bar.addWidget(button)
        self.view_buttons["week"].setToolTip("Open items due today or in the next six days")
        self.view_buttons["mine"].setToolTip("Open items you own")
        self._me_changed(self.ctx.staff_id)
        self.ctx.events.me_changed.connect(self._me_changed)
        self.narrow_combo = QComboBox()
        self.narrow_combo.setObjectName("narrowCombo")
        # Fixed width: partnership and organization names are long and must not widen the window.
        self.narrow_combo.setFixedWidth(330)
        self.narrow_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.narrow_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.narrow_combo.hide()
        self.search = QLineEdit()
        self.search.setObjectName("actionItemSearch")
        self.search.setPlaceholderText("Find in text…")
        self.search.setClearButtonEnabled(True)
        self.search.setFixedWidth(200)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addStretch(1)
        return bar

    def _command(self, name: str, text: str, slot: Callable[[], object], *keys: str) -> QPushButton:
        action = QAction(text, self)
        action.setObjectName(name + "Action")
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.rstrip('…')} ({QKeySequence(keys[0]).toString()})")
        action.triggered.connect(lambda _=False: self._unless_busy(slot))
        self.addAction(action)
        button = QPushButton(text)
        button.setObjectName(name + "Button")
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        self.commands[name] = (action, button)
        return button

    def _unless_busy(self, slot: Callable[[], object]) -> None:
        # A page shortcut must not open a second dialog over one that is already asking.
        if QApplication.activeModalWidget() is None:
            slot()

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
            self._command("openSource", "Open source", self.open_selected_source),
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        # The view's narrowing box and the text filter sit with the commands, right-aligned.
        bar.addWidget(self.narrow_combo)
        bar.addWidget(self.search)
        self._update_commands()
        return bar

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.setFocusProxy(self.table)  # Ctrl+7 lands in the list
        self.table.setObjectName("actionItemsTable")
        self.table.setAccessibleName("Action items")
        self.table.setModel(self.model)
        mark_sync_state(self.ctx, self.table, "action_item")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        widths = {tm.DUE: 115, tm.OWNER: 120, tm.STATUS: 70, tm.ORGANIZATION: 180, tm.PARTNERSHIP: 180}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(tm.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(tm.SOURCE, 190)
        sort_by_headers(self.table)  # the view's own order until a header is clicked
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_selected_source())
        return self.table

    # -- views and loading ------------------------------------------------------------------
    def set_view(self, view: str) -> None:
        self.view = view
        self.view_buttons[view].setChecked(True)
        # "Mine" is all one owner: the column would only repeat the user's name.
        self.table.setColumnHidden(tm.OWNER, view == "mine")
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
        run_task(lambda: svc.choices(db, view), guarded(self, show))

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

        run_task(lambda: svc.counts(db, today, staff), guarded(self, show))

    def _loaded(self, total: int) -> None:
        self.count_label.setText(f"{total:,} item{'s' if total != 1 else ''}")
        self.empty_label.setText(_EMPTY.get(self.view, "Nothing here."))
        self.body.setCurrentWidget(self.table if total else self.empty_label)
        target, self._select_after_load = self._select_after_load, None
        row = self.model.row_of(target) if target else None
        if row is not None:
            self.table.selectRow(row)
        self._selection_changed()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(
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
