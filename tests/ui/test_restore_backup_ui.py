"""File → Restore from backup…: the backups are listed, Restore asks first, the restore runs in a
worker and says what it did; the profile then holds the backup's data."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sector_desktop.models import Organization
from sector_desktop.store import backups, open_database
from sector_desktop.ui.backups_dialog import RestoreBackupDialog
from sector_desktop.ui.context import AppContext


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
