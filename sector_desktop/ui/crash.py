"""The one dialog for unexpected errors: a copyable report and where the log file is.

Every unexpected error reaches `show_exception`: an exception nobody caught on the UI thread or
any other (sys.excepthook, threading.excepthook), a worker that failed with no handler of its
own (tasks.run_task, operations.run_op). It is logged with its traceback, then shown. Errors that
arrive while the dialog is open join its report instead of opening another dialog.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from types import TracebackType

import shiboken6
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import __version__, clock

from .screen_fit import open_size

log = logging.getLogger(__name__)
_log_file: str = ""


def report_header(log_file: str) -> str:
    return "\n".join(
        (
            f"Sector Desktop {__version__}",
            f"{platform.platform()} · Python {platform.python_version()} · PySide6 {pyside_version}",
            f"Log file: {log_file or '(none)'}",
        )
    )


class CrashDialog(QDialog):
    """Says that something went wrong, that typed work is kept, and gives the report to copy."""

    def __init__(self, log_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Something went wrong")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.log_file = log_file
        self.errors: list[str] = []
        self.headline = QLabel("")
        self.headline.setObjectName("crashHeadline")
        self.headline.setWordWrap(True)
        self.headline.setProperty("role", "heading")
        advice = QLabel(
            "Sector Desktop hit an error it did not expect. What you typed is kept: editors save "
            "drafts as you type. Copy the report and send it to whoever looks after the app; "
            "if the problem comes back, restarting the app is safe."
        )
        advice.setWordWrap(True)
        where = QLabel(f"The log file is <b>{log_file or '(not kept)'}</b>")
        where.setObjectName("crashLogFile")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report = QPlainTextEdit()
        self.report.setObjectName("crashReport")
        self.report.setAccessibleName("Error report")
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        copy = QPushButton("&Copy report")
        copy.setObjectName("copyReportButton")
        copy.clicked.connect(self.copy_report)
        folder = QPushButton("Open &log folder")
        folder.setEnabled(bool(log_file))
        folder.clicked.connect(self._open_log_folder)
        close = QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addWidget(folder)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for w in (self.headline, advice, where):
            layout.addWidget(w)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        open_size(self, 720, 480)

    def add(self, summary: str, details: str) -> None:
        when = f"{clock.now().isoformat(' ', 'seconds')} UTC"  # for support: the same in every zone
        self.errors.append(f"--- {when}: {summary}\n{details.rstrip()}")
        count = len(self.errors)
        short = summary if len(summary) <= 120 else summary[:119] + "…"  # the whole of it is in the report
        self.headline.setText(short if count == 1 else f"{count} unexpected errors; the latest: {short}")
        self.report.setPlainText("\n\n".join([report_header(self.log_file), *self.errors]))

    def report_text(self) -> str:
        return self.report.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def _open_log_folder(self) -> None:
        from pathlib import Path

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.log_file).parent)))


class _Reporter(QObject):
    """Lives on the UI thread; an error from any thread reaches the dialog through its signal."""

    error = Signal(str, str)  # summary, traceback

    def __init__(self) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        self.error.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self, summary: str, details: str) -> None:
        if self.dialog is None or not shiboken6.isValid(self.dialog):
            self.dialog = CrashDialog(_log_file, _main_window())
            self.dialog.add(summary, details)
            self.dialog.show()  # not modal: the rest of the app stays usable
            self.dialog.raise_()
        else:
            self.dialog.add(summary, details)


_reporter: _Reporter | None = None


def _main_window() -> QWidget | None:
    """The dialog's parent: the main window (a dialog on show may close and take its children)."""
    windows = QApplication.topLevelWidgets()
    return next((w for w in windows if isinstance(w, QMainWindow) and w.isVisible()), None)


def reporter() -> _Reporter | None:
    """The one reporter, made on the UI thread the first time it is needed; None without an app."""
    global _reporter
    app = QCoreApplication.instance()
    if _reporter is None and isinstance(app, QApplication):
        _reporter = _Reporter()
        _reporter.moveToThread(app.thread())
    return _reporter


def open_crash_dialog() -> CrashDialog | None:
    """The crash dialog on show, if any (for tests and for the window closing with it open)."""
    r = _reporter
    return r.dialog if r is not None and r.dialog is not None and shiboken6.isValid(r.dialog) else None


def install_excepthook(log_file: str) -> None:
    """Send every uncaught exception, on the UI thread or any other, to the crash dialog."""
    global _log_file
    _log_file = log_file
    reporter()

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        show_exception(exc, "".join(traceback.format_exception(kind, exc, tb)))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def show_exception(exc: BaseException, tb: str) -> None:
    """Log an unexpected error with its traceback and show it in the crash dialog (from any thread)."""
    log.error("unexpected error: %r\n%s", exc, tb)
    r = reporter()
    if r is not None:
        r.error.emit(f"{type(exc).__name__}: {exc}", tb)
