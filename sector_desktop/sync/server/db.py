"""The server's own schema (SQLAlchemy Core), engine set-up for SQLite and PostgreSQL, and migrations.

Records are stored generically per field (see docs/sync.md), not in the client's domain tables.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from sector_desktop.models import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
VERSION_TABLE = "server_alembic_version"

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row (id=1). Its lock serialises pushes, so feed positions are given out in commit order.
feed_counter = Table(
    "feed_counter",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_position", BigInteger, nullable=False),
    # The server's clock high-water (HLC text): restamps continue it, whichever process pushes.
    Column("clock", String(19)),
)

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(150), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("disabled_at", DateTime),
    # The synced staff_user record this account signs in as (made from the display name at first).
    Column("staff_id", String(36)),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime),
    Column("revoked_at", DateTime),
    Column("last_mutation", BigInteger, nullable=False, default=0),
    Column("clock_skew", Boolean, nullable=False, default=False),
    Column("max_skew_ms", BigInteger, nullable=False, default=0),
    # A restored device's new identity continues this one (its changes may carry that node).
    Column("restored_from", String(64)),
    # Revoked with --wipe: it may still push what it holds, then destroys its key and data.
    Column("wipe_requested_at", DateTime),
)

# A fingerprint of every applied mutation: a reused number with other content is a restored device.
device_mutations = Table(
    "device_mutations",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("mutation", BigInteger, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)

# The clock a change from the future was stored with, per (node, sent clock): a re-delivery of it
# is the same change, and a later edit whose base is the sent clock is matched to it.
restamps = Table(
    "restamps",
    metadata,
    Column("node", String(64), primary_key=True),
    Column("orig_hlc", String(19), primary_key=True),
    Column("hlc", String(19), nullable=False),
)

# The current value of every field of every synced record, and the feed position of its last change.
field_state = Table(
    "field_state",
    metadata,
    Column("table_name", String(64), primary_key=True),
    Column("row_id", String(64), primary_key=True),
    Column("field", String(64), primary_key=True),
    Column("value", Text),  # JSON text; NULL only never (a cleared field is the JSON text 'null')
    Column("hlc", String(19), nullable=False),
    Column("node", String(64), nullable=False),
    Column("author", String(64), nullable=False),
    Column("position", BigInteger, nullable=False, unique=True),
    Column("device_id", String(64), nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("position", BigInteger, nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("field", String(64), nullable=False),
    Column("winner_value", Text),
    Column("winner_hlc", String(19), nullable=False),
    Column("winner_node", String(64), nullable=False),
    Column("winner_author", String(64), nullable=False),
    Column("loser_value", Text),
    Column("loser_hlc", String(19), nullable=False),
    Column("loser_node", String(64), nullable=False),
    Column("loser_author", String(64), nullable=False),
    Column("detected_at", DateTime, nullable=False),
    Column("resolved_at", DateTime),
    Column("resolution", String(20)),
    Column("resolved_by", String(64)),
    Index("ix_conflicts_row", "table_name", "row_id"),
)

processed_batches = Table(
    "processed_batches",
    metadata,
    Column("batch_id", String(64), primary_key=True),
    Column("device_id", String(64), nullable=False, index=True),
    Column("acked_through", BigInteger, nullable=False),
    Column("response", Text, nullable=False),  # the PushResponse JSON, returned again on a replay
    Column("applied_at", DateTime, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("completed_at", DateTime, nullable=False),
)


def default_data_dir() -> Path:
    """Where the server keeps attachments and, by default, its SQLite database."""
    return platformdirs.user_data_path("sector-server", appauthor=False)


def normalise_url(database_url: str) -> str:
    """Plain postgresql:// URLs use psycopg 3 (the driver we ship)."""
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(database_url: str) -> Engine:
    url = normalise_url(database_url)
    if url.startswith("sqlite"):
        db_path = make_url(url).database
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        # Pooled: a fresh connection per request costs its open and, when the last one closes, a
        # WAL checkpoint (NullPool did both on every request).
        engine = create_engine(
            url, poolclass=QueuePool, pool_size=4, max_overflow=12, connect_args={"check_same_thread": False}
        )
        _sqlite_events(engine)
        return engine
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def _sqlite_events(engine: Engine) -> None:
    """Own the transactions (pysqlite's implicit BEGIN cannot say IMMEDIATE)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the feed lock from its start until commit, on either backend."""
    with engine.connect() as conn:
        if is_sqlite(conn):
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if not is_sqlite(conn):
                conn.execute(
                    select(feed_counter.c.last_position).where(feed_counter.c.id == 1).with_for_update()
                )
            yield conn


@contextlib.contextmanager
def immediate(engine: Engine) -> Iterator[Connection]:
    """A write transaction that does not need the feed lock. On SQLite it takes the write lock at
    BEGIN, so two writers never deadlock upgrading a read lock (SQLITE_BUSY despite busy_timeout)."""
    with engine.connect() as conn:
        if is_sqlite(conn):
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def migrate(engine: Engine) -> None:
    """Bring the server schema to head, then make sure the epoch and the counter row exist."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.attributes["engine"] = engine
    with _migration_lock(engine):
        command.upgrade(cfg, "head")
    ensure_epoch(engine)


MIGRATION_LOCK_KEY = 0x5EC7_0001


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Several server processes may start at once against one PostgreSQL database: one migrates,
    the others wait (a session advisory lock). SQLite serialises DDL by itself."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
            conn.commit()


def ensure_epoch(engine: Engine) -> str:
    with write_transaction(engine) as conn:
        epoch = conn.execute(select(server_meta.c.value).where(server_meta.c.key == "epoch")).scalar()
        if epoch is None:
            epoch = uuid.uuid4().hex
            conn.execute(server_meta.insert().values(key="epoch", value=epoch))
            conn.execute(server_meta.insert().values(key="created_at", value=utcnow().isoformat()))
        return str(epoch)


def read_epoch(conn: Connection) -> str:
    return str(conn.execute(select(server_meta.c.value).where(server_meta.c.key == "epoch")).scalar_one())


def new_epoch(engine: Engine) -> str:
    """Give the database a new epoch (after restoring a backup): every client pulls everything again."""
    epoch = uuid.uuid4().hex
    with write_transaction(engine) as conn:
        conn.execute(update(server_meta).where(server_meta.c.key == "epoch").values(value=epoch))
    return epoch
