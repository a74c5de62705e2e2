"""Helpers for bench/sync.py: synthetic records, bulk seeding of the server, the executemany baseline,
and the real `sector-server serve` subprocess on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import keyring
from keyring.backend import KeyringBackend
from sqlalchemy import Engine

from sector_desktop.models import new_id

SERVER_BIN = Path(sys.executable).with_name("sector-server")
# Per ten records: 2 organizations, 3 contacts, 5 visits (100,000 records = 20k + 30k + 50k).
ORG, CONTACT, VISIT = "organization", "contact", "visit"
PATTERN = (ORG, CONTACT, VISIT, VISIT, CONTACT, ORG, CONTACT, VISIT, VISIT, VISIT)
CITIES = ("Toledo", "Dayton", "Akron", "Canton", "Lima", "Findlay", "Sandusky", "Mansfield")
SECTORS = ("manufacturing", "healthcare", "construction", "logistics", "it")
TITLES = ("HR manager", "Plant manager", "Owner", "Recruiter", "Training lead")
NOTES = (
    "Needs three CNC operators before the spring order; interested in an apprenticeship.",
    "Asked about on-the-job training funds and the next hiring event at the college.",
    "Second shift is short-staffed; wants bilingual supervisors and forklift certification.",
    "Follow up on the pre-apprenticeship cohort and the wage schedule for year two.",
)


class MemoryKeyring(KeyringBackend):
    """Tokens live in this process only: a benchmark must not touch the user's keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def install_memory_keyring() -> None:
    keyring.set_keyring(MemoryKeyring())


# -- records ---------------------------------------------------------------------------------
def _org(i: int, stamp: dt.datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "name": f"{CITIES[i % 8]} {SECTORS[i % 5].title()} Works {i}",
        "dba": None,
        "kind": "employer",
        "status": ("prospect", "active", "inactive")[i % 3],
        "sector": SECTORS[i % 5],
        "fein": f"{310000000 + i}",
        "state_ui_number": f"UI-{i:08d}",
        "naics": "3364",
        "address_line1": f"{100 + i % 9000} Industrial Pkwy",
        "address_line2": None,
        "city": CITIES[i % 8],
        "state": "OH",
        "zip": f"{43600 + i % 400}",
        "phone": f"419-555-{i % 10000:04d}",
        "website": f"https://works{i}.example.org",
        "size_band": ("10-49", "50-249", "1000+")[i % 3],
        "sites_count": 1 + i % 7,
        "assigned_staff_id": None,
        "tags": [SECTORS[i % 5], "employer"],
        "notes": NOTES[i % 4],
        "merged_into_id": None,
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
    }


def _contact(i: int, org_id: str, stamp: dt.datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "organization_id": org_id,
        "name": f"Contact Person {i}",
        "title": TITLES[i % 5],
        "email": f"person{i}@example.org",
        "phone": f"419-555-{(i * 7) % 10000:04d}",
        "is_primary": i % 3 == 0,
        "notes": None,
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
    }


def _visit(i: int, org_id: str, stamp: dt.datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "organization_id": org_id,
        "starts_at": stamp - dt.timedelta(days=i % 700, hours=i % 9),
        "duration_minutes": 30 + 15 * (i % 4),
        "visit_type": ("site_visit", "phone", "virtual")[i % 3],
        "status": "completed",
        "staff_id": None,
        "purpose": "Hiring needs and training plans",
        "notes": NOTES[(i + 1) % 4],
        "services": ["recruitment"] if i % 2 else [],
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
    }


def records(start: int, count: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """`count` records numbered from `start` (a multiple of 10), in creation order: each
    organization comes before its contacts and visits."""
    assert start % 10 == 0, "records come in units of ten"
    stamp = dt.datetime(2026, 11, 1, 9, 30, 0, 123456)
    org_id = ""
    for n in range(start, start + count):
        table = PATTERN[n % 10]
        if table == "organization":
            rec = _org(n, stamp)
            org_id = rec["id"]
        elif table == "contact":
            rec = _contact(n, org_id, stamp)
        else:
            rec = _visit(n, org_id, stamp)
        yield table, rec


_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def wire(value: object) -> str:
    """A field value as the JSON text the capture triggers and the server store."""
    if value is None:
        return "null"
    if isinstance(value, dt.datetime):
        return f'"{value.isoformat()}"'
    return _ENCODE(value)


def storage(value: object) -> object:
    """A field value as SQLAlchemy stores it in the client's SQLite tables."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


# -- seeding -------------------------------------------------------------------------------
SERVER_INSERT = (
    "INSERT INTO field_state (table_name, row_id, field, value, hlc, node, author, position, device_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
CLOCK_INSERT = "INSERT INTO sync_field_clock (tbl, row_id, field, hlc, node) VALUES (?, ?, ?, ?, ?)"
RECENT_INSERT = (
    "INSERT INTO sync_recent (tbl, row_id, author, hlc, fields, created, pulled_at)"
    " VALUES (?, ?, ?, ?, ?, 1, ?)"
)


def seed_records(
    database_url: str,
    start: int,
    count: int,
    node: str,
    author: str,
    client: Engine | None = None,
    chunk: int = 20_000,
) -> dict[str, Any]:
    """Write `count` records straight into the server database, one transaction per `chunk`
    records, through the server's own feed lock and position allocation (db.write_transaction,
    feed.allocate_positions) with plain executemany inserts into field_state. Every field of a
    record shares one clock, as a record created on a laptop does.

    With `client`, the same records also go into that laptop's database as a pull would leave
    them: the rows, their per-field clocks, the "what changed" list and, at the end, the cursor."""
    from sector_desktop.store.hlc import Hlc
    from sector_desktop.sync.server.db import make_engine, read_epoch, write_transaction
    from sector_desktop.sync.server.feed import allocate_positions

    clock = Hlc()
    engine = make_engine(database_url)
    fields = last = 0
    epoch = ""
    try:
        batch: list[tuple[str, dict[str, Any], str]] = []
        for n, (table, rec) in enumerate(records(start, count), 1):
            batch.append((table, rec, clock.now()))
            if len(batch) < chunk and n < count:
                continue
            rows = [
                (table, rec["id"], name, wire(value), hlc, node, author, node)
                for table, rec, hlc in batch
                for name, value in rec.items()
                if name != "id"
            ]
            with write_transaction(engine) as conn:
                first = allocate_positions(conn, len(rows))
                sql = SERVER_INSERT if conn.dialect.name == "sqlite" else SERVER_INSERT.replace("?", "%s")
                conn.exec_driver_sql(sql, [(*r[:7], first + i, r[7]) for i, r in enumerate(rows)])
                epoch = read_epoch(conn)
            last, fields = first + len(rows) - 1, fields + len(rows)
            if client is not None:
                _seed_client(client, batch, node, author)
            batch = []
        if engine.dialect.name == "postgresql":
            # Statistics, as autovacuum gathers them within a minute of a bulk change: without them
            # PostgreSQL plans a page's range as a few hundred rows and sorts the whole feed.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE field_state")
    finally:
        engine.dispose()
    if client is not None:
        from sector_desktop.store.capture import CLOCK
        from sector_desktop.sync.protocol import make_cursor

        CLOCK.receive(clock.last)
        with client.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE sync_state SET cursor = ?, epoch = ?, last_hlc = ? WHERE id = 1",
                (make_cursor(epoch, last), epoch, CLOCK.last),
            )
    return {"records": count, "fields": fields}


def _seed_client(
    engine: Engine, batch: list[tuple[str, dict[str, Any], str]], node: str, author: str
) -> None:
    """What apply_page writes for these records, written with plain executemany."""
    by_table: dict[str, list[dict[str, Any]]] = {}
    for table, rec, _hlc in batch:
        by_table.setdefault(table, []).append(rec)
    pulled_at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        with conn.begin():
            conn.exec_driver_sql("INSERT INTO sync_apply_guard (reason) VALUES ('bench seed')")
            for table, recs in by_table.items():
                names = list(recs[0])
                sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
                conn.exec_driver_sql(sql, [tuple(storage(r[k]) for k in names) for r in recs])
            conn.exec_driver_sql(CLOCK_INSERT, _clocks(batch, node))
            conn.exec_driver_sql(
                RECENT_INSERT, [(t, r["id"], author, hlc, len(r) - 1, pulled_at) for t, r, hlc in batch]
            )
            conn.exec_driver_sql("DELETE FROM sync_apply_guard WHERE reason = 'bench seed'")
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _clocks(batch: list[tuple[str, dict[str, Any], str]], node: str) -> list[tuple[str, ...]]:
    """The clocks a pull leaves: one row clock per record where the client keeps those (all
    fields of a seeded record share one clock), else one per field."""
    try:
        from sector_desktop.sync.client.apply import ROW_CLOCK  # type: ignore[attr-defined]
    except ImportError:
        return [(t, r["id"], k, hlc, node) for t, r, hlc in batch for k in r if k != "id"]
    return [(t, r["id"], ROW_CLOCK, hlc, node) for t, r, hlc in batch]


# -- the server ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The real `sector-server serve`, as a subprocess on 127.0.0.1 with an SQLite database."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.database_url = f"sqlite:///{data_dir / 'server.db'}"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        argv = [
            str(SERVER_BIN),
            "serve",
            "--database-url",
            self.database_url,
            "--data-dir",
            str(self.data_dir),
        ]
        argv += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sector-server exited with {self.process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("sector-server did not answer /health within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def create_user(self, username: str, password: str, role: str) -> None:
        from sector_desktop.sync.server.auth import create_user
        from sector_desktop.sync.server.db import make_engine

        engine = make_engine(self.database_url)
        try:
            create_user(engine, username, password, role)
        finally:
            engine.dispose()

    def login(self, username: str, password: str) -> tuple[str, str]:
        """A device of `username` (for seeding): returns (device_id, user_id)."""
        from sector_desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

        body = {"username": username, "password": password, "device_name": "seeder", "device_id": None}
        answer = httpx.post(
            self.url + "/api/v1/login",
            json=body,
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
            timeout=30,
        )
        answer.raise_for_status()
        data = answer.json()
        return str(data["device_id"]), str(data["user_id"])


# -- the baseline ----------------------------------------------------------------------------
BASELINES = {
    "plain": "tables with the same columns and `id` as primary key, no other index, no trigger",
    "indexed": "the profile's own tables and indexes (a copy of the empty profile), no trigger",
    "indexed_search": "the profile's tables, indexes and search-index (FTS) triggers; capture quiet",
}


def executemany_seconds(
    template: Path, target: Path, batch: list[tuple[str, dict[str, Any]]], kind: str
) -> float:
    """Seconds for plain sqlite3 executemany inserts of `batch`, per table, in one transaction,
    into the tables described by BASELINES[kind]."""
    target.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    if kind != "plain":
        target.write_bytes(template.read_bytes())
    conn = sqlite3.connect(target, isolation_level=None)
    # The pull keeps capture quiet with its guard row, so capture triggers are dropped in every kind.
    pattern = "%" if kind == "indexed" else "sync_cap_%"
    triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?"
    for (name,) in conn.execute(triggers, (pattern,)).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    by_table: dict[str, list[dict[str, Any]]] = {}
    for table, rec in batch:
        by_table.setdefault(table, []).append(rec)
    prepared = []
    for table, recs in by_table.items():
        names = list(recs[0])
        if kind == "plain":
            columns = ", ".join(f"{n} PRIMARY KEY" if n == "id" else n for n in names)
            conn.execute(f'CREATE TABLE "{table}" ({columns})')
        sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
        prepared.append((sql, [tuple(storage(r[n]) for n in names) for r in recs]))
    started = time.perf_counter()
    conn.execute("BEGIN")
    for sql, rows in prepared:
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds
