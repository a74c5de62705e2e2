"""Start the GUI: paint the window's shell, then open the profile (its key, the database, migrations)
off the UI thread and build Today; or, for --screenshot, open first and render.

Start-up order (issue 16): the shell imports Qt and light modules only, so it paints about as soon
as a bare QMainWindow would; SQLAlchemy, the models, the key derivation (Argon2id, about half a
second) and the sync client come after the first paint. tests/ui/test_startup_weight.py keeps it so.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Before the first paint, touch as few PySide6 names as possible: PySide6 builds a class's Python
# enums when the class is first used (the `Qt` namespace alone is about 15 ms on an idle machine), so
# `Qt`, QKeySequence, QMessageBox... are imported where they are used, after the paint.
from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sector_desktop.errors import MigrationFailed, ProfileError
from sector_desktop.store import ProfilePaths

from . import first_paint
from .context import AppContext, OpenedProfile, context_for, make_context, open_profile_data
from .main_window import MainWindow
from .sections import view_names
from .style import apply_style
from .tasks import run_task
from .window_memory import WindowMemory

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QMessageBox

SCREENSHOT_SIZE = (1366, 768)


def install_accessibility(app: QApplication) -> None:
    from . import accessibility

    accessibility.install(app)  # every control gets a name a screen reader can say


def apply_locale_style() -> None:
    from .datetimes import apply_locale_style as apply

    apply()  # dates and times as the system locale writes them (12/24 h, day/month)


def install_excepthook(log_file: str) -> None:
    from .crash import install_excepthook as install

    install(log_file)


def configure_logging(paths: ProfilePaths) -> None:
    from sector_desktop.logs import configure_logging as configure

    configure(paths.log_file)


def cannot_open_box(exc: ProfileError) -> QMessageBox:
    """The start-up message when the profile cannot be opened (a failed migration names itself)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "Sector Desktop cannot open this profile", str(exc))
    box.setObjectName("cannotOpenProfile")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if isinstance(exc, MigrationFailed):
        box.setInformativeText(
            "Your data is as it was before this version of Sector Desktop started. "
            "You can go on using the previous version, or send this message to whoever supports you."
        )
    return box


DIALOG_VIEWS = ("first-run", "settings")  # --screenshot views that are dialogs over the window


def wants_welcome(paths: ProfilePaths) -> bool:
    """The first run of a new profile: nothing set yet (the demo and every used profile have settings)."""
    from sector_desktop.services.profile_settings import has_settings

    return not has_settings(paths)


def _dialog_screenshot(app: QApplication, window: MainWindow, view: str) -> QPixmap:
    """The window with the dialog drawn where it opens (centred over it), as one 1366×768 picture."""
    from PySide6.QtGui import QColor, QPainter

    dialog = window.open_settings(first_run=view == "first-run")
    settle(app, 1.0)
    shot = window.grab()
    painter = QPainter(shot)
    dim = QColor(0, 0, 0, 90)
    painter.fillRect(shot.rect(), dim)
    pic = dialog.grab()
    painter.drawPixmap((shot.width() - pic.width()) // 2, (shot.height() - pic.height()) // 3, pic)
    painter.end()
    dialog.hide()  # not close(): closing the welcome would count as "Later"
    return shot


def _check_all_templates(config_dir: Path | None = None) -> None:
    from sector_desktop.services.agenda_templates import load_templates
    from sector_desktop.services.apprenticeship.templates import check_all_templates
    from sector_desktop.services.invitation_letters import check_all_letters

    check_all_templates()
    load_templates()
    check_all_letters(config_dir)  # the user's own copies of the letters too


def check_templates(parent: QWidget, checks: Callable[[], None] = _check_all_templates) -> None:
    """Load the data templates (rules, checklists, agendas) in a worker after the window shows;
    a broken file gets a message naming the file and the field, instead of failing later mid-task."""

    def broken(exc: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "A template file is broken", str(exc), parent=parent)
        box.setObjectName("templateProblem")
        box.setInformativeText("The screens that use it may refuse to work until the file is fixed.")
        box.open()

    run_task(checks, on_error=broken)


def start_daily_backup(ctx: AppContext) -> None:
    """The day's backup (the first start of a day; 7 daily and 4 weekly kept), in a worker."""
    import logging

    from sector_desktop.store.backups import daily_backup

    db, folder = ctx.db, ctx.paths.backups_dir
    run_task(
        lambda: daily_backup(db.path, folder, db.key),
        on_error=lambda exc: logging.getLogger(__name__).warning("The daily backup failed: %s", exc),
    )


def settle(app: QApplication, seconds: float = 0.5) -> None:
    """Let background loads finish and their results paint (for screenshots and tests)."""
    deadline = time.monotonic() + seconds
    pool = QThreadPool.globalInstance()
    while time.monotonic() < deadline or (pool.activeThreadCount() and time.monotonic() < deadline + 20):
        pool.waitForDone(50)
        app.processEvents()
    # A result's new labels post layout requests, which post their parents'...: let them all run,
    # or a busy machine's screenshot catches a page between two layout passes.
    for _ in range(10):
        app.sendPostedEvents()
        app.processEvents()


class _AfterFirstPaint(QObject):
    """Calls `then` once, on the event-loop turn after the window's first paint (or after two
    seconds if no paint comes, e.g. a window that opens minimised)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(2000, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._go)
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def open_into(app: QApplication, window: MainWindow, paths: ProfilePaths) -> None:
    """Open the profile in a worker (asking for the passphrase while it is missing or wrong), then
    complete the window; Cancel, or a profile that cannot be opened (said in a dialog), ends the app."""

    from .passphrase import ask_in_dialog, unlock_in_background

    def opened(profile: OpenedProfile) -> None:
        ctx = context_for(profile)  # its QObjects on the UI thread, where the pages use them
        window.attach(ctx)
        if first_paint.wanted_ready():  # the cold-start benchmark's second probe
            first_paint.exit_on_first_paint(window, first_paint.READY)
        if wants_welcome(paths):  # a new profile: the office, the time zone, who you are, a server
            QTimer.singleShot(0, lambda: window.open_settings(first_run=True))
        check_templates(window, lambda: _check_all_templates(paths.config_dir))
        start_daily_backup(ctx)

    def cannot_open(exc: ProfileError) -> None:
        cannot_open_box(exc).exec()
        app.exit(1)

    unlock_in_background(
        lambda: open_profile_data(paths),
        opened,
        cancelled=lambda: app.exit(1),
        failed=cannot_open,
        ask=lambda message, new: ask_in_dialog(message, new, window),
    )


def run_gui(paths: ProfilePaths, screenshot: Path | None = None, view: str = "today") -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Sector Desktop")
    app.setOrganizationName("Sector Desktop")
    apply_style(app)
    if screenshot is None:
        return _run_window(app, paths)
    configure_logging(paths)
    install_accessibility(app)
    apply_locale_style()
    install_excepthook(str(paths.log_file))
    ctx = make_context(paths)  # a ProfileError: the command line says it
    window = MainWindow(ctx)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    settle(app)
    # `--view all`: the screenshot path is a folder that gets one PNG per view.
    shots = {v: screenshot / f"{v}.png" for v in view_names()} if view == "all" else {view: screenshot}
    if view == "all":
        screenshot.mkdir(parents=True, exist_ok=True)
    for name, target in shots.items():
        if name in DIALOG_VIEWS:
            _dialog_screenshot(app, window, name).save(str(target))
            continue
        window.show_view(name)
        settle(app, 1.0)
        window.grab().save(str(target))
    window.close()
    ctx.db.close()
    return 0


def _run_window(app: QApplication, paths: ProfilePaths) -> int:
    """The window's shell at once; the profile opens after its first paint (see open_into)."""
    window = MainWindow(paths=paths)
    WindowMemory(window, window.stack, paths.config_dir).restore_window()  # size, place, splitters

    def after_first_paint() -> None:
        # What the shell's paint did not need: the log file, the crash dialog, accessible names,
        # the locale's date style, the menus' actions; then the profile.
        configure_logging(paths)
        install_excepthook(str(paths.log_file))
        install_accessibility(app)
        apply_locale_style()
        window.finish_shell()
        open_into(app, window, paths)

    _AfterFirstPaint(window, after_first_paint)
    if first_paint.wanted():  # the cold-start benchmark's probe (installed last, so it sees the paint first)
        first_paint.exit_on_first_paint(window)
    window.show()
    code = app.exec()
    if window.attached:
        window.ctx.db.close()
    else:  # cancelled, or the profile could not be opened: nothing to keep of this window
        window.hide()
        window.deleteLater()
    return code
