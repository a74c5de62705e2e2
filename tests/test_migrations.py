"""Migrations: the schema is built by Alembic, matches the models, and upgrades keep every row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from sector_desktop import timefmt
from sector_desktop.models import Base, Meeting, Visit
from sector_desktop.store import Database, ProfilePaths, open_profile, profile_paths
from sector_desktop.store.capture import ensure_capture
from sector_desktop.store.database import connect_raw, database_key, make_engine, open_database
from sector_desktop.store.migrations import current_revision, head_revision, upgrade_to
from sector_desktop.store.settings import update_settings


def _is_search_table(name: str | None, kind: str) -> bool:
    # FTS5 virtual tables and their shadow tables are made by migration 0002, not by models;
    # the sync client's bookkeeping tables (sync_*) by migration 0003.
    return kind == "table" and name is not None and ("_fts" in name or name.startswith("sync_"))


# Migration 0018's list-sort indexes are on expressions, which SQLAlchemy does not reflect from
# SQLite (it warns and skips them): they live in the migration only, as the search tables do.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
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
    raw = connect_raw(path, database_key(path))  # the database is encrypted: keyed like the app's
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


def test_meetings_made_before_their_search_index_are_searchable_after_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade_to(engine, "0008")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO sector_partnership (id, name, status, created_at, updated_at) VALUES"
            " ('00000000-0000-7000-8000-000000000011', 'Maritime Careers', 'active',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    engine.dispose()
    db = open_database(path)
    with db.engine.connect() as conn:
        hits = conn.exec_driver_sql(
            "SELECT rowid FROM sector_partnership_fts WHERE sector_partnership_fts MATCH 'maritime'"
        ).fetchall()
    db.close()
    assert len(hits) == 1


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from sector_desktop.errors import ProfileError

    bad = tmp_path / "sector.db"
    bad.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.raises(ProfileError, match="Cannot open the database"):
        open_database(bad)


def _profile_at_0005(root: Path) -> ProfilePaths:
    """A profile made before the clock rule: a visit typed at 9:30 AM (stored as that wall time) in
    winter and one in summer, a meeting stored in UTC (3 PM in New York), capture triggers on."""
    paths = profile_paths(root).ensure()
    engine = make_engine(paths.database)
    upgrade_to(engine, "0005")
    ensure_capture(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO organization (id, name, kind, status, tags, created_at, updated_at) VALUES"
            " ('00000000-0000-7000-8000-000000000001', 'Harbor Welding', 'employer', 'active', '[]',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        for n, starts in ((2, "2026-11-24 09:30:00.000000"), (3, "2026-07-01 09:30:00.000000")):
            conn.exec_driver_sql(
                "INSERT INTO visit (id, organization_id, starts_at, visit_type, status, services,"
                f" created_at, updated_at) VALUES ('00000000-0000-7000-8000-00000000000{n}',"
                f" '00000000-0000-7000-8000-000000000001', '{starts}', 'site_visit', 'planned', '[]',"
                " '2025-02-03 10:00:00', '2025-02-03 10:00:00')"
            )
        conn.exec_driver_sql(
            "INSERT INTO sector_partnership (id, name, sector, status, created_at, updated_at) VALUES"
            " ('00000000-0000-7000-8000-000000000004', 'Welding Careers', 'manufacturing', 'active',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO meeting (id, partnership_id, meeting_type, title, starts_at, status,"
            " created_at, updated_at) VALUES ('00000000-0000-7000-8000-000000000005',"
            " '00000000-0000-7000-8000-000000000004', 'workgroup', 'Workgroup',"
            " '2026-11-24 20:00:00.000000', 'planned', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO agenda_item (id, meeting_id, position, title, created_at, updated_at) VALUES"
            " ('00000000-0000-7000-8000-000000000006', '00000000-0000-7000-8000-000000000005', 0,"
            " 'Welcome', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        conn.exec_driver_sql("DELETE FROM sync_outbox")
    engine.dispose()
    return paths


def _times(db: Database) -> tuple[list[dt.datetime], dt.datetime]:
    with db.read_session() as s:
        visits = list(s.scalars(select(Visit.starts_at).order_by(Visit.id)))
        return visits, s.scalars(select(Meeting.starts_at)).one()


def test_visit_times_typed_as_wall_clock_times_move_to_utc_and_stay_put_on_screen(tmp_path: Path) -> None:
    db_paths = _profile_at_0005(tmp_path / "old")
    db = open_profile(db_paths)  # the computer's zone: New York
    visits, meeting = _times(db)
    assert visits == [dt.datetime(2026, 11, 24, 14, 30), dt.datetime(2026, 7, 1, 13, 30)]
    assert [timefmt.time(v) for v in visits] == ["9:30 AM", "9:30 AM"]  # what the screens showed
    assert meeting == dt.datetime(2026, 11, 24, 20) and timefmt.time(meeting) == "3:00 PM"
    with db.engine.connect() as conn:
        sent = conn.exec_driver_sql(
            "SELECT row_id, value FROM sync_outbox WHERE tbl = 'visit' AND field = 'starts_at'"
            " ORDER BY row_id"
        ).fetchall()
    db.close()
    # Captured like any edit, so the server and colleagues get the UTC times.
    assert [json.loads(v) for _r, v in sent] == ["2026-11-24T14:30:00.000000", "2026-07-01T13:30:00.000000"]
    # The search index's trigger, off during the move, is back: an edited note is found.
    db = open_profile(db_paths)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE visit SET notes = 'Needs three welders' WHERE starts_at LIKE '2026-11%'")
        hits = conn.exec_driver_sql("SELECT rowid FROM visit_fts WHERE visit_fts MATCH 'welders'").fetchall()
    db.close()
    assert len(hits) == 1


def test_the_migration_reads_visit_times_in_the_profiles_zone_setting(tmp_path: Path) -> None:
    paths = _profile_at_0005(tmp_path / "west")
    update_settings(paths, timezone="America/Los_Angeles")
    db = open_profile(paths)
    visits, meeting = _times(db)
    db.close()
    assert visits == [dt.datetime(2026, 11, 24, 17, 30), dt.datetime(2026, 7, 1, 16, 30)]
    assert meeting == dt.datetime(2026, 11, 24, 20)


def test_the_migration_goes_back_down(tmp_path: Path) -> None:
    from alembic import command

    from sector_desktop.store.migrations import alembic_config

    paths = _profile_at_0005(tmp_path / "down")
    open_profile(paths).close()
    engine = make_engine(paths.database)
    command.downgrade(alembic_config(engine), "0005")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT starts_at FROM visit ORDER BY id").fetchall()
    engine.dispose()
    assert [r[0] for r in rows] == ["2026-11-24 09:30:00.000000", "2026-07-01 09:30:00.000000"]
    open_profile(paths).close()  # and up again, with the capture triggers made for the columns back
