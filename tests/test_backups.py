"""Backups: encrypted like the database, made with the online backup API, rotated to 7 daily and 4
weekly, listed and restored by name (the database replaced is kept)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text

from sector_desktop.errors import NotFound
from sector_desktop.store import Database, ProfilePaths, backups, keys, open_database
from sector_desktop.store.database import connect_raw


def _add_org(db: Database, name: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organization (id, name, kind, status, tags, created_at, updated_at) "
                "VALUES (:id, :n, 'employer', 'active', '[]', '2025-01-01', '2025-01-01')"
            ),
            {"id": f"00000000-0000-7000-8000-{abs(hash(name)) % 10**12:012d}", "n": name},
        )


def _names(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return sorted(conn.execute(text("SELECT name FROM organization")).scalars())


def test_a_backup_is_encrypted_like_the_database_and_complete(db: Database, paths: ProfilePaths) -> None:
    _add_org(db, "Harbor Welding")  # still in the WAL: the backup API copies it all the same
    made = backups.back_up(db.path, paths.backups_dir, kind="manual", key=db.key)
    assert keys.read_header(made) == db.key.salt  # same key and salt: it opens as the database does
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(made).execute("SELECT 1 FROM sqlite_master").fetchall()
    copy = connect_raw(made, db.key)
    assert copy.execute("SELECT name FROM organization").fetchall() == [("Harbor Welding",)]
    copy.close()
    listed = backups.list_backups(db.path, paths.backups_dir)
    assert [(b.name, b.kind) for b in listed] == [(made.name, "manual")]


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(db: Database, paths: ProfilePaths) -> None:
    _add_org(db, "Harbor Welding")
    made = backups.back_up(db.path, paths.backups_dir, kind="manual", key=db.key)
    _add_org(db, "Crest Health")
    db.close()
    kept = backups.restore(paths.database, paths.backups_dir, made.name)
    restored = open_database(paths.database)
    assert _names(restored) == ["Harbor Welding"]
    restored.close()
    replaced = connect_raw(kept, restored.key)
    assert sorted(r[0] for r in replaced.execute("SELECT name FROM organization")) == [
        "Crest Health",
        "Harbor Welding",
    ]
    replaced.close()
    with pytest.raises(NotFound, match=r"No backup named 'nope\.db'"):
        backups.restore(paths.database, paths.backups_dir, "nope.db")


def test_rotation_keeps_seven_daily_and_four_weekly(paths: ProfilePaths) -> None:
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    first = dt.datetime(2026, 9, 1, 14, 0)  # UTC; 10:00 in New York
    for day in range(60):  # one a day for 60 days, and a second on some days
        for hour in (0, 3) if day % 5 == 0 else (0,):
            taken = first + dt.timedelta(days=day, hours=hour)
            (paths.backups_dir / f"sector-daily-{taken.strftime('%Y%m%dT%H%M%S%fZ')}.db").write_bytes(b"x")
    (paths.backups_dir / "sector-manual-20260901T000000000000Z.db").write_bytes(b"x")
    backups.rotate(paths.database, paths.backups_dir)
    left = backups.list_backups(paths.database, paths.backups_dir)
    daily = [b.taken_at for b in left if b.kind == "daily"]
    newest_seven = [first + dt.timedelta(days=d, hours=3 if d % 5 == 0 else 0) for d in range(59, 52, -1)]
    assert daily[:7] == newest_seven  # a day's newest
    weeks = {b.isocalendar()[:2] for b in daily}
    assert len(daily) == len(set(daily)) and len(weeks) == 4  # 7 days span 2 weeks, 2 more back
    older = daily[7:]
    assert len(older) == 2 and all(b.weekday() == 6 for b in older)  # a week's newest is its Sunday
    assert [b.kind for b in left].count("manual") == 1  # only daily backups rotate


def test_a_daily_backup_is_made_once_a_day(db: Database, paths: ProfilePaths) -> None:
    assert backups.daily_backup(db.path, paths.backups_dir, db.key) is not None
    assert backups.daily_backup(db.path, paths.backups_dir, db.key) is None
    assert [b.kind for b in backups.list_backups(db.path, paths.backups_dir)] == ["daily"]


def test_the_backup_command_creates_lists_and_restores(
    paths: ProfilePaths, capsys: pytest.CaptureFixture[str]
) -> None:
    from sector_desktop.cli import main

    profile = str(paths.data_dir.parent)
    assert main(["--profile", profile, "backup", "create"]) == 0
    assert main(["--profile", profile, "backup", "list", "--json"]) == 0
    out = capsys.readouterr().out
    name = out.split('"name": "')[1].split('"')[0]
    assert name.startswith("sector-manual-")
    assert main(["--profile", profile, "backup", "restore", name]) == 0
    assert f"Restored {name}" in capsys.readouterr().out
    assert main(["--profile", profile, "backup", "restore", "missing.db"]) == 1
    assert "No backup named 'missing.db'" in capsys.readouterr().err
