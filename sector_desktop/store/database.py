"""The one way to open the local database (design rule 7): engine, pragmas and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sector_desktop.errors import MigrationFailed, ProfileError

from . import guard
from .capture import on_open
from .engine import make_engine
from .migrations import upgrade_to_head
from .paths import ProfilePaths
from .settings import apply_timezone


@dataclass
class Database:
    """An open local database. Sessions come only from here."""

    engine: Engine
    path: Path

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        guard.install(self._sessions)  # no save may keep an SSN, ITIN or date of birth in free text

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as s, s.begin():
            yield s

    def read_session(self) -> Session:
        """A session for reading; the caller closes it (use it as a context manager)."""
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Database", "make_engine", "open_database", "open_profile"]


def open_database(path: Path, *, migrate: bool = True, backups_dir: Path | None = None) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema to the newest version.

    Before a database that holds anything is migrated, it is copied to `backups_dir` (by default
    the `backups` folder beside it, which is the profile's). A failed migration raises
    `MigrationFailed` and leaves the database as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        if migrate:
            upgrade_to_head(engine, backups_dir=backups_dir or path.parent / "backups")
            on_open(engine)  # capture triggers in step with the models (sync tables added later too)
    except MigrationFailed:
        engine.dispose()
        raise
    except Exception as exc:  # a corrupt or foreign file must not become a traceback
        engine.dispose()
        raise ProfileError(f"Cannot open the database {path}: {exc}") from exc
    return Database(engine=engine, path=path)


def open_profile(paths: ProfilePaths, *, migrate: bool = True) -> Database:
    """Open the database of a profile, creating the profile's directories first.

    Times are shown in the profile's zone from here on; the migrations run in it too (the one that
    moved stored wall-clock times to UTC reads them as times of this zone).
    """
    paths.ensure()
    apply_timezone(paths)
    return open_database(paths.database, migrate=migrate, backups_dir=paths.backups_dir)
