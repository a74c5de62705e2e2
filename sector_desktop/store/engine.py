"""SQLite engines with the pragmas every connection needs; used by the database factory and migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

from .capture import install_functions


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    # NORMAL under WAL can lose the last commit on power loss but never corrupts;
    # drafts are saved every second, so that is the trade we want on a laptop.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # Change capture's triggers call sync_hlc(); every connection must know it.
    install_functions(dbapi_conn)


def _own_transactions(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # pysqlite begins a transaction only before INSERT/UPDATE/DELETE and so runs each CREATE, ALTER
    # or DROP in a transaction of its own; with isolation_level None it begins nothing by itself.
    dbapi_conn.isolation_level = None


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, transactional_ddl: bool = False) -> Engine:
    """An SQLite engine with the pragmas every connection needs.

    With `transactional_ddl`, SQLAlchemy's transactions are SQLite's (SQLAlchemy's documented
    pysqlite recipe): schema statements too run inside the one BEGIN ... COMMIT, so a failure
    rolls all of them back. Migrations use it; the app's engine keeps pysqlite's default, where a
    read outside a write sees the newest data.
    """
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    if transactional_ddl:
        event.listen(engine, "connect", _own_transactions)
        event.listen(engine, "begin", _begin)
    return engine
