"""Runs sync in a worker and tells the window about it: at start, every few minutes, after changes.

Background syncs are silent when offline or not connected; only the status indicator changes.
One controller per window context; the Sync page, the menu action and the status bar share it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from sector_desktop.sync.client import SyncReport, read_state, sync_once
from sector_desktop.sync.client.report import last_report
from sector_desktop.sync.client.transport import SyncSession

from ..context import AppContext
from ..operations import Changes, announce
from ..tasks import Progress, run_task

PERIOD_MS = 5 * 60 * 1000
AFTER_CHANGE_MS = 30 * 1000
FIRST_MS = 5 * 1000

_controllers: dict[int, SyncController] = {}


def controller_for(ctx: AppContext) -> SyncController:
    """The one controller of this context (made on first use)."""
    if id(ctx) not in _controllers:
        _controllers[id(ctx)] = SyncController(ctx)
    return _controllers[id(ctx)]


def forget_controller(ctx: AppContext) -> None:
    """The context's database is gone (a restore or a wipe replaced it): stop its syncing for good."""
    controller = _controllers.pop(id(ctx), None)
    if controller is not None:
        controller.close()  # a round still running ends on its own; nothing starts another


class SyncController(QObject):
    started = Signal()
    progress = Signal(int, int, str)
    finished = Signal(object)  # SyncReport
    connection_changed = Signal()
    wiped = Signal(str)  # revoked with a wipe: the data is gone; the window reopens the profile

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.last_report: SyncReport | None = last_report(ctx.db)  # one row, read once
        self._again = False
        self._periodic = QTimer(self)
        self._periodic.setInterval(PERIOD_MS)
        self._periodic.timeout.connect(lambda: self.sync_now(background=True))
        self._after_change = QTimer(self)
        self._after_change.setSingleShot(True)
        self._after_change.setInterval(AFTER_CHANGE_MS)
        self._after_change.timeout.connect(lambda: self.sync_now(background=True))
        # One client across rounds (a kept-alive connection when rounds follow each other). The
        # rounds run in pool threads, one at a time (`busy`); it is closed only between rounds.
        self._session = SyncSession()
        self._closing = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def start_background(self) -> None:
        """Begin background syncing if this profile is connected (a one-row read)."""
        if self._periodic.isActive() or not read_state(self.ctx.db.engine).connected:
            return
        self._periodic.start()
        QTimer.singleShot(FIRST_MS, lambda: self.sync_now(background=True))
        self.ctx.events.applied.connect(self._on_change)

    def stop_background(self) -> None:
        self._periodic.stop()
        self._after_change.stop()

    def close(self) -> None:
        """Stop background syncing and close the kept connection (after a round that is running)."""
        self.stop_background()
        self._closing, self._again = True, False
        if not self.busy:
            self._session.close()

    def _on_change(self, changes: Changes) -> None:
        if changes.local:  # an edit made here; what sync brought in is not pushed back
            self._after_change.start()

    def sync_now(self, background: bool = False) -> None:
        if self.busy:
            self._again = not background or self._again
            return
        db, paths, session = self.ctx.db, self.ctx.paths, self._session
        self._closing = False

        def work(progress: Progress | None) -> SyncReport | None:
            if background and not read_state(db.engine).connected:
                return None  # nothing to do and nothing to say
            tell = progress.report if progress is not None else None
            return sync_once(db, paths, progress=tell, session=session)

        self.busy = True
        self.started.emit()
        run_task(work, self._done, self._failed, self.progress.emit, with_progress=True)

    def _round_over(self) -> None:
        self.busy = False
        if self._closing:
            self._session.close()

    def _done(self, report: SyncReport | None) -> None:
        self._round_over()
        if report is not None and report.status == "wiped":
            self.stop_background()
            self.wiped.emit(" ".join(report.messages))
            return
        if report is not None:
            self.last_report = report
            self.finished.emit(report)
            if report.received or report.sent:
                announce(self.ctx, Changes(everything=True, local=False))  # every list shows what arrived
        else:
            self.finished.emit(None)
        if self._again:
            self._again = False
            self.sync_now()

    def _failed(self, exc: Exception) -> None:
        # An unexpected failure (a bug, a closed database) still ends as a report, not a dialog.
        self._round_over()
        report = SyncReport(status="error", messages=[f"Sync stopped: {exc}"])
        self.last_report = report
        self.finished.emit(report)
