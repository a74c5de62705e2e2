"""File → Restore from backup…: the backups are listed, Restore asks first, the restore runs in a
worker and says what it did; the profile then holds the backup's data, and the window reopens it
(after a restore, or a wipe, the user is back in the app on the data as it now is)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sector_desktop.models import Organization
from sector_desktop.store import backups, open_database
from sector_desktop.store.organizations import count_organizations
from sector_desktop.ui.backups_dialog import RestoreBackupDialog
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.organizations.page import OrganizationsPage


def test_restore_from_backup_asks_then_restores(qtbot: QtBot, demo_ctx: AppContext) -> None:
    db, paths = demo_ctx.db, demo_ctx.paths
    made = backups.back_up(db.path, paths.backups_dir, kind="manual", key=db.key)
    with db.session() as s:
        s.add(Organization(name="Made after the backup", tags=[]))
    dialog = RestoreBackupDialog(demo_ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    assert "Made by hand" in dialog.list.item(0).text()
    dialog.list.setCurrentRow(0)
    assert dialog.restore_button.isEnabled()
    dialog.confirm_restore()
    box = dialog.findChild(QMessageBox, "confirmRestore")
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(dialog.restored, timeout=60_000) as said:
        box.buttons()[[b.text() for b in box.buttons()].index("Restore")].click()
    assert f"Restored {made.name}" in said.args[0]
    reopened = open_database(paths.database)
    with reopened.read_session() as s:
        assert s.query(Organization).filter_by(name="Made after the backup").count() == 0
    reopened.close()
    kinds = sorted(b.kind for b in backups.list_backups(paths.database, paths.backups_dir))
    assert kinds == ["before-restore", "manual"]


def _organizations_shown(window: MainWindow, old: QWidget | None) -> str:
    """The count the Organizations page shows, once a page other than `old` is the one showing."""
    page = window.stack.currentWidget() if window.attached else None
    if not isinstance(page, OrganizationsPage) or page is old:
        return ""
    return page.count_label.text()


def test_after_a_restore_the_window_shows_the_restored_data(qtbot: QtBot, demo_ctx: AppContext) -> None:
    """The user restores a backup from File → Restore from backup… and is back in the app, on the
    page they were on, looking at the backup's data: the window does not go away."""
    db, paths = demo_ctx.db, demo_ctx.paths
    backups.back_up(db.path, paths.backups_dir, kind="manual", key=db.key)
    with db.session() as s:
        s.add(Organization(name="Made after the backup", tags=[]))
    with db.read_session() as s:
        now = count_organizations(s)
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    before = window.show_section("organizations")
    qtbot.waitUntil(lambda: _organizations_shown(window, None) == f"{now:,} organizations")
    window.menu_actions.restore_backup.trigger()
    dialog = window.findChild(RestoreBackupDialog)
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    dialog.list.setCurrentRow(0)
    dialog.confirm_restore()
    box = dialog.findChild(QMessageBox, "confirmRestore")
    box.buttons()[[b.text() for b in box.buttons()].index("Restore")].click()

    restored = f"{now - 1:,} organizations"
    qtbot.waitUntil(lambda: _organizations_shown(window, before) == restored, timeout=60_000)
    assert window.isVisible()
    told = window.findChild(QMessageBox, "backupRestored")
    assert told is not None and told.isVisible() and "Restored" in told.text()
    qtbot.waitUntil(lambda: window.counts_label.text().startswith(f"{now - 1:,} organizations"))
    with window.ctx.db.read_session() as s:
        assert s.query(Organization).filter_by(name="Made after the backup").count() == 0
    window.ctx.db.close()


def test_after_a_wipe_the_window_opens_the_empty_profile(qtbot: QtBot, demo_ctx: AppContext) -> None:
    """Revoked with a wipe, the sync round destroys the data (wipe_profile) and the controller says
    so (as SyncController._done does): the window stays, on the empty profile, with the message."""
    from sector_desktop.sync.client.wipe import wipe_profile
    from sector_desktop.ui.sync.controller import controller_for

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    before = window.show_section("organizations")
    qtbot.waitUntil(lambda: _organizations_shown(window, None).endswith(" organizations"))
    assert _organizations_shown(window, None) != "0 organizations"
    said = wipe_profile(demo_ctx.db, demo_ctx.paths)
    controller_for(demo_ctx).wiped.emit(said)

    qtbot.waitUntil(lambda: _organizations_shown(window, before) == "0 organizations", timeout=60_000)
    assert window.isVisible() and window.ctx is not demo_ctx
    told = window.findChild(QMessageBox, "laptopWiped")
    assert told is not None and told.isVisible()
    window.ctx.db.close()
