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


def test_merge_into_moves_the_duplicates_visits_to_the_kept_person(
    qtbot, db: Database, paths: ProfilePaths
) -> None:
    """Merge into… on the Team page: pick the one to keep, read what will move, confirm; the
    duplicate leaves the list, its visit shows under the kept person, "me" follows, Undo takes it back."""
    import datetime as dt

    from PySide6.QtWidgets import QMainWindow

    from sector_desktop.models import Organization, Visit
    from sector_desktop.store.capture import mark_all_as_baseline
    from sector_desktop.store.settings import set_me
    from sector_desktop.ui.operations import undo_last
    from sector_desktop.ui.palette import collect_commands
    from sector_desktop.ui.team.merge_dialog import MergeStaffDialog
    from sector_desktop.ui.visits.page import VisitsPage
    from sector_desktop.ui.visits.table_model import VisitsTableModel

    ben = staff.add_staff(db, staff.StaffInput("Ben Ito", username="ben"))
    dup = staff.add_staff(db, staff.StaffInput("Ben Itō", username="bito", phone="(410) 555-0142"))
    cat = staff.add_staff(db, staff.StaffInput("Cat Wu"))
    with db.session() as s:
        org = Organization(name="Harbor Welding", kind="employer", tags=[])
        s.add(org)
        s.flush()
        s.add(Visit(organization_id=org.id, starts_at=dt.datetime(2026, 3, 2, 14), staff_id=dup))
    mark_all_as_baseline(db.engine)  # all of them synced: the merge syncs a tombstone
    ctx = AppContext(db=db, paths=paths, staff_id=dup)
    set_me(paths, dup)
    window = QMainWindow()
    page, visits = TeamPage(ctx), VisitsPage(ctx)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    qtbot.addWidget(visits)
    window.show()
    qtbot.waitUntil(lambda: names(page) == ["Ben Ito", "Ben Itō (me)", "Cat Wu"])
    qtbot.waitUntil(lambda: visits.count_label.text() == "1 visit")

    def staff_of_visit() -> str:
        return str(visits.model.index(0, VisitsTableModel.STAFF).data())

    assert staff_of_visit() == "Ben Itō"
    page.table.selectRow(1)
    merge = page.commands["mergeStaff"]
    assert page.merge_button.isVisible() and merge.isEnabled()
    assert "Team: Merge into" in [c.label for c in collect_commands(window, page, "Team")]
    merge.trigger()  # the button, the list's context menu and the palette all trigger this action
    dialog = page.findChild(MergeStaffDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.kept_id() == ben, "the same name first: likely the one to keep"
    assert [dialog.keep.itemData(i) for i in range(dialog.keep.count())] == [ben, cat]
    qtbot.waitUntil(dialog.merge_button.isEnabled)
    said = dialog.what.text()
    assert "moves to <b>Ben Ito</b>: 1 visit." in said and "on every laptop at the next sync" in said
    assert "Edit → Undo takes the merge back" in said and "it will work as Ben Ito" in said
    dialog.merge_button.click()

    qtbot.waitUntil(lambda: names(page) == ["Ben Ito (me)", "Cat Wu"])
    qtbot.waitUntil(lambda: staff_of_visit() == "Ben Ito")
    assert not dialog.isVisible()
    assert "Ben Itō and Ben Ito are one staff member now: 1 visit moved to Ben Ito." in page.status.text()
    assert me_setting(paths) == ben == ctx.staff_id
    assert staff.get_staff(db, ben).phone == "(410) 555-0142"

    assert ctx.undo.peek() is not None and ctx.undo.peek().label == "Merge Ben Itō into Ben Ito"
    undo_last(ctx)
    qtbot.waitUntil(lambda: names(page) == ["Ben Ito (me)", "Ben Itō", "Cat Wu"])
    qtbot.waitUntil(lambda: staff_of_visit() == "Ben Itō")


def test_merge_refusals_show_in_the_dialog(qtbot, db: Database, paths: ProfilePaths) -> None:
    """The one to keep was merged away meanwhile (here or by sync): the dialog says so and nothing
    moves; a record only this laptop had is merged without an undo step, and the dialog says why."""
    from sector_desktop.ui.team.merge_dialog import MergeStaffDialog

    ana = staff.add_staff(db, staff.StaffInput("Ana Ruiz"))
    dup = staff.add_staff(db, staff.StaffInput("A. Ruiz"))  # never synced
    cat = staff.add_staff(db, staff.StaffInput("Cat Wu"))
    ctx = AppContext(db=db, paths=paths)
    page = TeamPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: len(names(page)) == 3)
    page.table.selectRow(0)  # A. Ruiz
    dialog = page.merge_selected()
    assert isinstance(dialog, MergeStaffDialog) and dialog.duplicate.id == dup
    dialog.keep.setCurrentIndex(dialog.keep.findData(cat))
    qtbot.waitUntil(dialog.merge_button.isEnabled)
    assert "never synced" in dialog.what.text() and "cannot be undone" in dialog.what.text()
    staff.merge_staff(db, cat, ana)  # meanwhile, by sync
    dialog.merge_button.click()
    qtbot.waitUntil(dialog.error.isVisible)
    assert "Not merged: Cat Wu (the one to keep) is no longer on the team" in dialog.error.text()
    assert dialog.isVisible() and staff.get_staff(db, dup).name == "A. Ruiz"
    dialog.keep.setCurrentIndex(dialog.keep.findData(ana))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: names(page) == ["Ana Ruiz"])
    assert ctx.undo.peek() is None



def test_only_a_manager_may_merge_on_a_laptop_signed_in_to_a_server(
    qtbot, db: Database, paths: ProfilePaths
) -> None:
    """As the server rules (sync/server/team.py): a staff account cannot change staff records, so
    its laptop shows no Merge into… (nor Add, Edit, Deactivate); a manager's does."""
    from sector_desktop.sync.client.state import update_state

    sam = staff.add_staff(db, staff.StaffInput("Sam Lee", role="manager"))
    ana = staff.add_staff(db, staff.StaffInput("Ana Ruiz"))
    with db.engine.begin() as conn:
        update_state(conn, server_url="https://sync.example.org", device_id="d1", user_id="u1")
    for me, may in ((ana, False), (sam, True)):
        page = TeamPage(AppContext(db=db, paths=paths, staff_id=me))
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda p=page: p.data is not None and len(names(p)) == 2)
        page.table.selectRow(0)
        merge = page.commands["mergeStaff"]
        assert (merge.isVisible(), merge.isEnabled(), page.merge_button.isVisible()) == (may, may, may)
        assert page.add_button.isVisible() == may


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
