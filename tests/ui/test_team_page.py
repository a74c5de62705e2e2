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


def test_a_dangling_me_is_nobody_until_a_pull_brings_the_record_back(
    qtbot, db: Database, paths: ProfilePaths
) -> None:
    """A profile restored from a backup older than "me"'s staff record: the pages show nobody as
    "me" and say why; when a sync brings the record, it is "me" again everywhere."""
    from sector_desktop.models import StaffUser
    from sector_desktop.store.settings import set_me
    from sector_desktop.ui.context import context_for, open_profile_data
    from sector_desktop.ui.operations import Changes, announce

    staff.add_staff(db, staff.StaffInput("Sam Lee"))
    later = "0190aaaa-0000-7000-8000-000000000001"
    set_me(paths, later)
    ctx = context_for(open_profile_data(paths))  # as the window opens a profile
    assert ctx.staff_id is None
    page, items = TeamPage(ctx), ActionItemsPage(ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(items)
    page.show()
    qtbot.waitUntil(lambda: "is not on its team now" in page.me_label.text())
    assert names(page) == ["Sam Lee"] and not items.view_buttons["mine"].isEnabled()
    with ctx.db.session() as s:  # what a pull writes (uncaptured there), then announces
        s.add(StaffUser(id=later, name="Lee Park", username="lee.park"))
    announce(ctx, Changes.of("staff_user", later))
    qtbot.waitUntil(lambda: names(page) == ["Lee Park (me)", "Sam Lee"])
    assert ctx.staff_id == later and items.view_buttons["mine"].isEnabled()
    assert "This laptop works as Lee Park" in page.me_label.text()
    ctx.db.close()


def test_after_a_wipe_the_welcome_asks_who_you_are(qtbot, demo_ctx: AppContext) -> None:
    """Wiped at the server's request, the window reopens the empty profile: nobody is "me" (that
    staff record went with the data), and the welcome asks who you are, as on a first run."""
    from PySide6.QtWidgets import QMessageBox

    from sector_desktop.sync.client.wipe import wipe_profile
    from sector_desktop.ui.main_window import MainWindow
    from sector_desktop.ui.sync.controller import controller_for
    from sector_desktop.ui.team.settings_dialog import SettingsDialog

    paths = demo_ctx.paths
    assert demo_ctx.staff_id is not None and me_setting(paths) == demo_ctx.staff_id
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    team = window.show_section("team")
    assert isinstance(team, TeamPage)
    qtbot.waitUntil(lambda: "This laptop works as" in team.me_label.text())
    controller_for(demo_ctx).wiped.emit(wipe_profile(demo_ctx.db, paths))

    def welcome() -> SettingsDialog | None:
        found = [d for d in window.findChildren(SettingsDialog) if d.first_run and d.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: welcome() is not None, timeout=60_000)
    assert window.ctx is not demo_ctx and window.ctx.staff_id is None and me_setting(paths) is None
    page = window.stack.currentWidget()
    assert isinstance(page, TeamPage) and page is not team
    qtbot.waitUntil(lambda: "No staff members yet" in page.me_label.text())
    told = window.findChild(QMessageBox, "laptopWiped")
    assert told is not None and told.isVisible()
    d = welcome()
    assert d is not None
    qtbot.waitUntil(lambda: d.me.isEnabled())
    assert d.me.currentData() == "new" and d.connect_now.isVisible()
    d.new_name.setText("María López")
    d.submit()
    qtbot.waitUntil(lambda: names(page) == ["María López (me)"])
    assert window.ctx.staff_id == me_setting(paths) is not None
    window.ctx.db.close()
