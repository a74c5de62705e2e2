"""The main window: a sidebar of sections, the current page, menus and the status bar, built here,
with the open profile attached and detached. It composes pages; it does not contain them: the
sections (window_sections), the menus' commands (window_menus), the status bar (window_status) and
reopening after a restore or a wipe (window_reopen) are mixed in from their own modules.

At start-up the window is first a shell (sidebar, the menu titles, an "Opening…" page; Qt only),
painted before the database layer is imported; `finish_shell()` adds the menus' actions on the next
turn, and `attach(ctx)` brings the open profile and builds Today. Keep this module's imports to Qt
and the light ui modules (tests/ui/test_startup_weight.py checks), and the shell's code off the
PySide6 classes whose enums are costly to build (the `Qt` namespace, QKeySequence).
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .sections import SECTIONS
from .window_menus import WindowMenus
from .window_reopen import ProfileReopen
from .window_sections import WindowSections
from .window_status import WindowStatus

if TYPE_CHECKING:
    from sector_desktop.store import ProfilePaths

    from .context import AppContext
    from .sync.indicator import SyncIndicator
    from .undo_bar import UndoBar

# What works before the profile is open: everything else waits for attach().
_SHELL_ACTIONS = ("quit", "about")
_USER_ROLE = 256  # Qt.ItemDataRole.UserRole, without building the `Qt` namespace's enums
MENUS = ("&File", "&Edit", "&Go", "&View", "S&ync", "&Help")


class MainWindow(WindowMenus, ProfileReopen, WindowStatus, WindowSections, QMainWindow):
    ctx: AppContext
    undo_bar: UndoBar
    sync_indicator: SyncIndicator

    def __init__(self, ctx: AppContext | None = None, *, paths: ProfilePaths | None = None) -> None:
        """The whole window for `ctx`; or, with only `paths`, the shell that `attach` completes."""
        super().__init__()
        if ctx is not None:
            paths = ctx.paths
        if paths is None:
            raise TypeError("MainWindow needs an AppContext or the profile's paths")
        self.paths = paths
        self.attached = False
        self._first_section = "today"
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"Sector Desktop — {paths.name}")
        self._pages: dict[str, QWidget] = {}
        self._build_body()
        self._menus = {title: self.menuBar().addMenu(title) for title in MENUS}
        self._build_status_bar()
        if ctx is not None:
            self.attach(ctx)

    def finish_shell(self) -> None:
        """The menus' actions and shortcuts (disabled until the profile is open)."""
        if hasattr(self, "menu_actions"):
            return
        from .actions import create_actions

        self.menu_actions = create_actions(self, [s.label for s in SECTIONS])
        self._build_menus()
        self._enable_actions(self.attached)

    def attach(self, ctx: AppContext) -> None:
        """The profile is open: the undo bar, the sync indicator, the actions, then Today (or the
        section picked in the sidebar meanwhile) in place of the "Opening…" page."""
        from .sync.controller import controller_for
        from .sync.indicator import SyncIndicator
        from .undo_bar import UndoBar

        self.finish_shell()
        self.ctx = ctx
        self.undo_bar = UndoBar(ctx)
        self._pages_layout.insertWidget(0, self.undo_bar)
        self.sync_indicator = SyncIndicator(controller_for(ctx))
        self.statusBar().addPermanentWidget(self.sync_indicator)
        ctx.undo.changed.connect(self._undo_changed)
        ctx.events.applied.connect(lambda _changes: self.refresh_status())
        ctx.events.open_record.connect(self.open_record)
        ctx.events.log_visit.connect(self.log_visit_for)
        self.attached = True
        self._enable_actions(True)
        self._undo_changed()
        self.show_section(self._first_section)
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        self.refresh_status()
        self.start_background_sync()

    def _enable_actions(self, enabled: bool) -> None:
        a = self.menu_actions
        for f in fields(a):
            value = getattr(a, f.name)
            for action in value if isinstance(value, list) else [value]:
                if f.name not in _SHELL_ACTIONS:
                    action.setEnabled(enabled)

    # -- layout -------------------------------------------------------------------------
    def _build_body(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Sections")
        self.sidebar.setFixedWidth(170)
        for s in SECTIONS:
            item = QListWidgetItem(s.label)
            item.setData(_USER_ROLE, s.key)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._section_picked)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")
        self._add_opening_page()
        pages = QVBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.setSpacing(0)
        pages.addWidget(self.stack, 1)
        self._pages_layout = pages
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addLayout(pages, 1)
        self.setCentralWidget(body)

    def _add_opening_page(self) -> None:
        # What the window shows until the profile is open (the key, the database): no page yet.
        self.opening = QLabel(f"<p align='center'>Opening the profile {self.paths.name}…</p>")
        self.opening.setObjectName("openingProfile")
        self.stack.addWidget(self.opening)
        self.stack.setCurrentWidget(self.opening)

    def _detach(self) -> None:
        """Back to the shell: no pages, no undo bar, no sync indicator, the actions off."""
        self.attached = False
        self._enable_actions(False)
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._pages_layout.removeWidget(self.undo_bar)
        self.undo_bar.deleteLater()
        self.statusBar().removeWidget(self.sync_indicator)
        self.sync_indicator.deleteLater()
        self._clear_status()
        self._add_opening_page()

    def start_background_sync(self) -> None:
        """Sync at start, every few minutes and after changes, once this profile is connected."""
        from .sync.controller import controller_for

        controller = controller_for(self.ctx)
        controller.wiped.connect(self._wiped)
        controller.start_background()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.refresh_status)
