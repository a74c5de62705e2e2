"""Every user command as one QAction, shared by menus, the command palette and shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass
class Actions:
    search: QAction
    import_file: QAction
    export_file: QAction
    export_calendar: QAction
    restore_backup: QAction
    new_organization: QAction
    new_visit: QAction
    new_partnership: QAction
    new_program: QAction
    schedule_meeting: QAction
    live_minutes: QAction
    print_day: QAction
    prepare_packet: QAction
    command_palette: QAction
    sync_now: QAction
    connect_server: QAction
    refresh: QAction
    settings: QAction
    undo: QAction
    quit: QAction
    about: QAction
    go_to: list[QAction]


def _action(
    parent: QWidget, name: str, text: str, *shortcuts: QKeySequence | QKeySequence.StandardKey | str
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({QKeySequence(shortcuts[0]).toString()})")
    return action


def create_actions(parent: QWidget, section_labels: list[str]) -> Actions:
    go_to = []
    for i, label in enumerate(section_labels):
        shortcut = f"Ctrl+{i + 1}" if i < 9 else None
        a = _action(parent, f"goTo{i}", label, *([shortcut] if shortcut else []))
        go_to.append(a)
    return Actions(
        search=_action(parent, "searchAction", "&Search…", "Ctrl+K", QKeySequence.StandardKey.Find),
        import_file=_action(parent, "importAction", "&Import…", "Ctrl+I"),
        export_file=_action(parent, "exportAction", "&Export…", "Ctrl+E"),
        export_calendar=_action(parent, "exportCalendarAction", "Export &calendar…"),
        restore_backup=_action(parent, "restoreBackupAction", "Restore from &backup…"),
        new_organization=_action(parent, "newOrganizationAction", "New &organization…", "Ctrl+Shift+O"),
        new_visit=_action(parent, "newVisitAction", "Log &visit…", "Ctrl+Shift+V"),
        new_partnership=_action(parent, "newPartnershipAction", "New &partnership…"),
        new_program=_action(parent, "newProgramAction", "New apprenticeship p&rogram…"),
        schedule_meeting=_action(parent, "scheduleMeetingAction", "Sc&hedule meeting…"),
        live_minutes=_action(parent, "liveMinutesAction", "Take live &minutes"),
        print_day=_action(parent, "printDayAction", "Print &today's packets…"),
        prepare_packet=_action(parent, "preparePacketAction", "Prepare &briefing packet…"),
        command_palette=_action(parent, "commandPaletteAction", "&Command palette…", "Ctrl+Shift+P"),
        sync_now=_action(parent, "syncAction", "S&ync now", "Ctrl+Shift+S"),
        connect_server=_action(parent, "connectServerAction", "&Connect to server…"),
        refresh=_action(parent, "refreshAction", "&Refresh", QKeySequence.StandardKey.Refresh),
        settings=_action(parent, "settingsAction", "Se&ttings…", "Ctrl+,"),
        undo=_action(parent, "undoAction", "&Undo", QKeySequence.StandardKey.Undo),
        quit=_action(parent, "quitAction", "&Quit", QKeySequence.StandardKey.Quit),
        about=_action(parent, "aboutAction", "&About Sector Desktop"),
        go_to=go_to,
    )
