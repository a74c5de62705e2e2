"""Profiles whose next migration fails midway, for the tests of atomic migrations (CLI, store, UI).

The failing profile is real: it is at 0010 and already has the column that migration 0011 adds
last, so 0011 makes its table and two columns and then fails on "duplicate column name".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sector_desktop.store import ProfilePaths, profile_paths
from sector_desktop.store.capture import ensure_capture
from sector_desktop.store.database import connect_raw, database_key, make_engine
from sector_desktop.store.migrations import upgrade_to

ORG_ID = "00000000-0000-7000-8000-000000000001"


def profile_at_0010(root: Path, *, broken: bool) -> ProfilePaths:
    """A profile at 0010 holding one employer; `broken`: 0011 will fail after some of its DDL."""
    paths = profile_paths(root).ensure()
    engine = make_engine(paths.database)
    upgrade_to(engine, "0010")
    ensure_capture(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO organization (id, name, kind, status, tags, created_at, updated_at) VALUES"
            f" ('{ORG_ID}', 'Harbor Welding', 'employer', 'active', '[]',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        if broken:
            conn.exec_driver_sql("ALTER TABLE organization ADD COLUMN merged_into_id VARCHAR(36)")
    engine.dispose()
    return paths


def look(path: Path) -> dict[str, object]:
    """What a plain SQLite connection sees: version, the employer, the tables and columns 0011 adds."""
    with keyed(path) as raw:
        return {
            "version": raw.execute("SELECT version_num FROM alembic_version").fetchone()[0],
            "names": raw.execute("SELECT name FROM organization").fetchall(),
            "sync_failed": raw.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sync_failed'"
            ).fetchone()[0],
            "sync_recent columns": [r[1] for r in raw.execute("PRAGMA table_info(sync_recent)")],
            "integrity": raw.execute("PRAGMA integrity_check").fetchone()[0],
        }


def keyed(path: Path) -> Any:
    """A DB-API connection to an encrypted profile database, keyed as the app keys it."""
    return connect_raw(path, database_key(path))
