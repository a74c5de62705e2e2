"""Start the GUI: migrate the profile's database, then open the main window (or take a screenshot)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from sector_desktop.store import ProfilePaths, open_profile
from sector_desktop.store.settings import load_settings

from . import first_paint
from .context import AppContext
from .crash import install_excepthook
from .main_window import MainWindow
from .style import apply_style

SCREENSHOT_SIZE = (1366, 768)


def make_context(paths: ProfilePaths) -> AppContext:
    db = open_profile(paths)  # migrates before any window opens
    settings = load_settings(paths)
    return AppContext(db=db, paths=paths, staff_id=settings.get("current_staff_id"))


def settle(app: QApplication, seconds: float = 0.5) -> None:
    """Let background loads finish and their results paint (for screenshots and tests)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QThreadPool.globalInstance().waitForDone(50)
        app.processEvents()


def run_gui(paths: ProfilePaths, screenshot: Path | None = None, view: str = "today") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sector Desktop")
    app.setOrganizationName("Sector Desktop")
    apply_style(app)
    install_excepthook(str(paths.log_file))
    ctx = make_context(paths)
    window = MainWindow(ctx)
    if screenshot is not None:
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        settle(app)
        window.show_view(view)
        settle(app, 1.0)
        window.grab().save(str(screenshot))
        window.close()
        ctx.db.close()
        return 0
    window.resize(1280, 800)
    if first_paint.wanted():  # the cold-start benchmark's probe
        first_paint.exit_on_first_paint(window)
    window.show()
    code = app.exec()
    ctx.db.close()
    return code
