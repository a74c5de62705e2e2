"""One person, one staff record, with a real `sector-server` process and real `sector-desktop`
laptops over HTTP: on first run Ben adds himself to the team ("Someone new: add me"), logs a visit
and owns an action item offline, then signs in to the server as `ben`. He stays one staff member
(the account's), his visit and item point at him on every laptop, his title and phone typed on the
laptop are kept, and nothing is refused. His second laptop does the same and joins the same record.
A laptop whose self record has another name than the account keeps both and says how to merge;
`staff merge` then makes them one.
"""

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
    from sector_desktop.store import profile_paths
    from sector_desktop.store.settings import me_setting

    return me_setting(profile_paths(lap.profile)) or ""


def people(lap: CliLaptop) -> list[tuple[str, str | None, str | None]]:
    """(name, title, phone) of every live staff record, in name order."""
    rows = lap.query("SELECT name, title, phone FROM staff_user WHERE deleted_at IS NULL ORDER BY name")
    return [tuple(r) for r in rows]  # type: ignore[misc]


def first_run_as(lap: CliLaptop, name: str, **details: str) -> str:
    """The first-run welcome's "Someone new: add me to the team", then work done offline as them."""
    extra = [a for k, v in details.items() for a in (f"--{k}", v)]
    added = lap.run("staff", "add", "--name", name, *extra, check=True).stdout  # "Added … ID."
    lap.run("settings", "set", "me", added.split()[-1].rstrip("."), check=True)
    lap.python(
        "import datetime as dt\n"
        "from sector_desktop.models import Organization, Visit\n"
        "from sector_desktop.services.action_items import add_action_item\n"
        "from sector_desktop.store.settings import me_setting\n"
        f"me = me_setting(profile_paths({str(lap.profile)!r}))\n"
        "with db.session() as s:\n"
        f"    org = Organization(name='Harbor Welding ({name})', tags=[])\n"
        "    s.add(org)\n"
        "    s.flush()\n"
        "    s.add(Visit(organization_id=org.id, starts_at=dt.datetime(2026, 3, 2, 14), staff_id=me))\n"
        f"add_action_item(db, 'Send {name} the CNC cohort dates', owner_staff_id=me)\n"
    )
    return me(lap)


def owners(lap: CliLaptop) -> set[str]:
    """The staff ids the laptop's visits and action items point at."""
    visits = lap.query("SELECT staff_id FROM visit WHERE deleted_at IS NULL")
    items = lap.query("SELECT owner_staff_id FROM action_item WHERE deleted_at IS NULL")
    return {r[0] for r in visits + items}


def synced(*laps: CliLaptop) -> None:
    for lap in laps:
        done = lap.sync()
        assert done.returncode == 0, done.stdout + done.stderr
        assert not lap.query("SELECT tbl, field, reason FROM sync_failed"), done.stdout


@pytest.mark.timeout(900)
def test_signing_in_links_the_person_added_on_first_run(server: ServerProcess, tmp_path: Path) -> None:
    dana = cli_laptop(tmp_path, "dana")
    dana.connect(server.url, "dana")
    ben = cli_laptop(tmp_path, "ben")
    local_ben = first_run_as(ben, "Ben Ito", title="Business Services Rep", phone="(410) 555-0142")

    ben.connect(server.url, "ben")
    users = {u["username"]: u for u in map(json.loads, server.admin("list-users").stdout.splitlines())}
    account = users["ben"]["staff_id"]
    # Signed in: one Ben Ito, the account's, at once (before any sync), with his work pointing at him.
    assert people(ben) == [("Ben Ito", "Business Services Rep", "(410) 555-0142")]
    assert me(ben) == account != local_ben
    assert owners(ben) == {account}

    synced(ben, dana)
    for lap in (ben, dana):
        names = [p for p in people(lap) if p[0] == "Ben Ito"]
        assert names == [("Ben Ito", "Business Services Rep", "(410) 555-0142")], lap.profile
    assert owners(dana) == {account}
    assert not dana.query("SELECT id FROM staff_user WHERE id = :i", i=local_ben)

    # His second laptop: the same first run, then the same sign-in joins the same record.
    ben2 = cli_laptop(tmp_path, "ben2")
    first_run_as(ben2, "ben  ito")  # typed differently: still him
    ben2.connect(server.url, "ben")
    synced(ben2, dana)
    assert me(ben2) == account
    assert [p[0] for p in people(dana)].count("Ben Ito") == 1
    assert owners(dana) == {account}
    assert len(dana.query("SELECT id FROM visit WHERE staff_id = :a", a=account)) == 2


@pytest.mark.timeout(900)
def test_signing_in_as_someone_else_keeps_both_and_says_how_to_merge(
    server: ServerProcess, tmp_path: Path
) -> None:
    lap = cli_laptop(tmp_path, "shared")
    catherine = first_run_as(lap, "Catherine Wu")
    said = lap.run(
        "connect", server.url, "--user", "cat", "--password-stdin", stdin=PASSWORD + "\n", check=True
    ).stdout
    assert "This laptop worked as Catherine Wu" in said and "staff merge catherine.wu --into cat" in said
    assert [p[0] for p in people(lap)] == ["Cat Wu", "Catherine Wu"]
    assert owners(lap) == {catherine}  # nothing moved without her say

    merged = lap.run("staff", "merge", "catherine.wu", "--into", "cat", check=True).stdout
    assert "1 visit" in merged and "1 action item" in merged
    synced(lap)
    assert [p[0] for p in people(lap)] == ["Cat Wu"]
    assert owners(lap) == {me(lap)}
