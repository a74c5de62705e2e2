"""Failure 2 end to end: a laptop restored from a backup (its whole profile folder, or only its
database) never loses the edits it makes afterwards (real `sector-server` and `sector-desktop`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, CliLaptop, cli_laptop
from server_harness import BACKENDS, ServerProcess, running_server


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        yield srv


def _names(lap: CliLaptop) -> set[str]:
    return {r[0] for r in lap.query("SELECT name FROM organization WHERE deleted_at IS NULL")}


@pytest.mark.parametrize("what", ["profile, keyring kept", "profile and keyring", "database only"])
def test_edits_made_after_a_restore_reach_every_laptop(
    server: ServerProcess, tmp_path: Path, what: str
) -> None:
    a, b = cli_laptop(tmp_path, "a"), cli_laptop(tmp_path, "b")
    a.import_organizations(tmp_path, [{"name": "Harbor Welding", "city": "Toledo"}])
    a.connect(server.url, "ana")
    assert a.sync().returncode == 0
    backup = tmp_path / "backup"
    a.copy_profile_to(backup)
    shutil.copy(a.keyring_file, tmp_path / "keyring-backup.json")

    a.import_organizations(
        tmp_path, [{"name": "Crest Health", "city": "Erie"}, {"name": "Dune Freight", "city": "Akron"}]
    )
    assert a.sync().returncode == 0

    if what == "database only":
        shutil.copy(backup / "data" / "sector.db", a.database)
    else:
        a.restore_profile_from(backup)
        if what == "profile and keyring":  # nothing on the laptop remembers what was sent since
            shutil.copy(tmp_path / "keyring-backup.json", a.keyring_file)
    a.import_organizations(tmp_path, [{"name": "Evergreen Care", "city": "Parma"}])
    a.import_organizations(tmp_path, [{"name": "Foundry Works", "city": "Lima"}])
    done = a.sync()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "restored from a backup" in done.stdout
    assert a.status()["waiting_total"] == 0

    b.connect(server.url, "ana")
    assert b.sync().returncode == 0
    expected = {"Harbor Welding", "Crest Health", "Dune Freight", "Evergreen Care", "Foundry Works"}
    assert _names(b) == expected
    assert a.sync().returncode == 0
    assert _names(a) == expected
    # The restored laptop goes on under its new identity: a later edit travels too.
    a.import_organizations(tmp_path, [{"name": "Granite Labs", "city": "Kent"}])
    assert a.sync().returncode == 0 and b.sync().returncode == 0
    assert "Granite Labs" in _names(b)
