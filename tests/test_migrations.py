"""Migrations: the schema is built by Alembic, matches the models, and upgrades keep every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sector_desktop.models import Base
from sector_desktop.store.database import make_engine, open_database
from sector_desktop.store.migrations import current_revision, head_revision, upgrade_to


def _is_search_table(name: str | None, kind: str) -> bool:
    # FTS5 virtual tables and their shadow tables are made by migration 0002, not by models;
    # the sync client's bookkeeping tables (sync_*) by migration 0003.
    return kind == "table" and name is not None and ("_fts" in name or name.startswith("sync_"))


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, kind, _parent: not _is_search_table(name, kind)}
        )
        diff = compare_metadata(context, Base.metadata)
    db.close()
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


def test_upgrading_a_first_migration_database_loses_no_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade_to(engine, "0001")
    assert current_revision(engine) == "0001"
    engine.dispose()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys=ON")
    raw.execute(
        "INSERT INTO organization (id, name, kind, status, tags, created_at, updated_at)"
        " VALUES ('00000000-0000-7000-8000-000000000001', 'Harbor Welding', 'employer',"
        " 'active', '[]', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
    )
    raw.execute(
        "INSERT INTO visit (id, organization_id, starts_at, visit_type, status, notes, services,"
        " created_at, updated_at) VALUES ('00000000-0000-7000-8000-000000000002',"
        " '00000000-0000-7000-8000-000000000001', '2025-02-03 10:00:00', 'site_visit',"
        " 'completed', 'Needs three CNC machinists', '[]', '2025-02-03 10:00:00',"
        " '2025-02-03 10:00:00')"
    )
    raw.commit()
    raw.close()

    db = open_database(path)  # opening an older profile migrates it
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        orgs = conn.exec_driver_sql("SELECT name FROM organization").fetchall()
        visits = conn.exec_driver_sql("SELECT notes FROM visit").fetchall()
        hits = conn.exec_driver_sql(
            "SELECT rowid FROM visit_fts WHERE visit_fts MATCH 'machinists'"
        ).fetchall()
    db.close()
    assert orgs == [("Harbor Welding",)]
    assert visits == [("Needs three CNC machinists",)]
    assert len(hits) == 1, "rows that existed before the search migration must be searchable"


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from sector_desktop.errors import ProfileError

    bad = tmp_path / "sector.db"
    bad.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.raises(ProfileError, match="Cannot open the database"):
        open_database(bad)
