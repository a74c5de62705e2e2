"""The status-bar sync indicator: offline / syncing with progress / synced at HH:MM / N waiting / error."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from sector_desktop import timefmt
from sector_desktop.sync.client import SyncReport

from .controller import SyncController


def local_hhmm(iso_utc: str) -> str:
    """The time of day, in the profile's zone and the house style, of a naive-UTC ISO timestamp."""
    try:
        return timefmt.time(dt.datetime.fromisoformat(iso_utc))
    except ValueError:
        return iso_utc


def describe(report: SyncReport | None, pending: int) -> tuple[str, str]:
    """(text, role) for a report; never says 'synced' when something failed."""
    # The count of changes waiting has its own label beside this one; say it only when it matters.
    if report is None:
        return "Not synced yet", "hint"
    if report.status == "offline":
        return "Offline", "hint"
    if report.status == "not_connected":
        return "Not connected to a server", "hint"
    if report.status == "revoked":
        return "Signed out by an administrator", "error"
    if report.status == "error":
        reason = report.messages[-1] if report.messages else "unknown reason"
        return f"Sync error: {reason}", "error"
    if report.failed:
        return f"Synced with {len(report.failed)} failed records", "error"
    if pending:
        return f"Last synced at {local_hhmm(report.finished_at)}", "hint"
    return f"Synced at {local_hhmm(report.finished_at)}", "hint"


class SyncIndicator(QWidget):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.pending = 0
        self.label = QLabel("")
        self.label.setObjectName("syncIndicatorText")
        self.label.setMaximumWidth(420)
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgress")
        self.bar.setFixedWidth(110)
        self.bar.setTextVisible(False)
        self.bar.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.controller = controller
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)

    def set_pending(self, pending: int) -> None:
        self.pending = pending
        if not self.controller.busy:
            self._show(self.controller.last_report)

    def _started(self) -> None:
        self.bar.setRange(0, 0)
        self.bar.show()
        self.label.setText("Syncing…")

    def _progress(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.label.setText(f"Syncing… {message} {done:,}")

    def _finished(self, report: SyncReport | None) -> None:
        self.bar.hide()
        if report is not None:
            self.pending = 0 if report.ok and not report.held_back else self.pending
        self._show(report if report is not None else self.controller.last_report)

    def _show(self, report: SyncReport | None) -> None:
        text, role = describe(report, self.pending)
        self.label.setText(text)
        self.label.setToolTip(report.summary() if report is not None else text)
        self.label.setProperty("role", role)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
