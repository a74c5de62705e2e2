"""The Action items page: the lazy model passes qtmodeltester, overdue rows stand out, views switch,
and marking done with a note reaches the database."""

from __future__ import annotations

import pytest
from followup_data import TODAY, Followups, build
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from sector_desktop.models import ActionItem
from sector_desktop.services.action_items import ActionItemFilter
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.action_items import table_model as tm
from sector_desktop.ui.action_items.dialogs import NoteDialog
from sector_desktop.ui.action_items.page import ActionItemsPage
from sector_desktop.ui.action_items.table_model import ActionItemsTableModel
from sector_desktop.ui.context import AppContext


@pytest.fixture
def data(db: Database) -> Followups:
    return build(db)


@pytest.fixture
def page(qtbot, db: Database, paths: ProfilePaths, data: Followups) -> ActionItemsPage:
    ctx = AppContext(db=db, paths=paths, staff_id=data.me)
    p = ActionItemsPage(ctx, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1200, 600)
    p.show()
    qtbot.waitUntil(lambda: not p.model.is_loading and p.model.rowCount() == 3)
    return p


def ids_in(model: ActionItemsTableModel) -> list[str]:
    return [model.row_at(i).id for i in range(model.rowCount())]


def test_model_is_sound_and_fetches_lazily(qtbot, qtmodeltester, db: Database, data: Followups) -> None:
    model = ActionItemsTableModel(db, window=2)
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ActionItemFilter(view="open", today=TODAY))
    assert (model.total, model.rowCount()) == (4, 2)
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert not model.canFetchMore()
    qtmodeltester.check(model)


def test_overdue_rows_stand_out(qtbot, db: Database, data: Followups) -> None:
    model = ActionItemsTableModel(db)
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ActionItemFilter(view="open", today=TODAY))
    overdue = model.row_of(data.item_overdue)
    soon = model.row_of(data.item_due_soon)
    due = model.index(overdue, tm.DUE)
    assert model.data(due, Qt.ItemDataRole.ForegroundRole) == QColor(tm.OVERDUE_COLOR)
    assert model.data(model.index(overdue, tm.TEXT), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(overdue, tm.STATUS)) == "Overdue"
    assert model.data(due, Qt.ItemDataRole.ToolTipRole) == "Overdue by 3 days"
    assert model.data(model.index(soon, tm.DUE), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(soon, tm.TEXT), Qt.ItemDataRole.FontRole) is None


def test_views_switch_and_show_counts(qtbot, page: ActionItemsPage, data: Followups) -> None:
    assert ids_in(page.model) == [data.item_overdue, data.item_due_soon, data.item_later]
    qtbot.waitUntil(lambda: page.view_buttons["overdue"].text() == "Overdue (2)")
    page.view_buttons["overdue"].click()
    qtbot.waitUntil(lambda: ids_in(page.model) == [data.item_overdue, data.item_colleague])
    page.view_buttons["partnership"].click()
    assert page.narrow_combo.isVisible()
    qtbot.waitUntil(lambda: page.narrow_combo.count() == 2)
    page.narrow_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: set(ids_in(page.model)) == {data.item_due_soon, data.item_colleague})


def test_mark_done_with_a_note_updates_the_database(qtbot, page: ActionItemsPage, db: Database, data) -> None:
    page.table.selectRow(page.model.row_of(data.item_overdue))
    assert page.commands["markDone"][1].isEnabled()
    assert page.commands["reopen"][1].isEnabled() is False
    page.mark_selected_done("Brochure emailed to Ann")

    def saved() -> bool:
        with db.read_session() as s:
            return s.get(ActionItem, data.item_overdue).status == "done"

    qtbot.waitUntil(saved)
    with db.read_session() as s:
        assert s.get(ActionItem, data.item_overdue).status_note == "Brochure emailed to Ann"
    # The page refreshes itself from the change broadcast: the item leaves "Mine".
    qtbot.waitUntil(lambda: ids_in(page.model) == [data.item_due_soon, data.item_later])


def test_cancel_requires_a_note_in_the_dialog(qtbot, page: ActionItemsPage) -> None:
    dialog = NoteDialog("Cancel action item", "Why?", required=True, ok_text="Cancel item")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.note.setPlainText("No longer needed")
    assert ok.isEnabled() and dialog.text() == "No longer needed"


def test_reassign_moves_the_item_out_of_mine(qtbot, page: ActionItemsPage, db: Database, data) -> None:
    page.table.selectRow(page.model.row_of(data.item_later))
    page.reassign_selected(data.colleague, "Dev covers Acme")
    qtbot.waitUntil(lambda: ids_in(page.model) == [data.item_overdue, data.item_due_soon])
    with db.read_session() as s:
        assert s.get(ActionItem, data.item_later).owner_staff_id == data.colleague


def test_an_action_item_link_selects_it_and_dialog_accepts_ctrl_enter(
    qtbot, page: ActionItemsPage, data
) -> None:
    page.open_record("action_item", data.item_colleague)
    qtbot.waitUntil(lambda: [r.id for r in page.selected_rows()] == [data.item_colleague])
    assert page.view == "open" and page.commands["markDone"][0].isEnabled()
    # Parented to the page as in use: the page's own Ctrl+Enter must not fire inside the dialog.
    dialog = NoteDialog("Mark done", "What was done?", required=False, ok_text="Mark done", parent=page)
    dialog.open()
    dialog.activateWindow()
    dialog.note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    qtbot.keyClicks(dialog.note, "Signed MOU")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.text() == "Signed MOU"
