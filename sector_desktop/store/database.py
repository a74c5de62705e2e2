"""The one way to open the local database (design rule 7): encryption, engine, pragmas, migrations.

Every connection is SQLCipher 4, keyed first with the raw 256-bit key (store/keys.py), so there is
no key derivation per connection. A plain SQLite profile from before encryption is encrypted in
place when it is first opened (store/encrypt.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sector_desktop.errors import MigrationFailed, ProfileError

from . import guard, keys
from .capture import on_open
from .engine import close_engine, make_engine
from .keys import connect_raw
from .migrations import upgrade_to_head
from .paths import ProfilePaths
from .settings import apply_timezone
from .unlock import database_key


@dataclass
class Database:
    """An open local database. Sessions come only from here."""

    engine: Engine
    path: Path
    key: keys.DatabaseKey

    @property
    def files_key(self) -> bytes:
        """The key that encrypts this profile's attachments (derived from the database's)."""
        return self.key.subkey("attachments")

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
        """Close for good: a reading started after this (a page's late task) gets ProfileGone."""
        close_engine(self.engine)


log = logging.getLogger(__name__)
__all__ = ["Database", "connect_raw", "database_key", "make_engine", "open_database", "open_profile"]


def open_database(path: Path, *, migrate: bool = True, backups_dir: Path | None = None) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema to the newest version.

    Before a database that holds anything is migrated, it is copied to `backups_dir` (by default
    the `backups` folder beside it, which is the profile's). A failed migration raises
    `MigrationFailed` and leaves the database as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        key = database_key(path)
    except ProfileError:
        raise
    except Exception as exc:  # a foreign file must not become a traceback
        raise ProfileError(f"Cannot open the database {path}: {exc}") from exc
    engine = make_engine(path, key)
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
    return Database(engine=engine, path=path, key=key)


def open_profile(paths: ProfilePaths, *, migrate: bool = True) -> Database:
    """Open the database of a profile, creating the profile's directories first.

    Times are shown in the profile's zone from here on; the migrations run in it too (the one that
    moved stored wall-clock times to UTC reads them as times of this zone).
    """
    paths.ensure()
    apply_timezone(paths)
    db = open_database(paths.database, migrate=migrate, backups_dir=paths.backups_dir)
    _seal_attachments_once(paths, db)
    return db


SEALED_MARK = "attachments-encrypted"


def _seal_attachments_once(paths: ProfilePaths, db: Database) -> None:
    """Attachments stored before encryption are encrypted at the first open (then a mark says so)."""
    mark = paths.data_dir / SEALED_MARK
    if mark.exists():
        return
    from .sealed import seal_plain_files

    done = seal_plain_files(paths.attachments_dir, db.files_key)
    if done:
        log.info("Encrypted %d attachment files stored before encryption.", done)
    mark.write_text("Attachments in this profile are encrypted at rest.\n", encoding="utf-8")
