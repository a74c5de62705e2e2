"""What a small sync round reads locally (issue 16): query plans and statement counts, not timings."""

from __future__ import annotations

import datetime as dt

from sector_desktop.models import Contact, Organization
from sector_desktop.store import Database
from sector_desktop.store.engine import CACHE_KIB
from sector_desktop.sync.client.apply import PageWriter
from sector_desktop.sync.client.merges import MERGED_SQL, repoint_merged


def test_the_merged_organizations_are_read_from_their_partial_index_not_a_scan(db: Database) -> None:
    """Every pull that brought anything looks for merged-away organizations: a seek on migration
    0025's index of the few merged ones, not a read of every organization."""
    with db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {MERGED_SQL}"))
    assert (
        "USING INDEX ix_organization_merged" in plan or "USING COVERING INDEX ix_organization_merged" in plan
    ), plan
    assert "SCAN organization" not in plan.replace("USING INDEX ix_organization_merged", ""), plan


def test_a_record_on_a_merged_away_organization_moves_and_the_note_names_both(db: Database) -> None:
    kept, dup = Organization(name="Kept Works"), Organization(name="Duplicate Works")
    with db.session() as s:
        s.add_all([kept, dup])
        s.flush()
        s.add(Contact(organization_id=dup.id, name="Ana Ruiz"))
        dup.merged_into_id, dup.deleted_at = kept.id, dt.datetime(2026, 11, 20, 10)
    assert repoint_merged(db.engine) == 1
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT organization_id FROM contact").scalar() == kept.id
        note = conn.exec_driver_sql("SELECT note FROM sync_recent WHERE tbl = 'contact'").scalar()
    assert note == "moved from Duplicate Works to Kept Works"
    assert repoint_merged(db.engine) == 0


def test_a_pull_gives_its_connection_back_with_the_stores_page_cache(db: Database) -> None:
    """A bulk pull enlarges its connection's page cache for a while; afterwards the pooled
    connection keeps the store's 32 MiB (store/engine.py), not SQLite's 2 MB default: every later
    round on it would decrypt again the pages a small cache dropped."""
    writer = PageWriter(db.engine, commit_after=1.0)
    with writer:
        raw = writer.conn.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == -65536
    assert raw.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
