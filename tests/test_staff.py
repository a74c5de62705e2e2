"""The team: staff members' services, `sector-desktop staff ...` and `settings get|set` (office-name,
timezone, me); bad input is named and changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from sector_desktop.cli import main
from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import StaffUser
from sector_desktop.services import staff
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import load_settings, me_setting


def run(paths: ProfilePaths, *args: str) -> int:
    return main(["--profile", str(paths.data_dir.parent), *args])


def count(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(StaffUser)) or 0


def test_add_edit_deactivate_keeps_every_field(db: Database) -> None:
    new_id = staff.add_staff(
        db,
        staff.StaffInput(
            "  María  López ",
            title="Business Services Rep",
            email="maria@example.org",
            phone="(410) 555-0142",
        ),
    )
    row = staff.get_staff(db, new_id)
    assert (row.name, row.username, row.title, row.email, row.phone, row.role, row.active) == (
        "María López", "maria.lopez", "Business Services Rep", "maria@example.org", "(410) 555-0142",
        "staff", True,
    )  # fmt: skip
    staff.update_staff(db, new_id, staff.StaffInput("María López", role="manager", phone="410-555-0199"))
    row = staff.get_staff(db, new_id)
    assert (row.role, row.phone, row.title) == ("manager", "410-555-0199", None)
    assert not staff.deactivate_staff(db, new_id).active
    assert [r.id for r in staff.list_staff(db, include_inactive=False)] == []


def test_bad_input_names_each_field_and_saves_nothing(db: Database) -> None:
    staff.add_staff(db, staff.StaffInput("Sam Lee"))
    with pytest.raises(ValidationError) as caught:
        staff.add_staff(db, staff.StaffInput("Samuel Lee", username="sam.lee", email="sam@", phone="12",
                                             role="boss"))  # fmt: skip
    problems = " ".join(caught.value.problems)
    for expected in (
        "User name: 'sam.lee' is already Sam Lee's",
        "E-mail: 'sam@'",
        "Phone: '12'",
        "Role: 'boss'",
    ):
        assert expected in problems
    assert count(db) == 1


def test_find_by_name_username_or_id_and_refuse_what_is_ambiguous(db: Database) -> None:
    a = staff.add_staff(db, staff.StaffInput("Chris Park", username="cpark"))
    staff.add_staff(db, staff.StaffInput("Chris Park", username="chris.park2"))
    assert staff.find_staff(db, "CPARK").id == a
    assert staff.find_staff(db, a).username == "cpark"
    with pytest.raises(ValidationError, match="several staff members"):
        staff.find_staff(db, "chris park")
    with pytest.raises(NotFound, match="No staff member is called 'Pat'"):
        staff.find_staff(db, "Pat")


def test_staff_cli_lists_adds_edits_and_deactivates(
    paths: ProfilePaths, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(paths, "staff", "add", "--name", "Dana Cruz", "--title", "Sector Manager", "--role", "manager",
               "--email", "dana@example.org", "--phone", "(410) 555-0100") == 0  # fmt: skip
    assert "Added Dana Cruz (dana.cruz)" in capsys.readouterr().out
    assert run(paths, "staff", "edit", "dana.cruz", "--title", "Director") == 0
    assert "title 'Director'" in capsys.readouterr().out
    assert run(paths, "settings", "set", "me", "Dana Cruz") == 0
    assert run(paths, "staff", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [(r["name"], r["title"], r["role"], r["phone"], r["me"]) for r in listed] == [
        ("Dana Cruz", "Director", "manager", "(410) 555-0100", True)
    ]
    assert run(paths, "staff", "deactivate", "dana.cruz") == 0
    assert "no longer active" in capsys.readouterr().out
    assert staff.list_staff(db)[0].active is False
    assert run(paths, "staff", "add", "--name", "X", "--email", "not-an-address") == 1
    assert "E-mail: 'not-an-address'" in capsys.readouterr().err
    assert count(db) == 1


def test_settings_get_and_set_check_each_key_and_value(
    paths: ProfilePaths, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = staff.add_staff(db, staff.StaffInput("Lee Gone", active=False))
    assert run(paths, "settings", "set", "office-name", "Baltimore County Workforce") == 0
    assert run(paths, "settings", "set", "timezone", "America/Chicago") == 0
    capsys.readouterr()
    assert run(paths, "settings", "get", "office-name") == 0
    assert run(paths, "settings", "get", "timezone") == 0
    assert capsys.readouterr().out.splitlines() == ["Baltimore County Workforce", "America/Chicago"]
    before = load_settings(paths)
    for args, message in (
        (
            ("set", "colour", "blue"),
            "There is no setting 'colour'; the settings are office-name, timezone, me",
        ),
        (("get", "colour"), "There is no setting 'colour'"),
        (("set", "timezone", "Mars/Olympus"), "'Mars/Olympus' is not a time zone"),
        (("set", "me", "nobody"), "No staff member is called 'nobody'"),
        (("set", "me", gone), "Lee Gone is no longer active"),
        (("set", "office-name", "  "), "The office name is empty"),
    ):
        assert run(paths, "settings", *args) == 1
        assert message in capsys.readouterr().err
    assert load_settings(paths) == before
    assert me_setting(paths) is None


def _outbox(db: Database, row_id: str) -> set[str]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT field FROM sync_outbox WHERE row_id = ?", (row_id,))
        return {r[0] for r in rows}


def test_merge_moves_every_reference_and_fills_blank_contact_fields(db: Database) -> None:
    from sector_desktop.models import ActionItem, Organization, Visit
    from sector_desktop.store.capture import mark_all_as_baseline

    kept = staff.add_staff(db, staff.StaffInput("Ben Ito", username="ben"))
    synced_dup = staff.add_staff(db, staff.StaffInput("B. Ito", username="bito", title="Rep"))
    mark_all_as_baseline(db.engine)  # both as if a server had them
    local = staff.add_staff(db, staff.StaffInput("Ben Ito", phone="(410) 555-0142"))  # this laptop's only
    with db.session() as s:
        org = Organization(name="Harbor Welding", tags=[], assigned_staff_id=local)
        s.add(org)
        s.flush()
        s.add(Visit(organization_id=org.id, starts_at=dt.datetime(2026, 3, 2, 14), staff_id=local))
        s.add(ActionItem(text="Call back", owner_staff_id=synced_dup))

    merged = staff.merge_staff(db, local, kept)
    assert merged.local_only and merged.moved == {"organization": 1, "visit": 1}
    assert merged.filled == ("phone",) and staff.get_staff(db, kept).phone == "(410) 555-0142"
    assert _outbox(db, local) == set(), "a record no server has is not sent only to be deleted"
    again = staff.merge_staff(db, synced_dup, kept)
    assert not again.local_only and again.moved == {"action_item": 1} and again.filled == ("title",)
    assert "deleted_at" in _outbox(db, synced_dup), "a synced duplicate's tombstone reaches every laptop"
    assert [r.id for r in staff.list_staff(db)] == [kept]
    with pytest.raises(NotFound):
        staff.merge_staff(db, local, kept)


def test_link_after_sign_in_merges_the_same_person_and_asks_about_another(db: Database) -> None:
    from sector_desktop.store.capture import mark_all_as_baseline

    account = staff.add_staff(db, staff.StaffInput("María López", username="mlopez"))
    mark_all_as_baseline(db.engine)  # arrived from the server at sign-in
    me = staff.add_staff(db, staff.StaffInput("maria  lopez"))
    assert staff.link_after_sign_in(db, me, account).action == "merged"
    other = staff.add_staff(db, staff.StaffInput("Sam Lee"))
    asked = staff.link_after_sign_in(db, other, account)
    assert asked.action == "ask" and "staff merge sam.lee --into mlopez" in asked.message()
    assert staff.link_after_sign_in(db, other, account, merge=False).action == "kept"
    assert len(staff.list_staff(db)) == 2
    assert staff.link_after_sign_in(db, account, account).action == "none"


def test_staff_changes_on_a_synced_laptop_are_a_managers(db: Database, paths: ProfilePaths, capsys) -> None:
    """As the Team page and the server: signed in to a server, a staff member's laptop refuses
    `staff add|edit|deactivate|merge` with a message that says why, and changes nothing, but merges a
    duplicate that never left it; a manager's does them all. A laptop with no server keeps its own team
    (the tests above)."""
    from sector_desktop.store.capture import mark_all_as_baseline
    from sector_desktop.store.settings import set_me
    from sector_desktop.sync.client.state import update_state

    sam = staff.add_staff(db, staff.StaffInput("Sam Lee"))
    dup = staff.add_staff(db, staff.StaffInput("S. Lee", username="slee"))
    mark_all_as_baseline(db.engine)  # both as if a server had them
    with db.engine.begin() as conn:
        update_state(conn, server_url="https://sync.example.org", device_id="d1", user_id="u1")
    before = [(r.id, r.name, r.active) for r in staff.list_staff(db)]
    capsys.readouterr()
    assert run(paths, "staff", "merge", "slee", "--into", "sam.lee") == 1
    assert "this laptop does not know who you are" in capsys.readouterr().err
    set_me(paths, sam)
    for args in (("merge", "slee", "--into", "sam.lee"), ("add", "--name", "Kim Ode"),
                 ("edit", "slee", "--title", "Rep"), ("deactivate", "slee")):  # fmt: skip
        assert run(paths, "staff", *args) == 1
        err = capsys.readouterr().err
        assert f"`staff {args[0]}` changes staff records" in err and "you are Sam Lee, Staff" in err
    assert [(r.id, r.name, r.active) for r in staff.list_staff(db)] == before
    assert run(paths, "staff", "list") == 0, "reading the team is anyone's"
    first_run = staff.add_staff(db, staff.StaffInput("Sammy Lee"))  # never synced: the sign-in's advice
    assert run(paths, "staff", "merge", "sammy.lee", "--into", "sam.lee") == 0
    assert first_run not in {r.id for r in staff.list_staff(db)}
    staff.update_staff(db, sam, staff.StaffInput("Sam Lee", role="manager"))
    assert run(paths, "staff", "merge", "slee", "--into", "sam.lee") == 0
    assert [r.id for r in staff.list_staff(db)] == [sam] and dup not in {r.id for r in staff.list_staff(db)}


def test_report_day_without_staff_is_mine_only_when_my_record_is_here(
    db: Database, paths: ProfilePaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report day` without --staff prints the day of "me" only when that staff record is live on this
    laptop: a deleted or missing "me" is nobody, and the error says how to choose yourself; naming a
    staff member on the command line still works."""
    from sector_desktop.store.settings import set_me

    gone = staff.add_staff(db, staff.StaffInput("Dana Cruz"))
    staff.add_staff(db, staff.StaffInput("Sam Lee"))
    with db.session() as s:
        s.get_one(StaffUser, gone).deleted_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    out = paths.data_dir.parent / "day.pdf"
    for me in (gone, "not-on-this-laptop"):
        set_me(paths, me)
        capsys.readouterr()
        assert run(paths, "report", "day", "--out", str(out)) == 1
        assert "This laptop does not know who you are: choose yourself with `settings set me NAME`" in (
            capsys.readouterr().err
        )
        assert not out.exists()
    assert run(paths, "report", "day", "--staff", "Sam Lee", "--out", str(out)) == 0
    assert out.exists()
