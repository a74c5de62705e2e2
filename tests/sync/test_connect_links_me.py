"""Sync → Connect to server… on a laptop whose first run added its user to the team under another
name than the server account's: the dialog asks whether they are the same person, and "Merge" makes
them one staff record (the account's), with the visit and action item moved to it. A real server
process over HTTP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from client_helpers import PASSWORD, install_memory_keyring, make_laptop
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from server_harness import ServerProcess

from sector_desktop.models import ActionItem, Organization, StaffUser, Visit
from sector_desktop.services import staff
from sector_desktop.store.settings import me_setting, set_me
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.sync.connect_dialog import ConnectDialog


def test_connect_asks_whether_the_first_run_person_is_the_account_and_merges(
    qtbot: QtBot, tmp_path: Path, migrated_template: Path, manager_server: ServerProcess
) -> None:
    manager_server.create_user("cat.wu", PASSWORD)
    install_memory_keyring()
    lap = make_laptop(tmp_path, migrated_template, manager_server.url, "cat")
    db, paths = lap.db, lap.paths
    local = staff.add_staff(db, staff.StaffInput("Catherine Wu", phone="(410) 555-0199"))
    set_me(paths, local)
    with db.session() as s:
        org = Organization(name="Bayline Logistics", tags=[])
        s.add(org)
        s.flush()
        s.add(Visit(organization_id=org.id, starts_at=dt.datetime(2026, 3, 2, 14), staff_id=local))
        s.add(ActionItem(text="Send Bayline the standards", owner_staff_id=local))
    ctx = AppContext(db=db, paths=paths, staff_id=local)

    dialog = ConnectDialog(ctx, address=manager_server.url)
    qtbot.addWidget(dialog)
    dialog.insecure.setChecked(True)
    dialog.findChild(QLineEdit, "serverUser").setText("cat.wu")
    dialog.findChild(QLineEdit, "serverPassword").setText(PASSWORD)
    dialog.findChild(QPushButton, "connectButton").click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "samePerson") is not None)
    ask = dialog.findChild(QMessageBox, "samePerson")
    assert "Catherine Wu" in ask.text() and "cat.wu" in ask.text()
    with qtbot.waitSignal(dialog.accepted):
        next(b for b in ask.buttons() if b.text().startswith("Merge")).click()

    account = me_setting(paths)
    assert ctx.staff_id == account != local
    with db.read_session() as s:
        live = s.query(StaffUser).filter(StaffUser.deleted_at.is_(None)).all()
        assert [(p.id, p.phone) for p in live] == [(account, "(410) 555-0199")]
        assert {v.staff_id for v in s.query(Visit)} == {account}
        assert {a.owner_staff_id for a in s.query(ActionItem)} == {account}
    report = lap.sync()
    assert report.ok and not report.failed, report.summary()
    lap.close()
