"""Failures 3 and 4 end to end: a laptop whose clock is a day fast, then set right, and a re-sent
edit from the future (real `sector-server` and `sector-desktop` processes; the fast clock is the
process's own wall clock, see sitecustomize.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, CliLaptop, cli_laptop
from server_harness import BACKENDS, Device, ServerProcess, running_server

DAY_MS = 24 * 3600 * 1000


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        srv.create_user("ben", PASSWORD, "staff")
        yield srv


def _city(lap: CliLaptop, org: str) -> str:
    return str(lap.query("SELECT city FROM organization WHERE id = :i", i=org)[0][0])


def _server_city(server: ServerProcess, org: str) -> str:
    viewer = Device(server.url)
    assert viewer.login("ben", PASSWORD, name="viewer").status_code == 200
    changes, _c, _ = viewer.pull_all()
    viewer.close()
    return str(next(c for c in changes if c["row_id"] == org and c["field"] == "city")["value"])


def _pair(server: ServerProcess, tmp_path: Path) -> tuple[CliLaptop, CliLaptop, str]:
    a, b = cli_laptop(tmp_path, "a"), cli_laptop(tmp_path, "b")
    a.import_organizations(tmp_path, [{"name": "Harbor Welding", "city": "Toledo"}])
    a.connect(server.url, "ana")
    b.connect(server.url, "ben")
    assert a.sync().returncode == 0 and b.sync().returncode == 0
    return a, b, a.query("SELECT id FROM organization")[0][0]


def test_a_fast_laptop_converges_and_orders_by_real_time_once_its_clock_is_set(
    server: ServerProcess, tmp_path: Path
) -> None:
    a, b, org = _pair(server, tmp_path)
    a.clock_offset_ms = DAY_MS
    a.set_org(org, city="Fast one")
    first = a.sync()
    assert first.returncode == 0 and "clock" in first.stdout and "ahead" in first.stdout
    assert a.status()["clock_warning"]
    assert b.sync().returncode == 0 and _city(b, org) == "Fast one"

    b.set_org(org, city="Ben's later one")
    assert b.sync().returncode == 0
    again = a.sync()  # still a day fast: it takes the colleague's newer value all the same
    assert again.returncode == 0 and _city(a, org) == "Ben's later one"
    assert "received 1" in again.stdout or "received 2" in again.stdout

    a.clock_offset_ms = 0  # the clock is set right
    fixed = a.sync()
    assert fixed.returncode == 0 and "ahead" not in fixed.stdout
    assert a.status()["clock_warning"] is None
    a.set_org(org, city="Ana, offline")  # typed now, sent later
    b.set_org(org, city="Ben, a minute later")
    assert b.sync().returncode == 0
    late = a.sync()
    assert late.returncode == 0 and "ahead" not in late.stdout
    # Ordered by when they were typed: Ben's later edit stays; Ana's is kept as a conflict.
    assert _server_city(server, org) == "Ben, a minute later"
    assert _city(a, org) == "Ben, a minute later"
    conflicts = a.run("conflicts", "list", "--json", check=True).stdout
    assert "Ana, offline" in conflicts
    # Its own changes no longer come back restamped as if they were news.
    a.set_org(org, notes="quiet")
    quiet = a.sync()
    assert "received 0" in quiet.stdout, quiet.stdout


def test_a_resent_edit_from_the_future_does_not_erase_a_newer_value(
    server: ServerProcess, tmp_path: Path
) -> None:
    a, b, org = _pair(server, tmp_path)
    a.clock_offset_ms = DAY_MS
    a.set_org(org, city="From the future")
    backup = tmp_path / "a-before-sync.db"
    shutil.copy(a.database, backup)  # the app was closed: the database is one file
    assert a.sync().returncode == 0
    assert b.sync().returncode == 0 and _city(b, org) == "From the future"
    b.set_org(org, city="Newer, from Ben")
    assert b.sync().returncode == 0

    shutil.copy(backup, a.database)  # a restored from a backup sends "From the future" again
    resent = a.sync()
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert _server_city(server, org) == "Newer, from Ben"
    assert _city(a, org) == "Newer, from Ben"
    assert b.sync().returncode == 0 and _city(b, org) == "Newer, from Ben"
