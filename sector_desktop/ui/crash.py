"""The one dialog for unexpected errors: a copyable report and where the log file is."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)
_log_file: str = ""


def install_excepthook(log_file: str) -> None:
    global _log_file
    _log_file = log_file

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        show_exception(exc, "".join(traceback.format_exception(kind, exc, tb)))

    sys.excepthook = hook


def show_exception(exc: BaseException, tb: str) -> None:
    log.error("unexpected error: %s\n%s", exc, tb)
    if QApplication.instance() is None or QApplication.platformName() == "offscreen":
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", str(exc))
    box.setObjectName("crashDialog")
    box.setInformativeText(f"Your work is saved. The log is at:\n{_log_file}")
    box.setDetailedText(tb)
    box.exec()
