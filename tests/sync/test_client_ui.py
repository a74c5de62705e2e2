"""The Sync page and status indicator: conflicts side by side, resolving them, honest status text."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLabel, QPushButton, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from sector_desktop.models import Organization
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.sync.client import SyncReport, open_conflicts
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.sync.indicator import describe
from sector_desktop.ui.sync.page import SyncPage


def seed_conflict(db: Database) -> str:
    """A record whose notes were changed on this device and on another one."""
    with db.session() as s:
        org = Organization(name="Harbor Welding", tags=[], notes="mine: three welders")
        s.add(org)
        s.flush()
        org_id = org.id
    with db.engine.begin() as conn:
        node = conn.execute(text("SELECT node FROM sync_state")).scalar()
        clock = conn.execute(
            text("SELECT hlc FROM sync_outbox WHERE row_id = :r AND field = 'notes'"), {"r": org_id}
        ).scalar()
        conn.execute(text("DELETE FROM sync_outbox"))
        conn.execute(
            text(
                "INSERT INTO sync_conflict (id, tbl, row_id, field, winner_value, winner_hlc, winner_node,"
                " winner_author, loser_value, loser_hlc, loser_node, loser_author, detected_at) VALUES"
                " ('c1', 'organization', :r, 'notes', :wv, :wh, :wn, 'u1', :lv, '0000000000001-00000',"
                " 'other', 'u2', '2026-11-21T10:00:00')"
            ),
            {
                "r": org_id,
                "wv": json.dumps("mine: three welders"),
                "wh": clock,
                "wn": node,
                "lv": json.dumps("theirs: hiring frozen"),
            },
        )
    return org_id


def test_the_page_shows_a_conflict_side_by_side_and_keep_theirs_writes_a_change(
    qtbot: QtBot, db: Database, paths: ProfilePaths
) -> None:
    org_id = seed_conflict(db)
    page = SyncPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(page)
    table = page.findChild(QTableView, "conflictTable")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert "theirs: hiring frozen" in page.panel.theirs.toPlainText()
    assert "mine: three welders" in page.panel.mine.toPlainText()
    assert page.findChild(QLabel, "syncConnection").text().startswith("Not connected")
    page.findChild(QPushButton, "conflictTheirsButton").click()
    qtbot.waitUntil(lambda: open_conflicts(db) == [])
    with db.read_session() as s:
        assert s.get(Organization, org_id).notes == "theirs: hiring frozen"
    with db.engine.connect() as conn:
        sent = conn.execute(text("SELECT value FROM sync_outbox WHERE field = 'notes'")).scalars().all()
        resolutions = conn.execute(text("SELECT conflict_id, resolution FROM sync_resolution_out")).all()
    assert [json.loads(v) for v in sent] == ["theirs: hiring frozen"]
    assert resolutions == [("c1", "theirs")]
    qtbot.waitUntil(lambda: table.model().rowCount() == 0)


def test_keep_mine_resends_the_value_even_though_it_is_unchanged(db: Database) -> None:
    from sector_desktop.sync.client import resolve_conflict

    seed_conflict(db)
    assert resolve_conflict(db, "c1", "mine") == "mine: three welders"
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT value, base_hlc FROM sync_outbox WHERE field = 'notes'")).all()
    assert [json.loads(r[0]) for r in rows] == ["mine: three welders"]
    assert rows[0][1] is not None, "the resolution replaces the value it saw"


def test_keep_both_joins_long_text_with_a_marked_divider(db: Database) -> None:
    from sector_desktop.sync.client import resolve_conflict
    from sector_desktop.sync.client.conflicts import LONG_TEXT_DIVIDER

    org_id = seed_conflict(db)
    joined = resolve_conflict(db, "c1", "both")
    assert joined == "mine: three welders" + LONG_TEXT_DIVIDER + "theirs: hiring frozen"
    with db.read_session() as s:
        assert s.get(Organization, org_id).notes == joined


def test_the_indicator_never_says_synced_when_something_failed() -> None:
    failed = SyncReport(
        status="synced", failed=["organization x name: too long"], finished_at="2026-11-21T10:00:00"
    )
    assert "Synced at" not in describe(failed, 0)[0]
    assert describe(failed, 0)[1] == "error"
    assert describe(SyncReport(status="offline"), 3)[0] == "Offline"
    assert (
        describe(SyncReport(status="error", messages=["server error 500"]), 0)[0]
        == "Sync error: server error 500"
    )
    assert describe(SyncReport(status="synced", finished_at="2026-11-21T10:00:00"), 0)[0].startswith(
        "Synced at"
    )
    assert not failed.ok


def test_the_connect_dialog_refuses_plain_http_off_this_computer(
    qtbot: QtBot, db: Database, paths: ProfilePaths
) -> None:
    from PySide6.QtWidgets import QLineEdit

    from sector_desktop.ui.sync.connect_dialog import ConnectDialog

    dialog = ConnectDialog(AppContext(db=db, paths=paths))
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "serverAddress").setText("http://sync.example.org")
    dialog.findChild(QLineEdit, "serverUser").setText("ana")
    dialog.findChild(QLineEdit, "serverPassword").setText("secret")
    dialog.findChild(QPushButton, "connectButton").click()
    message = dialog.findChild(QLabel, "connectMessage")
    qtbot.waitUntil(lambda: "Refusing" in message.text())
    assert dialog.findChild(QLineEdit, "serverPassword").text() == "", "a refused password is not kept"


def test_the_worker_reports_a_profile_that_is_not_connected(
    qtbot: QtBot, db: Database, paths: ProfilePaths
) -> None:
    from sector_desktop.ui.sync.controller import SyncController
    from sector_desktop.ui.sync.indicator import SyncIndicator

    controller = SyncController(AppContext(db=db, paths=paths))
    indicator = SyncIndicator(controller)
    qtbot.addWidget(indicator)
    with qtbot.waitSignal(controller.finished, timeout=10_000) as blocker:
        controller.sync_now()
    assert blocker.args[0].status == "not_connected"
    assert not controller.busy
    assert indicator.label.text() == "Not connected to a server"
