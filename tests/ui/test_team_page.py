"""The Team page: staff added, edited and deactivated through the dialogs (run_op, the one write path);
"This is me" makes "Mine" work on the Action items page at once; a refusal shows in the dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from sector_desktop.services import staff
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import me_setting
from sector_desktop.ui.action_items.page import ActionItemsPage
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.team.page import TeamPage
from sector_desktop.ui.team.table_model import StaffTableModel


def names(page: TeamPage) -> list[str]:
    return [page.model.text(r, StaffTableModel.NAME) for r in page.model.rows()]


def test_add_edit_deactivate_and_choose_me(qtbot, db: Database, paths: ProfilePaths) -> None:
    staff.add_staff(db, staff.StaffInput("Sam Lee", role="manager"))
    ctx = AppContext(db=db, paths=paths)
    page, items = TeamPage(ctx), ActionItemsPage(ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(items)
    page.show()
    qtbot.waitUntil(lambda: names(page) == ["Sam Lee"])
    assert not items.view_buttons["mine"].isEnabled()

    dialog = page.add_staff()
    dialog.name.setText("Dana Cruz")
    dialog.email.setText("dana@")
    dialog.submit()
    qtbot.waitUntil(dialog.error.isVisible)
    assert "E-mail: 'dana@'" in dialog.error.text()
    dialog.email.setText("dana@example.org")
    dialog.title_edit.setText("Business Services Representative")
    dialog.phone.setText("(410) 555-0100")
    dialog.submit()
    qtbot.waitUntil(lambda: names(page) == ["Dana Cruz", "Sam Lee"])
    assert page.model.text(page.model.rows()[0], StaffTableModel.PHONE) == "(410) 555-0100"

    page.table.selectRow(0)
    page.choose_selected_as_me()
    dana = staff.find_staff(db, "dana.cruz")
    qtbot.waitUntil(lambda: names(page)[0] == "Dana Cruz (me)")
    assert me_setting(paths) == dana.id and ctx.staff_id == dana.id
    assert items.view_buttons["mine"].isEnabled()

    page.table.selectRow(1)
    edit = page.edit_selected()
    assert edit is not None and edit.name.text() == "Sam Lee"
    edit.title_edit.setText("Sector Director")
    edit.submit()
    qtbot.waitUntil(lambda: staff.find_staff(db, "sam.lee").title == "Sector Director")
    page.table.selectRow(1)
    page.deactivate_selected()
    qtbot.waitUntil(lambda: not staff.find_staff(db, "sam.lee").active)
    qtbot.waitUntil(lambda: page.model.text(page.model.rows()[1], StaffTableModel.ACTIVE) == "No")
    QApplication.processEvents()


def test_managers_view_reassigns_work_and_undo_takes_it_back(
    qtbot, db: Database, paths: ProfilePaths
) -> None:
    from sqlalchemy import select

    from sector_desktop.models import ActionItem, Organization
    from sector_desktop.services.action_items import add_action_item
    from sector_desktop.ui.operations import undo_last
    from sector_desktop.ui.team.manager_view import StaffLoadTableModel

    ben = staff.add_staff(db, staff.StaffInput("Ben Ito"))
    cat = staff.add_staff(db, staff.StaffInput("Cat Wu"))
    with db.session() as s:
        s.add(Organization(name="Harbor Welding", kind="employer", assigned_staff_id=ben, tags=[]))
    add_action_item(db, "Call Harbor Welding", owner_staff_id=ben)
    ctx = AppContext(db=db, paths=paths, staff_id=cat)
    page = TeamPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.prepare_view("manager")
    model = page.manager.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert page.tabs.isTabVisible(1) and page.tabs.currentWidget() is page.manager  # no server: a manager
    columns = (StaffLoadTableModel.NAME, StaffLoadTableModel.OPEN, StaffLoadTableModel.EMPLOYERS)
    assert [model.text(model.row_at(0), c) for c in columns] == ["Ben Ito", "1", "1"]
    page.manager.table.selectRow(0)
    dialog = page.manager.open_reassign()
    assert (dialog.source.currentData(), dialog.target.currentData()) == (ben, cat)
    dialog.submit()
    qtbot.waitUntil(
        lambda: (
            "Moved 1 organization and 1 open action item from Ben Ito to Cat Wu."
            in page.manager.status.text()
        )
    )
    qtbot.waitUntil(lambda: model.text(model.row_at(1), StaffLoadTableModel.EMPLOYERS) == "1")

    def owners() -> tuple[set[str | None], set[str | None]]:
        with db.read_session() as s:
            return set(s.scalars(select(Organization.assigned_staff_id))), set(
                s.scalars(select(ActionItem.owner_staff_id))
            )

    assert owners() == ({cat}, {cat})
    assert ctx.undo.peek() is not None and ctx.undo.peek().label == "Reassign Ben Ito's work"
    undo_last(ctx)
    qtbot.waitUntil(lambda: owners() == ({ben}, {ben}))
