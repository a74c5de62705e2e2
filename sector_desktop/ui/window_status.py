"""The main window's status bar: the profile's name, its record counts and what waits to sync
(counted in a worker after every change; the sync indicator sits beside them once attached)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from .tasks import guarded, run_task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from sector_desktop.store import ProfilePaths
    from sector_desktop.store.status import RecordCounts

    from .context import AppContext
    from .sync.indicator import SyncIndicator

    _Window = QMainWindow
else:
    _Window = object


class WindowStatus(_Window):
    """Mixed into MainWindow: `_build_status_bar` at construction, `refresh_status` after changes."""

    ctx: AppContext
    paths: ProfilePaths
    attached: bool
    sync_indicator: SyncIndicator

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.profile_label = QLabel(f"Profile: {self.paths.name}")
        self.counts_label = QLabel("")
        self.counts_label.setObjectName("recordCounts")
        self.pending_label = QLabel("")
        self.pending_label.setObjectName("pendingSync")
        bar.addWidget(self.profile_label)
        bar.addWidget(self.counts_label)
        bar.addPermanentWidget(self.pending_label)  # attach() adds the sync indicator after it

    def _clear_status(self) -> None:
        self.counts_label.setText("")
        self.pending_label.setText("")

    def refresh_status(self) -> None:
        if not self.attached:
            return
        from sector_desktop.store.status import record_counts
        from sector_desktop.sync.client.records import describe_waiting, waiting_counts

        db = self.ctx.db

        def load() -> tuple[RecordCounts, dict[str, int]]:
            with db.read_session() as s:
                return record_counts(s), waiting_counts(db)

        def show(result: tuple[RecordCounts, dict[str, int]]) -> None:
            if self.ctx.db is not db or not self.attached:
                return  # counted on a database that a restore or a wipe has replaced since
            counts, waiting = result
            pending = sum(waiting.values())
            self.counts_label.setText(
                f"{counts.organizations:,} organizations · {counts.contacts:,} contacts · "
                f"{counts.visits:,} visits"
            )
            self.pending_label.setText(f"Waiting to sync: {describe_waiting(waiting)}" if pending else "")
            self.pending_label.setToolTip(describe_waiting(waiting, kinds=100) if pending else "")
            self.sync_indicator.set_pending(pending)

        run_task(load, guarded(self, show))  # the window may be gone when the counts come
