"""A laptop restored from one of its own backups (`backup restore`) takes a new identity before it
syncs: the edits it made after the backup and the ones it makes after the restore all reach a
second laptop through the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from server_harness import BACKENDS, ServerProcess, running_server

from sector_desktop.models import Organization
from sector_desktop.store import backups, open_database
from sector_desktop.sync.client.restored import restore_from_backup


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        yield srv


def _add(lap: Laptop, *names: str) -> None:
    with lap.db.session() as s:
        for name in names:
            s.add(Organization(name=name, tags=[]))


def _names(lap: Laptop) -> set[str]:
    return {r["name"] for r in lap.rows("organization", "name") if r}


def test_backup_more_edits_restore_sync_loses_nothing(
    server: ServerProcess, tmp_path: Path, migrated_template: Path
) -> None:
    install_memory_keyring()
    a = make_laptop(tmp_path, migrated_template, server.url, "a")
    b = make_laptop(tmp_path, migrated_template, server.url, "b")
    a.connect("ana")
    _add(a, "Harbor Welding")
    assert a.sync(attachments=False).ok
    made = backups.back_up(a.db.path, a.paths.backups_dir, kind="manual", key=a.db.key)
    _add(a, "Crest Health", "Dune Freight")  # after the backup, and sent
    assert a.sync(attachments=False).ok

    a.close()
    said = restore_from_backup(a.paths, made.name)
    assert "restored from a backup" in said
    a.db = open_database(a.paths.database)
    assert _names(a) == {"Harbor Welding"}  # the backup's own state, until it syncs
    _add(a, "Evergreen Care")  # after the restore, numbered as the old identity's were
    report = a.sync(attachments=False)
    assert report.ok, report.summary()
    assert a.pending() == 0

    b.connect("ana")
    assert b.sync(attachments=False).ok
    expected = {"Harbor Welding", "Crest Health", "Dune Freight", "Evergreen Care"}
    assert _names(b) == expected
    assert _names(a) == expected
    _add(a, "Foundry Works")  # and it goes on under its new identity
    assert a.sync(attachments=False).ok and b.sync(attachments=False).ok
    assert "Foundry Works" in _names(b)
    a.close()
    b.close()
