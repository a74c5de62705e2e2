"""The main window's menus: each menu's actions in order, and the commands they run (most show a
section's page and ask it; the rest open a dialog over the window)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QWidget

from .sections import SECTIONS
from .window_sections import WindowSections

if TYPE_CHECKING:
    from sector_desktop.store import ProfilePaths

    from .actions import Actions
    from .undo_bar import UndoBar


class WindowMenus(WindowSections):
    """Mixed into MainWindow, which makes the menus (`_menus`) and their actions (`menu_actions`)."""

    paths: ProfilePaths
    _menus: dict[str, QMenu]
    menu_actions: Actions
    undo_bar: UndoBar

    if TYPE_CHECKING:  # the window's, from ProfileReopen

        def open_restore_backup(self) -> None: ...

    def _build_menus(self) -> None:
        a = self.menu_actions
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
        self._connect_commands(a)

    def _connect_commands(self, a: Actions) -> None:
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
        for action, key, command in (  # show a section, and ask its page
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

    # -- commands -----------------------------------------------------------------------
    def open_search(self) -> None:
        from .search.dialog import SearchDialog

        dialog = SearchDialog(self.ctx, self)
        dialog.open()

    def open_command_palette(self) -> None:
        from .palette import CommandPalette, collect_commands

        page = self.stack.currentWidget()
        title = next((s.label for s in SECTIONS if s.key == self.shown_section()), "")
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

    def _about(self) -> None:
        from .about import AboutDialog

        AboutDialog(self.paths, self).exec()
