"""The setting "me" never names a missing staff record: a wipe forgets it and owes the first-run
welcome; a dangling id (a backup older than the record, one merged away) is nobody until it is back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from sector_desktop.models import StaffUser
from sector_desktop.services import profile_settings, staff
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import load_settings, me_setting, set_me, set_office_name, set_timezone
from sector_desktop.sync.client.wipe import wipe_profile


def test_a_dangling_me_is_nobody_until_the_record_is_back(db: Database, paths: ProfilePaths) -> None:
    ana = staff.add_staff(db, staff.StaffInput("Ana Ruiz"))
    set_me(paths, ana)
    assert profile_settings.my_staff_id(db, paths) == ana
    # A backup older than the record (or a record not pulled yet): the setting names nobody here.
    later = "0190aaaa-0000-7000-8000-000000000001"
    set_me(paths, later)
    assert profile_settings.my_staff_id(db, paths) is None
    said = profile_settings.get_setting(db, paths, "me")
    assert said.startswith(later) and "not on this laptop's team" in said
    assert me_setting(paths) == later, "kept: a pull that brings the record makes it me again"
    with db.session() as s:
        s.add(StaffUser(id=later, name="Lee Park", username="lee.park"))
    assert profile_settings.my_staff_id(db, paths) == later
    # Merged away: a tombstone is not "me" either.
    staff.merge_staff(db, later, ana)
    assert profile_settings.my_staff_id(db, paths) is None


def test_a_wipe_forgets_me_and_asks_the_welcome_again(db: Database, paths: ProfilePaths) -> None:
    ana = staff.add_staff(db, staff.StaffInput("Ana Ruiz"))
    profile_settings.save_profile_settings(
        db, paths, office_name="Harbor County Workforce", timezone="America/Chicago", me_id=ana
    )
    assert profile_settings.has_settings(paths) and me_setting(paths) == ana
    wipe_profile(db, paths)
    assert me_setting(paths) is None, "that staff record went with the database"
    assert not profile_settings.has_settings(paths), "the welcome asks who you are, as on a first run"
    settings = load_settings(paths)
    assert settings["office-name"] == "Harbor County Workforce" and settings["timezone"] == "America/Chicago"
    profile_settings.mark_welcomed(paths)  # answered, or "Later"
    assert profile_settings.has_settings(paths)


def test_a_profile_set_up_before_the_welcome_existed_is_not_welcomed_again(paths: ProfilePaths) -> None:
    set_office_name(paths, "Harbor County Workforce")
    set_timezone(paths, "America/New_York")
    assert profile_settings.has_settings(paths)


def test_commands_that_read_me_take_a_dangling_me_as_nobody(
    db: Database, paths: ProfilePaths, tmp_path: Path
) -> None:
    """`import placements` gives the retention checks to "me" when a row names no staff member: a
    staff record that is not here is nobody (the checks have no owner), not a link to a missing
    record, which the database refuses."""
    from visits_data import make_world

    from sector_desktop.cli import main
    from sector_desktop.models import ActionItem

    make_world(db)
    set_me(paths, "0190aaaa-0000-7000-8000-000000000001")
    rows = tmp_path / "placements.csv"
    rows.write_text(
        "Employer,Start date,SOC,Occupation,Starting wage,Full or part time,Cohort,Case number,Staff\n"
        "Riverside Clinic,2025-08-15,29-1141,,30,,,,\n",
        encoding="utf-8",
    )
    assert main(["--profile", str(paths.data_dir.parent), "import", "placements", str(rows)]) == 0
    with db.read_session() as s:
        owners = set(s.scalars(select(ActionItem.owner_staff_id)))
    assert owners == {None}
