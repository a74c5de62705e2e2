"""The Sync page as a user meets it: Sync now after a sync, no server, and a signed-out user."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.sync.connect_dialog import ConnectDialog
from sector_desktop.ui.sync.controller import controller_for
from sector_desktop.ui.sync.page import SyncPage


def _settle() -> None:
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


def test_sync_now_is_ready_again_after_a_sync_while_the_page_stays_open(
    qtbot: QtBot, db: Database, paths: ProfilePaths
) -> None:
    ctx = AppContext(db=db, paths=paths)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    controller = controller_for(ctx)
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.sync_now()  # e.g. the periodic sync, or one started from the status bar
    assert page.sync_button.isEnabled()
    assert page.progress.isHidden()
    _settle()


def test_ctrl_shift_s_without_a_server_opens_connect_to_server(
    qtbot: QtBot, db: Database, paths: ProfilePaths
) -> None:
    from sector_desktop.ui.main_window import MainWindow

    window = MainWindow(AppContext(db=db, paths=paths))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ConnectDialog)), timeout=10_000)
    page = window.page("sync")
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.sync_button.isEnabled())  # nothing left spinning
    assert page.progress.isHidden()
    sync_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "S&ync")
    assert window.menu_actions.connect_server in sync_menu.actions()
    _settle()


def test_a_signed_out_user_is_not_shown_as_connected(qtbot: QtBot, db: Database, paths: ProfilePaths) -> None:
    with db.engine.begin() as conn:  # signed in once; the token is gone from the keyring since
        conn.execute(
            text(
                "UPDATE sync_state SET server_url = 'https://sync.example.org', device_id = 'd1',"
                " user_id = 'u1', user_name = 'Ana' WHERE id = 1"
            )
        )
    page = SyncPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.overview is not None)
    assert "Connected" not in page.connection.text()
    assert "Ana is signed out" in page.connection.text()
    assert page.connect_button.text() == "Sign in again…"
    page.sync_now()
    assert any(d.isVisible() for d in page.findChildren(ConnectDialog))
    _settle()


def test_the_page_lists_what_could_not_be_synced_and_why(
    qtbot: QtBot, db: Database, paths: ProfilePaths
) -> None:
    from visits_data import make_world

    from sector_desktop.sync.client import SyncReport
    from sector_desktop.sync.client.failed import RECEIVED, SENT, record_failures

    world = make_world(db)
    report = SyncReport(failed=[f"organization {world.plant} name: longer than 300 characters"])
    with db.engine.begin() as conn:  # the last sync: the server refused one field, one pulled value was bad
        conn.execute(text("UPDATE sync_state SET last_report = :r WHERE id = 1"), {"r": report.to_json()})
        base = {"table": "organization", "row_id": world.plant}
        record_failures(conn, SENT, [{**base, "field": "name", "value_json": '"x"', "reason": "too long"}])
        pulled = {**base, "field": "phone", "value_json": "12", "reason": "expected text, got a number"}
        record_failures(conn, RECEIVED, [pulled])
    page = SyncPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.failed.rowCount() == 2)
    assert page.tabs.tabText(3) == "Could not sync (2)"
    lines = {
        tuple(page.failed.index(r, c).data() for c in (0, 2, 3, 4)) for r in range(page.failed.rowCount())
    }
    assert lines == {
        ("Organization · Delta Metal Works", "Name", "Sent, refused by the server", "too long"),
        (
            "Organization · Delta Metal Works",
            "Phone",
            "Received, could not be stored here",
            "expected text, got a number",
        ),
    }
    assert "listed under “Could not sync”" in page.details.text()
    assert "Failed:" not in page.details.text()  # no raw report lines with record ids
    _settle()
