"""The main window: a sidebar of sections, the current page, menus and the status bar.

It composes pages; it does not contain them. Pages are built on first visit.

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
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .sections import SECTIONS, Section, section_for_view, view_names
from .tasks import guarded, run_task

if TYPE_CHECKING:
    from sector_desktop.store import ProfilePaths
    from sector_desktop.store.status import RecordCounts

    from .actions import Actions
    from .context import AppContext
    from .sync.indicator import SyncIndicator
    from .undo_bar import UndoBar

# What works before the profile is open: everything else waits for attach().
_SHELL_ACTIONS = ("quit", "about")
_USER_ROLE = 256  # Qt.ItemDataRole.UserRole, without building the `Qt` namespace's enums
MENUS = ("&File", "&Edit", "&Go", "&View", "S&ync", "&Help")


class MainWindow(QMainWindow):
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

    def _build_menus(self) -> None:
        a: Actions = self.menu_actions
        file_menu, edit_menu, go_menu, view_menu, sync_menu, help_menu = self._menus.values()
        exports = (a.import_file, a.export_file, a.export_calendar)
        news = (a.new_organization, a.new_visit, a.new_partnership, a.new_program, a.schedule_meeting)
        work = (a.live_minutes, a.prepare_packet, a.print_day)
        for action in (*news, None, *work, None, *exports, None, a.settings, a.restore_backup, None, a.quit):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu.addAction(a.undo)
        go_menu.addAction(a.search)
        go_menu.addAction(a.command_palette)
        go_menu.addSeparator()
        for i, action in enumerate(a.go_to):
            go_menu.addAction(action)
            action.triggered.connect(lambda _=False, key=SECTIONS[i].key: self.go_to(key))
        view_menu.addAction(a.refresh)
        sync_menu.addAction(a.sync_now)
        sync_menu.addAction(a.connect_server)
        help_menu.addAction(a.about)
        for action in (*a.go_to, a.search, a.undo, a.command_palette):
            self.addAction(action)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self._about)
        a.refresh.triggered.connect(self._refresh_everything)
        a.search.triggered.connect(self.open_search)
        a.import_file.triggered.connect(self.open_import)
        a.export_file.triggered.connect(self.open_export)
        a.export_calendar.triggered.connect(self.export_calendar)
        a.restore_backup.triggered.connect(self.open_restore_backup)
        a.new_organization.triggered.connect(self.new_organization)
        a.new_visit.triggered.connect(self.new_visit)
        for action, key, command in (
            (a.new_partnership, "partnerships", "new_partnership"),
            (a.new_program, "apprenticeships", "new_program"),
            (a.schedule_meeting, "meetings", "schedule_meeting"),
            (a.live_minutes, "meetings", "take_live_minutes"),
            (a.prepare_packet, "reports", "start_packet"),
            (a.print_day, "today", "print_day"),
        ):
            action.triggered.connect(lambda _=False, k=key, c=command: getattr(self.go_to(k), c)())
        a.command_palette.triggered.connect(self.open_command_palette)
        a.sync_now.triggered.connect(self.sync_now)
        a.undo.triggered.connect(self.undo)
        a.connect_server.triggered.connect(self.connect_server)
        a.settings.triggered.connect(lambda: self.open_settings())

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

    # -- navigation ---------------------------------------------------------------------
    def _section_picked(self, row: int) -> None:
        if self.attached:
            self.show_section(SECTIONS[row].key)
        else:  # still opening: that section comes first instead of Today
            self._first_section = SECTIONS[row].key

    def page(self, key: str) -> QWidget:
        """The page of a section, built the first time it is needed."""
        if key not in self._pages:
            section = next(s for s in SECTIONS if s.key == key)
            page = section.build(self.ctx)
            page.setObjectName(page.objectName() or f"{key}Page")
            self._pages[key] = page
            self.stack.addWidget(page)
        return self._pages[key]

    def show_section(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        return page

    def go_to(self, key: str) -> QWidget:
        """Go → a section (Ctrl+1…9): show it with the keyboard focus in it, ready to use."""
        from .accessibility import focus_into

        page = self.show_section(key)
        focus_into(page)
        return page

    def show_view(self, view: str) -> QWidget:
        """Show a named view (for --screenshot): a section, possibly in a particular state."""
        section: Section | None = section_for_view(view)
        if section is None:
            raise ValueError(f"unknown view {view!r}; known views: all, {', '.join(view_names())}")
        page = self.show_section(section.key)
        prepare = getattr(page, "prepare_view", None)
        if prepare is not None:
            prepare(view)
        return page

    def open_record(self, kind: str, record_id: str) -> None:
        target = {
            "organization": "organizations",
            "contact": "organizations",
            "visit": "visits",
            "partnership": "partnerships",
            "meeting": "meetings",
            "action_item": "action-items",
            "program": "apprenticeships",
            "initiative": "initiatives",
        }
        key = target.get(kind)
        if key is None:
            return
        page = self.show_section(key)
        opener = getattr(page, "open_record", None)
        if opener is not None:
            opener(kind, record_id)

    # -- commands -----------------------------------------------------------------------
    def open_search(self) -> None:
        from .search.dialog import SearchDialog

        dialog = SearchDialog(self.ctx, self)
        dialog.open()

    def open_command_palette(self) -> None:
        from .palette import CommandPalette, collect_commands

        page = self.stack.currentWidget()
        title = next((s.label for s in SECTIONS if self._pages.get(s.key) is page), "")
        CommandPalette(collect_commands(self, page, title), self).open()

    def open_import(self) -> None:
        from .importing.dialog import ImportDialog

        ImportDialog(self.ctx, self).open()

    def open_export(self) -> None:
        from .importing.export_dialog import export_with_dialog

        export_with_dialog(self.ctx, self)

    def export_calendar(self) -> None:
        from .today.calendar_dialog import export_calendar_with_dialog

        export_calendar_with_dialog(self.ctx, self)

    def new_organization(self) -> None:
        page = self.show_section("organizations")
        page.new_organization()  # type: ignore[attr-defined]

    def new_visit(self) -> None:
        page = self.show_section("visits")
        page.new_visit()  # type: ignore[attr-defined]

    def log_visit_for(self, organization_id: str) -> None:
        """'Log visit…' on an organization: the Visits page's editor for it."""
        page = self.show_section("visits")
        page.new_visit(organization_id)  # type: ignore[attr-defined]

    def sync_now(self) -> None:
        """Sync → Sync now (Ctrl+Shift+S): show the Sync page and sync (or connect, if not signed in)."""
        self.show_section("sync").sync_now()  # type: ignore[attr-defined]

    def _refresh_everything(self) -> None:
        from .operations import Changes, announce

        announce(self.ctx, Changes(everything=True, local=False))

    def undo(self) -> None:
        """Edit → Undo (Ctrl+Z): take back the last change; the Undo bar says how it went."""
        from .operations import undo_last

        bar = self.undo_bar
        undo_last(self.ctx, done=bar.tell, failed=lambda exc: bar.tell(str(exc), problem=True), owner=self)

    def _undo_changed(self) -> None:
        step = self.ctx.undo.peek()
        self.menu_actions.undo.setEnabled(step is not None)
        self.menu_actions.undo.setText(f"&Undo {step.label}" if step else "&Undo")

    def connect_server(self) -> None:
        """Sync → Connect to server…"""
        self.show_section("sync").open_connect()  # type: ignore[attr-defined]

    def open_settings(self, *, first_run: bool = False) -> QWidget:
        """File → Settings… (Ctrl+,), or the first-run welcome: office, time zone, who you are."""
        from .team.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self, first_run=first_run)
        if first_run:
            dialog.accepted.connect(lambda: self.connect_server() if dialog.connect_now.isChecked() else None)
        dialog.open()
        return dialog

    def start_background_sync(self) -> None:
        """Sync at start, every few minutes and after changes, once this profile is connected."""
        from .sync.controller import controller_for

        controller = controller_for(self.ctx)
        controller.wiped.connect(self._wiped)
        controller.start_background()

    def _wiped(self, said: str) -> None:
        """The server asked for a wipe and the data is gone: the profile opens again, empty (a new
        key; the welcome asks who you are), and the window says what happened."""
        self.reopen_profile(QMessageBox.Icon.Warning, "This laptop was wiped", said, "laptopWiped")

    def reopen_profile(self, icon: QMessageBox.Icon, title: str, said: str, name: str) -> None:
        """The database under every page was replaced (a restore) or removed (a wipe): drop the
        pages and this profile's syncing, open the profile again in a worker (asking for the
        passphrase if its key went with a wipe), show the section that was showing on the data as
        it is now, then say what happened over it. Cancel at the passphrase closes the window."""
        from sector_desktop.errors import ProfileError

        from .context import OpenedProfile, context_for, open_profile_data
        from .passphrase import ask_in_dialog, unlock_in_background
        from .sync.controller import forget_controller

        if self.attached:
            self._first_section = next(
                (k for k, page in self._pages.items() if page is self.stack.currentWidget()), "today"
            )
            forget_controller(self.ctx)
            self.ctx.db.close()  # no page reads the old file any more
            self._detach()
        paths = self.paths

        def opened(profile: OpenedProfile) -> None:
            self.attach(context_for(profile))
            box = QMessageBox(icon, title, said, parent=self)
            box.setObjectName(name)
            box.open()
            from sector_desktop.services.profile_settings import has_settings

            if not has_settings(paths):  # an empty profile again: who you are, which server
                QTimer.singleShot(0, lambda: self.open_settings(first_run=True))

        def cannot_open(exc: ProfileError) -> None:
            box = QMessageBox(
                QMessageBox.Icon.Critical, "Sector Desktop cannot open this profile", str(exc), parent=self
            )
            box.setObjectName("cannotOpenProfile")
            box.finished.connect(lambda _r: self.close())
            box.open()

        def closed() -> None:  # the passphrase was not given: nothing to show
            self.close()

        unlock_in_background(
            lambda: open_profile_data(paths),
            guarded(self, opened),
            cancelled=closed,
            failed=guarded(self, cannot_open),
            ask=lambda message, new: ask_in_dialog(message, new, self),
        )

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
        self.counts_label.setText("")
        self.pending_label.setText("")
        self._add_opening_page()

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

    def open_restore_backup(self) -> None:
        from .backups_dialog import RestoreBackupDialog

        dialog = RestoreBackupDialog(self.ctx, self)
        dialog.restored.connect(self._restored)
        dialog.open()

    def _restored(self, said: str) -> None:
        """The database was replaced under every page: open it again and say so."""
        self.reopen_profile(QMessageBox.Icon.Information, "Backup restored", said, "backupRestored")

    def _about(self) -> None:
        from .about import AboutDialog

        AboutDialog(self.paths, self).exec()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.refresh_status)
