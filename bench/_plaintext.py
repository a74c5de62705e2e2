"""For bench/encryption.py only: the same factory with no key, so the "plain" figures differ from the
shipped app's only by encryption (the same SQLCipher build and SQLite version, the key never given).
The app itself has no such switch: it never falls back to plaintext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2

from sector_desktop.errors import ProfileGone
from sector_desktop.store import database, keys

NO_KEY = keys.DatabaseKey(b"\0" * keys.KEY_BYTES, b"\0" * keys.SALT_BYTES, "none (benchmark)")


def _connect(path: Path, _key: keys.DatabaseKey, *, create: bool = True) -> Any:
    """keys.connect_raw without the key: read-write only (`mode=rw`) when not `create`, as there."""
    if create:
        conn = dbapi2.connect(str(path), check_same_thread=False)
    else:
        try:
            conn = dbapi2.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, check_same_thread=False)
        except dbapi2.OperationalError as exc:
            raise ProfileGone(f"The database {path} is gone (wiped or deleted).") from exc
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


database.connect_raw = _connect
database.database_key = lambda _path: NO_KEY
keys.connect_raw = _connect

# The engine factory (also the migrations') looks the key up and connects through its own names.
from sector_desktop.store import engine as _engine  # noqa: E402

_engine.database_key = lambda _path: NO_KEY  # type: ignore[assignment]
_engine.connect_raw = _connect  # type: ignore[assignment]

# A migration copies the database first (store/backups.py): the key looked up by its own name, and
# the copy made plain like its source.
from sector_desktop.store import backups as _backups  # noqa: E402

_backups.database_key = lambda _path: NO_KEY  # type: ignore[assignment]
keys.open_new = lambda path, _key: dbapi2.connect(str(path), check_same_thread=False)  # type: ignore[assignment]
