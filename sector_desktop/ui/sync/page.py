"""The Sync page: connection, Sync now, changes waiting, the last report, conflicts and recent changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sector_desktop.sync.client import (
    ConflictView,
    SyncOverview,
    SyncReport,
    export_unsent,
    resolve_conflict,
    sync_overview,
)
from sector_desktop.sync.client.records import (
    FailedLine,
    WaitingRecord,
    describe_waiting,
    failed_lines,
    waiting_counts,
    waiting_records,
)
from sector_desktop.sync.client.state import load_token

from ..context import AppContext
from ..operations import run_op
from ..tables import sort_by_headers
from ..tasks import run_task
from .connect_dialog import ConnectDialog
from .controller import controller_for
from .indicator import local_hhmm
from .models import (
    ConflictTableModel,
    FailedTableModel,
    RecentTableModel,
    WaitingTableModel,
    authors,
    mine_and_theirs,
    show_value,
)


def report_lines(report: SyncReport | None) -> tuple[str, list[str]]:
    """A headline and detail lines; the headline never says 'synced' when anything failed."""
    if report is None:
        return "No sync has run on this computer yet.", []
    lines = [f"Sent {report.sent:,} changes · received {report.received:,} · {len(report.failed)} failed"]
    if report.blobs_sent or report.blobs_received:
        lines.append(f"Attachments: {report.blobs_sent} sent, {report.blobs_received} received")
    if report.failed:  # what failed and why is listed from the kept failed records (sync_failed)
        lines.append("What could not be synced, and why, is listed under “Could not sync”.")
    lines += report.messages
    head = report.summary().split(".")[0]
    return head, lines


class ConflictPanel(QFrame):
    """One conflict side by side, with the four ways to settle it."""

    def __init__(self, page: SyncPage) -> None:
        super().__init__(page)
        self.setObjectName("conflictPanel")
        self.page = page
        self.conflict: ConflictView | None = None
        self.title = QLabel("Select a conflict to compare the two versions.")
        self.title.setWordWrap(True)
        self.mine_label, self.theirs_label = QLabel("Mine"), QLabel("Theirs")
        self.mine, self.theirs = QPlainTextEdit(), QPlainTextEdit()
        for box, name in ((self.mine, "conflictMine"), (self.theirs, "conflictTheirs")):
            box.setReadOnly(True)
            box.setObjectName(name)
        self.mine_label.setBuddy(self.mine)  # "Mine" and "Theirs" name the two versions
        self.theirs_label.setBuddy(self.theirs)
        self.buttons = {}
        row = QHBoxLayout()
        for key, label in (
            ("mine", "Keep mine"),
            ("theirs", "Keep theirs"),
            ("edit", "Edit…"),
            ("both", "Keep both"),
        ):
            button = QPushButton(label)
            button.setObjectName(f"conflict{key.capitalize()}Button")
            if key == "edit":
                button.setAccessibleName("Edit the value")  # "Edit" alone says nothing here
            button.clicked.connect(lambda _=False, k=key: self.page.resolve(k))
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        grid = QGridLayout(self)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.mine_label, 1, 0)
        grid.addWidget(self.theirs_label, 1, 1)
        grid.addWidget(self.mine, 2, 0)
        grid.addWidget(self.theirs, 2, 1)
        grid.addLayout(row, 3, 0, 1, 2)
        self.show_conflict(None)

    def show_conflict(self, conflict: ConflictView | None) -> None:
        self.conflict = conflict
        for b in self.buttons.values():
            b.setEnabled(conflict is not None)
        if conflict is None:
            self.title.setText("Select a conflict to compare the two versions.")
            self.mine.setPlainText("")
            self.theirs.setPlainText("")
            return
        mine, theirs = mine_and_theirs(conflict)
        mine_by, theirs_by = authors(conflict)
        what = (
            "was deleted on another device and edited here"
            if conflict.kind == "delete_edit"
            else "was changed on two devices"
        )
        self.title.setText(f"<b>{conflict.record}</b> — “{conflict.field.replace('_', ' ')}” {what}.")
        self.mine_label.setText(f"Mine ({mine_by})")
        self.theirs_label.setText(f"Theirs ({theirs_by})")
        self.mine.setPlainText(show_value(mine, 100_000))
        self.theirs.setPlainText(show_value(theirs, 100_000))
        self.buttons["both"].setVisible(conflict.long_text)


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.ctx = ctx
        self.controller = controller_for(ctx)
        self.overview: SyncOverview | None = None
        self.connect_dialog: ConnectDialog | None = None
        self.conflicts = ConflictTableModel(self)
        self.recent = RecentTableModel(self)
        self.waiting = WaitingTableModel(self)
        self.failed = FailedTableModel(self)
        self._build()
        self.signed_in = False
        self._asked = False  # the user asked for this sync (a button or Ctrl+Shift+S)
        self.controller.started.connect(self._started)
        self.controller.progress.connect(self._progress)
        self.controller.finished.connect(self._finished)
        ctx.events.applied.connect(lambda _changes: self.refresh())
        self.refresh()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel("Sync")
        title.setProperty("role", "heading")
        self.connection = QLabel("…")
        self.connection.setObjectName("syncConnection")
        self.connect_button = QPushButton("Connect to server…")
        self.connect_button.setObjectName("connectServerButton")
        self.connect_button.clicked.connect(self.open_connect)
        self.sync_button = QPushButton("Sync now")
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.clicked.connect(self.sync_now)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncPageProgress")
        self.progress.setFixedWidth(160)
        self.progress.hide()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.connection, 1)
        top.addWidget(self.progress)
        top.addWidget(self.connect_button)
        top.addWidget(self.sync_button)
        self.pending = QLabel("")
        self.pending.setObjectName("syncPending")
        self.export_button = QPushButton("Export unsent changes…")
        self.export_button.setObjectName("exportUnsentButton")
        self.export_button.clicked.connect(self.export_unsent)
        self.export_button.hide()
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.pending)
        pending_row.addWidget(self.export_button)
        pending_row.addStretch(1)
        self.headline = QLabel("")
        self.headline.setObjectName("syncHeadline")
        self.details = QLabel("")
        self.details.setObjectName("syncDetails")
        self.details.setWordWrap(True)
        self.details.setProperty("role", "hint")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.addTab(self._conflicts_tab(), "Conflicts")
        recent = self._table(self.recent, "recentChanges")
        recent.setAccessibleName("What changed while you were out")
        self.tabs.addTab(recent, "What changed while you were out")
        waiting = self._table(self.waiting, "waitingRecords")
        waiting.setAccessibleName("Waiting to be sent")
        self.tabs.addTab(waiting, "Waiting to be sent")
        failed = self._table(self.failed, "failedRecords")
        failed.setAccessibleName("Could not sync")
        self.tabs.addTab(failed, "Could not sync")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(pending_row)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)

    def _table(self, model: Any, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        sort_by_headers(view)
        return view

    def _conflicts_tab(self) -> QWidget:
        box = QWidget()
        self.conflict_table = self._table(self.conflicts, "conflictTable")
        self.conflict_table.setAccessibleName("Conflicts")
        self.panel = ConflictPanel(self)
        self.conflict_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.panel.show_conflict(
                self.conflicts.row_at(cur.row()) if cur.isValid() else None
            )
        )
        self.no_conflicts = QLabel(
            "No open conflicts. When two people change the same field, both versions show here."
        )
        self.no_conflicts.setProperty("role", "hint")
        layout = QVBoxLayout(box)
        layout.addWidget(self.no_conflicts)
        layout.addWidget(self.conflict_table, 1)
        layout.addWidget(self.panel, 2)
        return box

    # -- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        db, paths = self.ctx.db, self.ctx.paths

        def load() -> tuple[SyncOverview, bool, dict[str, int], list[WaitingRecord], list[FailedLine]]:
            signed_in = load_token(paths) is not None
            return sync_overview(db), signed_in, waiting_counts(db), waiting_records(db), failed_lines(db)

        run_task(load, lambda result: self._show(*result), lambda exc: self.details.setText(str(exc)))

    def _show(
        self,
        ov: SyncOverview,
        has_token: bool = True,
        counts: dict[str, int] | None = None,
        waiting: list[WaitingRecord] | None = None,
        failed: list[FailedLine] | None = None,
    ) -> None:
        self.overview = ov
        report = self.controller.last_report or SyncReport.from_json(ov.last_report_json)
        revoked = report is not None and report.status == "revoked"
        self.signed_in = ov.connected and has_token and not revoked
        if self.signed_in:
            self.connection.setText(f"Connected to {ov.server_url} as {ov.user_name}")
            self.connect_button.setText("Sign in again…")
        elif ov.connected:
            self.connection.setText(
                f"{ov.user_name} is signed out of {ov.server_url}. Sign in again to sync; "
                "work goes on offline as usual."
            )
            self.connect_button.setText("Sign in again…")
        else:
            self.connection.setText("Not connected to a server. Work goes on offline as usual.")
            self.connect_button.setText("Connect to server…")
        counts, waiting = counts or {}, waiting or []
        records = sum(counts.values())
        self.pending.setText(
            f"<b>{records:,} record{'s' if records != 1 else ''}</b> waiting to be sent: "
            f"{describe_waiting(counts, kinds=6)}"
            if records
            else "Nothing is waiting to be sent."
        )
        self.waiting.set_rows(waiting)
        self.tabs.setTabText(2, f"Waiting to be sent ({records:,})")
        self.failed.set_rows(failed or [])
        self.tabs.setTabText(3, f"Could not sync ({len(failed or []):,})")
        self.export_button.setVisible(ov.pending > 0)
        head, lines = report_lines(report)
        if ov.last_sync_at:
            head += f" — last complete sync at {local_hhmm(ov.last_sync_at)}"
        self.headline.setText(f"<b>{head}</b>")
        self.details.setText("<br>".join(lines))
        selected = self.panel.conflict.id if self.panel.conflict else None
        self.conflicts.set_rows(ov.conflicts)
        self.recent.set_rows(ov.recent)
        self.tabs.setTabText(0, f"Conflicts ({len(ov.conflicts)})")
        self.tabs.setTabText(1, f"What changed while you were out ({len(ov.recent)})")
        self.no_conflicts.setVisible(not ov.conflicts)
        row = self.conflicts.row_of(selected) if selected else None
        if row is None and ov.conflicts:
            row = 0
        if row is not None:  # the row as sorted in the list
            self.conflict_table.selectRow(row)
            self.panel.show_conflict(self.conflicts.row_at(row))
        else:
            self.panel.show_conflict(None)
        if not ov.conflicts and ov.recent:
            self.tabs.setCurrentIndex(1)

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()

    def _progress(self, done: int, total: int, _message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _finished(self, report: SyncReport | None) -> None:
        self.sync_button.setEnabled(True)
        self.progress.hide()
        asked, self._asked = self._asked, False
        if asked and report is not None and report.status == "not_connected":
            self.open_connect()  # never connected, or signed out: the only way on is to sign in
        self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.sync_button.setEnabled(not self.controller.busy)
        if not self.controller.busy:
            self.progress.hide()

    # -- commands -----------------------------------------------------------------------
    def open_connect(self) -> ConnectDialog:
        """Sync → Connect to server…: the address, user name and password (one dialog at a time)."""
        shown = self.connect_dialog
        if shown is not None and isValid(shown) and shown.isVisible():
            shown.raise_()
            return shown
        address = self.overview.server_url if self.overview else ""
        dialog = ConnectDialog(self.ctx, self, address or "")
        dialog.accepted.connect(self._connected)
        self.connect_dialog = dialog
        dialog.open()
        return dialog

    def sync_now(self) -> None:
        """Sync, or first ask for the server (or the password) when this profile is not signed in."""
        if self.overview is not None and not self.signed_in:
            self.open_connect()
        else:
            self._asked = True  # not loaded yet: if the worker finds no sign-in, Connect opens then
            self.controller.sync_now()

    def export_unsent(self) -> None:
        """Save the changes the server has not acknowledged (e.g. after being signed out)."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Export unsent changes", str(Path.home() / "unsent-changes.json"), "JSON (*.json)"
        )
        if not path:
            return
        db = self.ctx.db
        run_task(
            lambda: export_unsent(db, Path(path)),
            lambda n: self.details.setText(f"Exported {n:,} unsent changes to {path}."),
            lambda exc: QMessageBox.warning(self, "Export", str(exc)),
        )

    def _connected(self) -> None:
        self.refresh()
        self.controller.sync_now()
        self.controller.start_background()

    def resolve(self, how: str) -> None:
        conflict = self.panel.conflict
        if conflict is None:
            return
        edited: Any = None
        if how == "edit":
            mine, _ = mine_and_theirs(conflict)
            text, ok = (
                QInputDialog.getMultiLineText(
                    self,
                    "Edit the value",
                    conflict.field.replace("_", " "),
                    "" if mine is None else str(mine),
                )
                if conflict.long_text
                else QInputDialog.getText(
                    self,
                    "Edit the value",
                    conflict.field.replace("_", " "),
                    QLineEdit.EchoMode.Normal,
                    "" if mine is None else str(mine),
                )
            )
            if not ok:
                return
            edited = _typed_like(text, mine)
        db = self.ctx.db
        run_op(
            self.ctx,
            lambda: resolve_conflict(db, conflict.id, how, edited),
            failed=lambda exc: QMessageBox.warning(self, "Conflict", str(exc)),
            owner=self,
        )

    def prepare_view(self, _view: str) -> None:
        self.tabs.setCurrentIndex(0 if self.conflicts.rowCount() or not self.recent.rowCount() else 1)


def _typed_like(text: str, example: Any) -> Any:
    """An edited value typed like the one it replaces (numbers stay numbers)."""
    if isinstance(example, (bool, int, float, list, dict)):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text or None
