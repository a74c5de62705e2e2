"""Undo as a user meets it: the Undo bar after a delete, Ctrl+Z after an edit, and a refusal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text
from visits_data import World, full_input, make_world

from sector_desktop.models import ActionItem, Visit
from sector_desktop.services.visits import log_visit
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def window(qtbot: QtBot, db: Database, paths: ProfilePaths, world: World) -> Iterator[MainWindow]:
    w = MainWindow(AppContext(db=db, paths=paths, staff_id=world.ana))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


def _visits_page(window: MainWindow, qtbot: QtBot, visit_id: str):
    page = window.show_section("visits")
    qtbot.waitUntil(lambda: page.model.row_of(visit_id) is not None)
    page.table.selectRow(page.model.row_of(visit_id))
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == visit_id)
    return page


def test_the_undo_bar_brings_back_a_deleted_visit_and_its_follow_ups(
    qtbot: QtBot, window: MainWindow, db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit_id = log_visit(db, full_input(world))
    page = _visits_page(window, qtbot, visit_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    bar = window.undo_bar
    qtbot.waitUntil(bar.isVisible)
    assert bar.text.text() == "Deleted visit to Riverside Clinic."
    qtbot.waitUntil(lambda: page.model.row_of(visit_id) is None)
    qtbot.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.text.text() == "Undone: Delete visit to Riverside Clinic.")
    qtbot.waitUntil(lambda: page.model.row_of(visit_id) is not None)  # the list shows it again
    with db.read_session() as s:
        assert s.get(Visit, visit_id).deleted_at is None
        items = s.scalars(select(ActionItem).where(ActionItem.visit_id == visit_id)).all()
        assert [(i.text, i.deleted_at) for i in items] == [("Send the CNA cohort schedule", None)]
    with db.engine.connect() as conn:  # the undo syncs like any edit
        fields = conn.execute(
            text("SELECT field FROM sync_outbox WHERE row_id = :r ORDER BY seq DESC LIMIT 1"), {"r": visit_id}
        ).scalar()
    assert fields in ("deleted_at", "updated_at")
    assert not window.menu_actions.undo.isEnabled()


def test_ctrl_z_takes_back_marking_an_action_item_done(
    qtbot: QtBot, window: MainWindow, db: Database, world: World
) -> None:
    visit_id = log_visit(db, full_input(world))
    with db.read_session() as s:
        item_id = s.scalars(select(ActionItem.id).where(ActionItem.visit_id == visit_id)).one()
    page = window.show_section("action-items")
    page.set_view("open")
    qtbot.waitUntil(lambda: page.model.row_of(item_id) is not None)
    page.table.selectRow(page.model.row_of(item_id))
    page.mark_selected_done("sent by email")
    qtbot.waitUntil(lambda: window.menu_actions.undo.isEnabled())
    assert window.menu_actions.undo.text() == "&Undo Mark “Send the CNA cohort schedule” done"
    assert page.notice.text() == "Marked 1 item done."
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.undo_bar.text.text().startswith("Undone:"))
    with db.read_session() as s:
        item = s.get(ActionItem, item_id)
        assert (item.status, item.status_note, item.completed_at) == ("open", None, None)


def test_an_undo_that_would_overwrite_a_later_change_is_refused_and_says_so(
    qtbot: QtBot, window: MainWindow, db: Database, world: World
) -> None:
    visit_id = log_visit(db, full_input(world))
    with db.read_session() as s:
        item_id = s.scalars(select(ActionItem.id).where(ActionItem.visit_id == visit_id)).one()
    page = window.show_section("action-items")
    page.set_view("open")
    qtbot.waitUntil(lambda: page.model.row_of(item_id) is not None)
    page.table.selectRow(page.model.row_of(item_id))
    page.mark_selected_done("sent by email")
    qtbot.waitUntil(lambda: window.menu_actions.undo.isEnabled())
    with db.session() as s:  # a colleague's note on the same item arrives by sync meanwhile
        s.get(ActionItem, item_id).status_note = "Ben: they want it by post too"
    window.menu_actions.undo.trigger()
    qtbot.waitUntil(lambda: "changed since" in window.undo_bar.text.text())
    with db.read_session() as s:
        item = s.get(ActionItem, item_id)
        assert (item.status, item.status_note) == ("done", "Ben: they want it by post too")
