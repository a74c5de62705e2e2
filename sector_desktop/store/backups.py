"""Backups of the local database in the profile's backups folder (SQLite's online backup API).

A backup is a complete database file, encrypted like the database (SQLCipher, the same key and
salt: the backup API copies through a keyed target), named `<database>-<kind>-<UTC time>Z.db`.
Kinds: `daily` (the first start of a day; 7 daily and 4 weekly are kept), `manual` (the command
or the menu), `migration` (before the schema changes) and `before-restore` (the database a
restore replaced). Restoring needs the database closed; sync then gives the profile a new device
identity (sync/client/state.py), so edits made after the backup are never taken for the old
identity's.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sector_desktop import clock, timefmt
from sector_desktop.errors import NotFound, ProfileError

from . import keys
from .unlock import database_key

KEEP = 5  # of each kind but daily
DAILY_KEEP, WEEKLY_KEEP = 7, 4
_NAME = re.compile(r"^(?P<stem>.+?)-(?P<kind>[a-z-]+)-(?P<stamp>\d{8}T\d{12}Z)\.db$")
_STAMP = "%Y%m%dT%H%M%S%fZ"  # timefmt.file_stamp's, read back


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    taken_at: dt.datetime  # naive UTC, as stored instants are
    size_bytes: int

    @property
    def name(self) -> str:
        return self.path.name


def back_up(
    database: Path,
    backups_dir: Path,
    *,
    kind: str,
    keep: int | None = KEEP,
    key: keys.DatabaseKey | None = None,
) -> Path:
    """Copy `database` into `backups_dir` (consistent while others use it, WAL included) and keep
    the newest `keep` of this kind (None: keep all). Written under a temporary name first, so a
    cut-off copy never counts."""
    chosen = key or database_key(database)
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = _free_name(database, backups_dir, kind)
    partial = target.with_name(target.name + ".partial")
    source = keys.connect_raw(database, chosen)
    try:
        copy = keys.open_new(partial, chosen)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    if keep is not None:
        prune(database, backups_dir, kind=kind, keep=keep)
    return target


def list_backups(database: Path, backups_dir: Path) -> list[Backup]:
    """Every backup of `database`, newest first."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.iterdir():
        m = _NAME.match(path.name)
        if m and m["stem"] == database.stem and path.is_file():
            taken = dt.datetime.strptime(m["stamp"], _STAMP)
            found.append(Backup(path, m["kind"], taken, path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def daily_backup(database: Path, backups_dir: Path, key: keys.DatabaseKey | None = None) -> Path | None:
    """At start-up: a backup if none was taken today (the profile's calendar), then the rotation."""
    today = clock.today()
    made = None
    taken = [b for b in list_backups(database, backups_dir) if b.kind == "daily"]
    if not any(clock.local_day(b.taken_at) == today for b in taken):
        made = back_up(database, backups_dir, kind="daily", keep=None, key=key)
    rotate(database, backups_dir)
    return made


def rotate(database: Path, backups_dir: Path) -> list[Path]:
    """Keep the newest daily backup of each of the last 7 days that have one, and of each of the
    last 4 weeks that have one (a backup may be both); delete the other daily backups."""
    daily = [b for b in list_backups(database, backups_dir) if b.kind == "daily"]
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for b in daily:  # newest first: the first of each day or week is its newest
        day = clock.local_day(b.taken_at)
        if day not in days and len(days) < DAILY_KEEP:
            days.add(day)
            keep.add(b.path)
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < WEEKLY_KEEP:
            weeks.add(week)
            keep.add(b.path)
    gone = [b.path for b in daily if b.path not in keep]
    for path in gone:
        path.unlink()
    return gone


def backups(database: Path, backups_dir: Path, *, kind: str) -> list[Path]:
    """The backups of `database` of this `kind`, newest first."""
    return [b.path for b in list_backups(database, backups_dir) if b.kind == kind]


def prune(database: Path, backups_dir: Path, *, kind: str, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups of this `kind`; returns the ones deleted."""
    old = backups(database, backups_dir, kind=kind)[keep:]
    for path in old:
        path.unlink()
    return old


def find_backup(database: Path, backups_dir: Path, name: str) -> Backup:
    for b in list_backups(database, backups_dir):
        if b.name == name:
            return b
    known = ", ".join(b.name for b in list_backups(database, backups_dir)[:5]) or "none yet"
    raise NotFound(f"No backup named {name!r} in {backups_dir} (the newest: {known}).")


def restore(database: Path, backups_dir: Path, name: str) -> Path:
    """Put backup `name` in the database's place; the database must be closed. The database it
    replaces is kept as a `before-restore` backup. Returns that backup."""
    chosen = find_backup(database, backups_dir, name)
    key = database_key(chosen.path)  # refuses a backup this profile's key cannot open
    check = keys.connect_raw(chosen.path, key)
    try:
        problems = check.execute("PRAGMA quick_check").fetchall()
    finally:
        check.close()
    if problems != [("ok",)]:
        raise ProfileError(f"The backup {name} is damaged ({problems[0][0]}); nothing was restored.")
    kept = back_up(database, backups_dir, kind="before-restore", keep=2)
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(chosen.path, partial)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(partial, database)
    return kept


def _free_name(database: Path, backups_dir: Path, kind: str) -> Path:
    now = clock.now()
    while True:
        target = backups_dir / f"{database.stem}-{kind}-{timefmt.file_stamp(now)}.db"
        if not target.exists():
            return target
        now += dt.timedelta(microseconds=1)  # two backups in one microsecond: the later sorts last
