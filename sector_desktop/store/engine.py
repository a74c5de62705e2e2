"""SQLCipher engines with the key and pragmas every connection needs; used by the database factory
and migrations. Every connection is keyed first with the raw 256-bit key (store/keys.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakSet

from sqlalchemy import Connection, Engine, create_engine, event
from sqlcipher3 import dbapi2 as sqlcipher

from sector_desktop.errors import ProfileGone

from . import keys
from .capture import install_functions
from .keys import connect_raw
from .unlock import database_key

CACHE_KIB = 32 * 1024
# The write-ahead log is cut back to this size once checkpointed, whatever it grew to: a big pull lets
# it grow to 64 MB between checkpoints (sync/client/apply.py), and an import's one transaction as far
# as it needs. About SQLite's usual log (its auto-checkpoint at 1,000 pages of 4 KiB).
WAL_LIMIT_BYTES = 4 * 1024 * 1024


def _set_pragmas(dbapi_conn: Any, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    # NORMAL under WAL can lose the last commit on power loss but never corrupts;
    # drafts are saved every second, so that is the trade we want on a laptop.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
    # A page cache of up to 32 MiB a connection (SQLCipher's default is 8 MB, SQLite's 2 MB), filled
    # only as pages are read: at 100,000 organizations counting the list reads its ~7 MB name index,
    # which pushed the first window's pages out of an 8 MB cache, so every opening of the list
    # decrypted them again (the first window 55 ms against 12 ms at 1,000; with it, 14 ms; issue 16).
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.close()
    # Change capture's triggers call sync_hlc(); every connection must know it.
    install_functions(dbapi_conn)


def _own_transactions(dbapi_conn: Any, _record: object) -> None:
    # pysqlite begins a transaction only before INSERT/UPDATE/DELETE and so runs each CREATE, ALTER
    # or DROP in a transaction of its own; with isolation_level None it begins nothing by itself.
    dbapi_conn.isolation_level = None


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


# Engines closed for good (`close_engine`). A page's task still queued when its profile closed must not
# open the file that is there by then: after a wipe, the new empty profile being made, whose first
# pragma would write its header with the old key (the reopened profile then opens with neither).
_CLOSED: WeakSet[Engine] = WeakSet()


def close_engine(engine: Engine) -> None:
    """Close `engine`'s connections and refuse new ones (ProfileGone): its profile is shut, wiped or
    replaced, and a new Database opens it again if it is wanted."""
    _CLOSED.add(engine)
    engine.dispose()


def make_engine(
    path: Path, key: keys.DatabaseKey | None = None, *, transactional_ddl: bool = False
) -> Engine:
    """An SQLCipher engine with the key (found when not given) and pragmas every connection needs.

    With `transactional_ddl`, SQLAlchemy's transactions are SQLite's (SQLAlchemy's documented
    pysqlite recipe): schema statements too run inside the one BEGIN ... COMMIT, so a failure
    rolls all of them back. Migrations use it; the app's engine keeps pysqlite's default, where a
    read outside a write sees the newest data.
    """
    chosen = key or database_key(path)
    made = path.exists()

    def connect() -> Any:
        nonlocal made
        if engine in _CLOSED:  # a closed profile's engine opens nothing, not even the file now there
            raise ProfileGone(f"The database {path} was closed (wiped, restored or the profile shut).")
        if made and not path.exists():  # wiped or deleted under us: never an empty new database
            raise ProfileGone(f"The database {path} is gone (wiped or deleted).")
        conn = connect_raw(path, chosen, create=not made)  # (and not if it goes after this test)
        made = True
        return conn

    engine = create_engine(f"sqlite:///{path}", creator=connect, module=sqlcipher, future=True)
    event.listen(engine, "connect", _set_pragmas)
    if transactional_ddl:
        event.listen(engine, "connect", _own_transactions)
        event.listen(engine, "begin", _begin)
    return engine
