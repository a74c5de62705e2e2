"""End to end: the real `sector-server` subprocess and two or three client profiles, no mocks between."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from server_harness import BACKENDS, ServerProcess, running_server
from sqlalchemy import text

from sector_desktop.models import Organization
from sector_desktop.sync.client import export_unsent, open_conflicts, recent_changes, resolve_conflict
from sector_desktop.sync.client.state import read_state


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path_factory.mktemp(f"cli-srv-{request.param}")) as srv:
        srv.create_user("ana", PASSWORD, "admin")
        srv.create_user("ben", PASSWORD, "staff")
        yield srv


@pytest.fixture
def user(server: ServerProcess) -> str:
    return "ana"


@pytest.fixture
def laptops(
    tmp_path: Path, migrated_template: Path, server: ServerProcess, user: str
) -> Iterator[list[Laptop]]:
    install_memory_keyring()
    made = [make_laptop(tmp_path, migrated_template, server.url, name) for name in ("a", "b", "c")]
    yield made
    for lap in made:
        lap.close()


def add_org(lap: Laptop, name: str, **fields: object) -> str:
    with lap.db.session() as s:
        org = Organization(name=name, tags=[], **fields)
        s.add(org)
        s.flush()
        return org.id


def edit_org(lap: Laptop, org_id: str, **fields: object) -> None:
    with lap.db.session() as s:
        org = s.get(Organization, org_id)
        for k, v in fields.items():
            setattr(org, k, v)


def org(lap: Laptop, org_id: str) -> Organization:
    with lap.db.read_session() as s:
        found = s.get(Organization, org_id)
        assert found is not None
        return found


def test_an_organization_created_on_a_appears_on_b(laptops: list[Laptop], user: str) -> None:
    a, b, _ = laptops
    a.connect(user)
    b.connect(user)
    b.sync()  # a first pull is everybody's records, not "what changed while you were out"
    org_id = add_org(a, "Harbor Welding", city="Toledo", notes="Needs three welders")
    assert a.pending() > 0
    report = a.sync()
    assert report.ok, report.summary()
    assert a.pending() == 0
    assert report.sent > 0
    report = b.sync()
    assert report.ok, report.summary()
    got = org(b, org_id)
    assert (got.name, got.city, got.notes, got.tags) == (
        "Harbor Welding",
        "Toledo",
        "Needs three welders",
        [],
    )
    assert got.created_at == org(a, org_id).created_at
    assert b.pending() == 0, "changes applied by sync must not be echoed into the outbox"
    assert [r.row_id for r in recent_changes(b.db)] == [org_id]
    assert a.sync().sent == 0  # nothing new; own changes coming back are not re-sent


def test_edits_to_different_fields_merge(laptops: list[Laptop], user: str) -> None:
    a, b, _ = laptops
    a.connect(user)
    b.connect(user)
    org_id = add_org(a, "Lakeside Health")
    a.sync()
    b.sync()
    edit_org(a, org_id, city="Erie")
    edit_org(b, org_id, phone="555-0100")
    for lap in (a, b, a, b):
        assert lap.sync().ok
    for lap in (a, b):
        got = org(lap, org_id)
        assert (got.city, got.phone) == ("Erie", "555-0100")
    assert [c for c in open_conflicts(a.db)] == []


def test_same_field_edits_give_one_conflict_that_resolves_everywhere(
    laptops: list[Laptop], user: str
) -> None:
    a, b, _ = laptops
    a.connect(user)
    b.connect(user)
    org_id = add_org(a, "Summit Plastics", notes="first")
    a.sync()
    b.sync()
    edit_org(a, org_id, notes="A's notes")
    edit_org(b, org_id, notes="B's notes")
    a.sync()
    b.sync()
    a.sync()
    conflicts = open_conflicts(a.db)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert {c.current, c.other} == {"A's notes", "B's notes"}
    assert org(a, org_id).notes == org(b, org_id).notes == c.current
    assert [x.id for x in open_conflicts(b.db)] == [c.id]
    joined = resolve_conflict(a.db, c.id, "both")
    assert "A's notes" in joined and "B's notes" in joined
    a.sync()
    b.sync()
    assert org(b, org_id).notes == joined
    assert open_conflicts(a.db) == [] and open_conflicts(b.db) == []


def test_a_cleared_field_stays_cleared_and_deletes_are_tombstones(laptops: list[Laptop], user: str) -> None:
    a, b, _ = laptops
    a.connect(user)
    b.connect(user)
    org_id = add_org(a, "Gone Soon", notes="temporary")
    a.sync()
    b.sync()
    edit_org(b, org_id, notes=None)
    b.sync()
    a.sync()
    assert org(a, org_id).notes is None
    edit_org(a, org_id, deleted_at=org(a, org_id).created_at)
    a.sync()
    b.sync()
    assert org(b, org_id).deleted_at is not None


def test_revoked_device_keeps_its_changes(laptops: list[Laptop], user: str, server: ServerProcess) -> None:
    a, _, _ = laptops
    a.connect(user)
    a.sync()
    add_org(a, "Unsent")
    waiting = a.pending()
    done = server.admin("revoke-device", read_state(a.db.engine).device_id or "")
    assert done.returncode == 0, done.stderr
    report = a.sync()
    assert report.status == "revoked"
    assert "signed out by an administrator" in report.summary()
    assert a.pending() == waiting
    exported = a.paths.data_dir / "unsent.json"
    assert export_unsent(a.db, exported) == waiting
    names = [c["value"] for c in json.loads(exported.read_text())["unsent_changes"] if c["field"] == "name"]
    assert names == ["Unsent"]


def test_changes_of_another_user_are_held_back_not_reattributed(
    laptops: list[Laptop], user: str, server: ServerProcess
) -> None:
    a, b, _ = laptops
    a.connect(user)
    add_org(a, "Typed by the first user")
    other = "ben"
    a.connect(other)
    report = a.sync()
    assert report.held_back > 0 and "held back" in report.summary()
    assert "(ana)" in report.summary(), "the message names whose changes wait"
    b.connect(other)
    b.sync()
    names = {r["name"] for r in b.rows("organization", "name")}
    assert "Typed by the first user" not in names
    a.connect(user)
    assert a.sync().ok
    b.sync()
    assert "Typed by the first user" in {r["name"] for r in b.rows("organization", "name")}


def test_offline_is_a_status_not_an_error(laptops: list[Laptop], user: str) -> None:
    a, _, _ = laptops
    a.connect(user)
    with a.db.engine.begin() as conn:
        conn.execute(text("UPDATE sync_state SET server_url = 'http://127.0.0.1:9'"))
    report = a.sync(attempts=2)
    assert report.status == "offline"
    assert not report.ok


def test_a_database_restored_from_a_backup_is_not_taken_for_a_replay(
    laptops: list[Laptop], user: str
) -> None:
    import shutil

    from sector_desktop.store import open_database

    a, b, _ = laptops
    a.connect(user)
    b.connect(user)
    org_id = add_org(a, "Backed Up")
    assert a.sync().ok
    with a.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    backup = a.paths.data_dir / "backup.db"
    shutil.copy(a.paths.database, backup)
    for city in ("Erie", "Akron", "Dayton"):  # acknowledged after the backup was taken
        edit_org(a, org_id, city=city)
        assert a.sync().ok
    node_before = read_state(a.db.engine).node
    a.db.close()
    shutil.copy(backup, a.paths.database)
    for suffix in ("-wal", "-shm"):
        Path(f"{a.paths.database}{suffix}").unlink(missing_ok=True)
    a.db = open_database(a.paths.database)
    edit_org(a, org_id, notes="typed after the restore")
    report = a.sync()
    assert report.ok, report.summary()
    assert any("restored from a backup" in m for m in report.messages)
    assert read_state(a.db.engine).node != node_before, "a restored database gets a new identity"
    b.sync()
    assert org(b, org_id).notes == "typed after the restore", "new edits must not be dropped as replays"
    assert org(a, org_id).city == org(b, org_id).city == "Dayton", "the restored copy catches up"


def test_search_finds_every_record_a_bulk_pull_brought(
    laptops: list[Laptop], user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pull inserts new records without the per-row triggers and indexes them for search per
    page: the index holds exactly the pulled rows, and the triggers are back for later edits."""
    import datetime as dt

    from sector_desktop.models import Contact, Visit
    from sector_desktop.store.search import search
    from sector_desktop.sync.client import pull

    a, b, _ = laptops
    a.connect(user)
    b.connect(user)
    b.sync()
    a.sync()
    with a.db.session() as s:
        for i in range(40):
            org = Organization(name=f"Quarrystone Fabrication {i}", city="Findlay", tags=["zinnwaldite"])
            s.add(org)
            s.flush()
            s.add(Contact(organization_id=org.id, name=f"Marisol Okonkwo {i}", title="Plant manager"))
            s.add(
                Visit(
                    organization_id=org.id,
                    starts_at=dt.datetime(2026, 11, 2, 14, 0),
                    purpose="Hiring plans",
                    notes=f"Discussed the xylograph line {i}",
                )
            )
    assert a.sync().ok
    monkeypatch.setattr(pull, "PULL_LIMIT", 97)  # many pages, records cut across pages too
    report = b.sync()
    assert report.ok, report.summary()
    with b.db.read_session() as s:
        assert len(search(s, "Quarrystone", limit=100)) == 40
        assert len(search(s, "Okonkwo", limit=100)) == 40
        assert len(search(s, "xylograph", limit=100)) == 40
        assert len(search(s, "zinnwaldite", limit=100)) == 40
    with b.db.engine.begin() as conn:
        for t in ("organization", "contact", "visit"):
            conn.exec_driver_sql(f"INSERT INTO {t}_fts ({t}_fts) VALUES ('integrity-check')")
            indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {t}_fts").scalar()
            held = conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            assert indexed == held
        triggers = {
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert {"organization_ai", "sync_cap_organization_ins", "visit_ai", "sync_cap_visit_ins"} <= triggers
    # Edits after the pull are captured and indexed as always.
    org_id = next(
        r["id"] for r in b.rows("organization", "id, name") if r["name"] == "Quarrystone Fabrication 7"
    )
    edit_org(b, org_id, name="Tamarack Fabrication 7")
    assert b.pending() > 0
    with b.db.read_session() as s:
        assert [h.title for h in search(s, "Tamarack")] == ["Tamarack Fabrication 7"]
        assert len(search(s, "Quarrystone", limit=100)) == 39
