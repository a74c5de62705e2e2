"""The first run of a new profile asks for the office, the time zone and who you are (adding you to
the team); File → Settings… (Ctrl+,) is the same dialog; a bad answer is named and nothing is saved."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from sector_desktop import clock
from sector_desktop.services import staff
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import load_settings, me_setting, office_name, profile_timezone
from sector_desktop.ui.app import wants_welcome
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.team.settings_dialog import SettingsDialog


def dialog_for(qtbot, ctx: AppContext, first_run: bool) -> SettingsDialog:
    d = SettingsDialog(ctx, first_run=first_run)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.me.count() > 1)
    return d


def test_a_new_profile_is_welcomed_and_adds_me_to_the_team(qtbot, db: Database, paths: ProfilePaths) -> None:
    assert wants_welcome(paths)
    ctx = AppContext(db=db, paths=paths)
    d = dialog_for(qtbot, ctx, first_run=True)
    assert d.me.currentData() == "new" and d.new_name.isVisible() and d.connect_now.isVisible()
    assert d.zone.currentText() == clock.computer_zone_name()
    d.office.setText("Baltimore County Workforce Development")
    d.zone.setCurrentText("Mars/Olympus_Mons")
    d.new_name.setText("María López")
    d.submit()
    qtbot.waitUntil(d.error.isVisible)
    assert "'Mars/Olympus_Mons' is not a time zone" in d.error.text()
    assert load_settings(paths) == {} and staff.list_staff(db) == []
    d.zone.setCurrentText("America/Chicago")
    d.submit()
    qtbot.waitUntil(lambda: not d.isVisible())
    [me] = staff.list_staff(db)
    assert (me.name, me_setting(paths), ctx.staff_id) == ("María López", me.id, me.id)
    assert office_name(paths) == "Baltimore County Workforce Development"
    assert profile_timezone(paths) == "America/Chicago" == clock.zone_name()
    assert not wants_welcome(paths)


def test_later_is_not_asked_again(qtbot, db: Database, paths: ProfilePaths) -> None:
    d = dialog_for(qtbot, AppContext(db=db, paths=paths), first_run=True)
    d.reject()
    assert not wants_welcome(paths) and me_setting(paths) is None


def test_settings_from_the_file_menu_pick_an_existing_staff_member(
    qtbot, db: Database, paths: ProfilePaths
) -> None:
    sam = staff.add_staff(db, staff.StaffInput("Sam Lee", title="Sector Manager"))
    ctx = AppContext(db=db, paths=paths)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.menu_actions.settings.shortcut().toString() == "Ctrl+,"
    window.menu_actions.settings.trigger()
    d = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
    qtbot.waitUntil(lambda: d.me.findData(sam) >= 0)
    assert not d.connect_now.isVisible()
    d.me.setCurrentIndex(d.me.findData(sam))
    d.office.setText("Harbor City Workforce Office")
    d.submit()
    qtbot.waitUntil(lambda: ctx.staff_id == sam)
    assert me_setting(paths) == sam and office_name(paths) == "Harbor City Workforce Office"
    clock.use_zone(None)
