"""Change capture: every insert, update, clear and delete of a synced table lands in the outbox."""

from __future__ import annotations

import json

from sqlalchemy import insert, text

from sector_desktop.models import Organization, synced_tables
from sector_desktop.store import Database
from sector_desktop.store.capture import capture_suspended, mark_all_as_baseline


def outbox(db: Database) -> list[dict]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM sync_outbox ORDER BY seq")).mappings().all()
    return [dict(r) for r in rows]


def add_org(db: Database, name: str = "Harbor Welding") -> str:
    with db.session() as s:
        org = Organization(name=name, tags=["weld"])
        s.add(org)
        s.flush()
        return org.id


def test_insert_writes_every_field_with_one_node_and_no_base(db: Database) -> None:
    org_id = add_org(db)
    rows = outbox(db)
    fields = {r["field"]: json.loads(r["value"]) for r in rows}
    columns = {c.name for c in Organization.__table__.columns} - {"id"}
    assert set(fields) == columns
    assert fields["name"] == "Harbor Welding"
    assert fields["tags"] == ["weld"]
    assert fields["notes"] is None
    assert "T" in fields["created_at"]  # ISO 8601 on the wire
    assert {r["row_id"] for r in rows} == {org_id}
    assert all(r["base_hlc"] is None for r in rows)
    assert len({(r["hlc"], r["node"]) for r in rows}) == 1  # a new row is one event: one clock
    org2 = add_org(db, "Second")
    second = {r["hlc"] for r in outbox(db) if r["row_id"] == org2}
    assert len(second) == 1 and next(iter(second)) > rows[0]["hlc"], "clocks increase"


def test_update_and_clear_capture_only_changed_fields_with_their_base(db: Database) -> None:
    org_id = add_org(db)
    with db.session() as s:
        s.get(Organization, org_id).notes = "Needs welders"
    with db.session() as s:
        s.get(Organization, org_id).notes = None  # clearing is a change like any other
    rows = [r for r in outbox(db) if r["field"] == "notes"]
    assert [json.loads(r["value"]) for r in rows] == [None, "Needs welders", None]
    assert rows[1]["base_hlc"] == rows[0]["hlc"]
    assert rows[2]["base_hlc"] == rows[1]["hlc"]
    updated = {r["field"] for r in outbox(db)[len(Organization.__table__.columns) - 1 :]}
    assert updated == {"notes", "updated_at"}


def test_soft_and_hard_deletes_travel_as_tombstones(db: Database) -> None:
    a, b = add_org(db, "A"), add_org(db, "B")
    with db.session() as s:
        s.get(Organization, a).deleted_at = s.get(Organization, a).created_at
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM organization WHERE id = :id"), {"id": b})
    tombstones = [r for r in outbox(db) if r["field"] == "deleted_at" and json.loads(r["value"])]
    assert {r["row_id"] for r in tombstones} == {a, b}


def test_core_inserts_are_captured(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(Organization.__table__),
            [{"id": f"core-{i}", "name": f"Org {i}", "tags": []} for i in range(3)],
        )
    assert {r["row_id"] for r in outbox(db) if r["field"] == "name"} == {"core-0", "core-1", "core-2"}


def test_changes_under_the_guard_are_not_echoed(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO sync_apply_guard (reason) VALUES ('apply')"))
        conn.execute(insert(Organization.__table__), [{"id": "pulled", "name": "From server", "tags": []}])
        conn.execute(text("DELETE FROM sync_apply_guard"))
    with capture_suspended(db.engine):
        add_org(db, "Demo")
    assert outbox(db) == []
    add_org(db, "Typed by hand")
    assert outbox(db), "capture must be back on after the guard is gone"
    assert mark_all_as_baseline(db.engine) > 0
    assert outbox(db) == []


def test_every_synced_table_has_capture_triggers(db: Database) -> None:
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
    for table in synced_tables():
        assert f"sync_cap_{table}_ins" in names
        assert f"sync_cap_{table}_upd" in names


def test_triggers_are_regenerated_when_they_go_missing(db: Database) -> None:
    from sector_desktop.store.capture import ensure_capture

    with db.engine.begin() as conn:
        conn.execute(text('DROP TRIGGER "sync_cap_organization_upd"'))
    ensure_capture(db.engine)  # what opening the profile does
    org_id = add_org(db)
    with db.session() as s:
        s.get(Organization, org_id).city = "Toledo"
    assert any(r["field"] == "city" for r in outbox(db))


def test_an_id_inserted_again_after_a_hard_delete_gets_fresh_clocks(db: Database) -> None:
    org_id = add_org(db)
    with db.session() as s:
        s.get(Organization, org_id).city = "Toledo"
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM organization WHERE id = :i"), {"i": org_id})
        conn.execute(insert(Organization.__table__), [{"id": org_id, "name": "Again", "tags": []}])
    with db.session() as s:
        s.get(Organization, org_id).city = "Erie"
    rows = [r for r in outbox(db) if r["field"] == "city"]
    assert [json.loads(r["value"]) for r in rows] == [None, "Toledo", None, "Erie"]
    assert rows[3]["base_hlc"] == rows[2]["hlc"], "the base is the re-inserted value, not the old one"
