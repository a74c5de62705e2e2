"""The team end to end, with a real `sector-server` process and real `sector-desktop` laptops:
signing in makes "me" the account's staff member (created from its display name); two laptops each
see their own "Mine"; a manager reassigns a colleague's employers and open items and the colleague's
laptop shows them after a sync; a staff-role account's push of a role change is refused; an
administrator's set-role reaches the laptops; a disabled account's laptop is refused like a revoked one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, CliLaptop, cli_laptop
from server_harness import BACKENDS, ServerProcess, running_server

USERS = (("dana", "Dana Cruz", "manager"), ("ben", "Ben Ito", "staff"), ("cat", "Cat Wu", "staff"))


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    from sector_desktop.sync.server.auth import create_user
    from sector_desktop.sync.server.db import make_engine

    with running_server(request.param, tmp_path / "srv") as srv:
        engine = make_engine(srv.database_url)
        for username, name, role in USERS:
            create_user(engine, username, PASSWORD, role, name)
        engine.dispose()
        yield srv


def me(lap: CliLaptop) -> str:
    """The staff id this laptop works as (its settings file, as `settings get me` reads it)."""
    from sector_desktop.store import profile_paths
    from sector_desktop.store.settings import me_setting

    return me_setting(profile_paths(lap.profile)) or ""


def staff(lap: CliLaptop) -> dict[str, dict]:
    rows = lap.query("SELECT id, username, name, role FROM staff_user WHERE deleted_at IS NULL")
    return {u: {"id": i, "name": n, "role": r} for i, u, n, r in rows}


def mine(lap: CliLaptop) -> list[str]:
    """The texts of the open action items on this laptop's "Mine" (its me's open items)."""
    rows = lap.query(
        "SELECT text FROM action_item WHERE owner_staff_id = :me AND status = 'open' AND deleted_at IS NULL",
        me=me(lap),
    )
    return sorted(r[0] for r in rows)


def add_item(lap: CliLaptop, text: str, owner: str) -> None:
    lap.python(
        "from sector_desktop.services.action_items import add_action_item\n"
        f"add_action_item(db, {text!r}, owner_staff_id={owner!r})\n"
    )


def synced(*laps: CliLaptop) -> None:
    for lap in laps:
        done = lap.sync()
        assert done.returncode == 0, done.stdout + done.stderr


# About thirty real `sector-desktop` and `sector-server` processes, each starting Python: on a busy
# two-core machine that alone can pass the suite's five minutes. No figure of time is asserted.
@pytest.mark.timeout(900)
def test_sign_in_mine_reassignment_and_roles(server: ServerProcess, tmp_path: Path) -> None:
    dana, ben, cat = (cli_laptop(tmp_path, name) for name, _n, _r in USERS)
    for lap, (username, _name, _role) in zip((dana, ben, cat), USERS, strict=True):
        lap.connect(server.url, username)
    synced(dana, ben, cat)  # the server made the three staff records at sign-in
    team = staff(dana)
    assert {u: (r["name"], r["role"]) for u, r in team.items()} == {
        "dana": ("Dana Cruz", "manager"), "ben": ("Ben Ito", "staff"), "cat": ("Cat Wu", "staff"),
    }  # fmt: skip
    assert (me(dana), me(ben), me(cat)) == (team["dana"]["id"], team["ben"]["id"], team["cat"]["id"])
    users = [json.loads(line) for line in server.admin("list-users").stdout.splitlines()]
    assert {u["username"]: u["staff_id"] for u in users} == {u: team[u]["id"] for u in team}

    # Each laptop's "Mine" is its own staff member's.
    add_item(ben, "Call Harbor Welding about the CNC cohort", me(ben))
    add_item(cat, "Send Bayline the apprenticeship standards", me(cat))
    org = dana.add_org("Harbor Welding", kind="employer", assigned_staff_id=team["ben"]["id"])
    synced(ben, cat, dana, cat)
    assert mine(ben) == ["Call Harbor Welding about the CNC cohort"]
    assert mine(cat) == ["Send Bayline the apprenticeship standards"]

    # Ben goes on leave: his manager gives his employers and open items to Cat.
    moved = dana.run("staff", "reassign", "ben", "--to", "cat", check=True).stdout
    assert "Moved 1 organization and 1 open action item from Ben Ito to Cat Wu." in moved
    synced(dana, cat)
    assert mine(cat) == [
        "Call Harbor Welding about the CNC cohort",
        "Send Bayline the apprenticeship standards",
    ]
    assigned = cat.query("SELECT assigned_staff_id FROM organization WHERE id = :o", o=org)
    assert assigned == [(team["cat"]["id"],)]
    # "What changed while you were out" on Cat's laptop names the colleague and the field.
    recent = cat.python(
        "from sector_desktop.sync.client.conflicts import recent_changes\n"
        f"print(next((c.author, c.changed) for c in recent_changes(db) if c.row_id == {org!r}))\n"
    )
    assert recent.strip() == "('Dana Cruz', ('assigned staff',))"

    # A staff-role account may not change staff records: Ben making himself an admin is refused.
    ben.python(
        "from sector_desktop.models import StaffUser\n"
        "with db.session() as s:\n"
        f"    s.get(StaffUser, {team['ben']['id']!r}).role = 'admin'\n"
    )
    refused = ben.sync()
    assert "a staff account cannot change staff records" in refused.stdout + refused.stderr
    synced(dana)
    assert staff(dana)["ben"]["role"] == "staff"
    assert json.loads(server.admin("list-users").stdout.splitlines()[0])["role"] == "staff"  # ben

    # Roles come from the server: an administrator's set-role reaches every laptop.
    assert server.admin("set-role", "cat", "manager").returncode == 0
    synced(cat)
    assert staff(cat)["cat"]["role"] == "manager"

    # A disabled account's laptop is refused like a revoked one; enabled again, it syncs.
    assert server.admin("disable-user", "cat").returncode == 0
    out = cat.sync()
    assert out.returncode != 0 and "disabled by an administrator" in out.stdout + out.stderr
    assert server.admin("enable-user", "cat").returncode == 0
    synced(cat)
