"""Copies of the local database in the profile's backups folder, made with SQLite's online backup API.

A backup is one complete SQLite file named `<database>-<kind>-<UTC time>.db` (for example
`sector-migration-20261124T145100123456Z.db`); each kind keeps its newest few. The store makes a
`migration` backup before it changes the schema of a database that holds anything.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sector_desktop import clock, timefmt

KEEP = 5


def back_up(database: Path, backups_dir: Path, *, kind: str, keep: int = KEEP) -> Path:
    """Copy `database` into `backups_dir` and keep only the newest `keep` backups of this `kind`.

    The copy is consistent even while other connections use the database (WAL included). It is
    written under a temporary name and renamed when complete, so a cut-off copy never counts.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = _free_name(database, backups_dir, kind)
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(database)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    partial.replace(target)
    prune(database, backups_dir, kind=kind, keep=keep)
    return target


def backups(database: Path, backups_dir: Path, *, kind: str) -> list[Path]:
    """The backups of `database` of this `kind`, newest first."""
    if not backups_dir.is_dir():
        return []
    found = backups_dir.glob(f"{database.stem}-{kind}-*Z.db")
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune(database: Path, backups_dir: Path, *, kind: str, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups of this `kind`; returns the ones deleted."""
    old = backups(database, backups_dir, kind=kind)[keep:]
    for path in old:
        path.unlink()
    return old


def _free_name(database: Path, backups_dir: Path, kind: str) -> Path:
    now = clock.now()
    while True:
        target = backups_dir / f"{database.stem}-{kind}-{timefmt.file_stamp(now)}.db"
        if not target.exists():
            return target
        now += dt.timedelta(microseconds=1)  # two backups in one microsecond: the later one sorts last
