"""Benchmark: server capacity. Simulated laptops sync against two `sector-server serve` processes on
PostgreSQL, at 100, 300 and 1,000 laptops, each level for a bounded time.

- The servers are the real thing: two `sector-server serve` processes (each one uvicorn worker) on two
  ports over one fresh PostgreSQL schema (dropped afterwards), the way several app processes share
  one database behind a proxy. Laptop i talks to server i % 2.
- A simulated laptop is an asyncio task speaking the real protocol over HTTP with its own device and
  a real bearer token (users and devices are written in the server's tables with the server's own
  token hashing; two laptops also sign in through POST /login, to check the path). Requests and
  answers are the protocol models of sector_desktop.sync.protocol.
- A working day's mix: a laptop syncs, waits a think time (uniform in 0..2×THINK s, so each laptop
  syncs every THINK s on average: a day of syncs every few minutes, compressed), and syncs again.
  One sync in EDIT_SHARE sends 10 edits (one field and updated_at of 10 visits the laptop owns, with
  the clocks of the values they replace: 20 field changes, POST /push) and then pulls; the others
  are no-op syncs (GET /pull from the laptop's cursor, which also brings the others' edits). A pull
  drains the feed (pages of 2,000) as the client does; the generator reads each page's head (cursor,
  more) and counts its entries without decoding them, so its own CPU stays below the servers'.
- Figures per level: syncs completed per second over the window after a warm-up, p50/p95/p99 of a
  whole sync (push and pulls), no-op and edit syncs apart; errors; each server process's CPU seconds
  (utime+stime from /proc) and CPU share, RSS at the end and peak (VmHWM); the load generator's own
  CPU; the machine's load average.

The server database holds SEED_RECORDS records (an office's worth) before the first level; the feed
grows with every edit made during the run.

Prints one JSON object on stdout; progress on stderr. `--quick`: 20 and 60 laptops, 8 s each.
Needs PostgreSQL: $SECTOR_BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _sync_data import SERVER_BIN, free_port, seed_records

from sector_desktop.store.hlc import Hlc
from sector_desktop.sync.protocol import (
    API_PREFIX,
    AUTH_SCHEME,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    FieldChange,
    LoginRequest,
    LoginResponse,
    Mutation,
    PushRequest,
    PushResponse,
    make_cursor,
)

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
LEVELS = (100, 300, 1_000)
QUICK_LEVELS = (20, 60)
SECONDS = 40.0
QUICK_SECONDS = 8.0
WARMUP = 5.0
GRACE = 15.0  # seconds after the bound for syncs in flight to finish; the rest are cut off
THINK = 5.0  # mean seconds between a laptop's syncs
EDIT_SHARE = 0.2  # one sync in five sends 10 edits
EDITS = 10
SEED_RECORDS = 20_000  # 4,000 organizations, 6,000 contacts, 10,000 visits
PAGE = 2_000
POOL = 64  # connections per server process
PASSWORD = "load test password"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the servers ---------------------------------------------------------------------------
@contextlib.contextmanager
def fresh_schema(base: str) -> Any:
    import psycopg

    schema = f"sector_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


class Server:
    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(SERVER_BIN),
                "serve",
                "--database-url",
                database_url,
                "--data-dir",
                str(data_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + API_PREFIX + "/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not become healthy within 120 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def memory_mb(pid: int) -> dict[str, float]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": found.get("VmRSS", 0.0), "peak_rss_mb": found.get("VmHWM", 0.0)}


# -- accounts ---------------------------------------------------------------------------------
@dataclass
class Laptop:
    index: int
    user_id: str
    device_id: str
    token: str
    visits: list[str]
    bases: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (row, field) -> clock
    cursor: str = ""
    mutation: int = 0
    clock: Hlc = field(default_factory=Hlc)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"{AUTH_SCHEME} {self.token}"}


def make_accounts(database_url: str, count: int) -> list[Laptop]:
    """`count` users, each with one device and a real token (stored hashed, as at sign-in), and ten
    visits of the seeded records each laptop edits, with their current clocks."""
    from sqlalchemy import select

    from sector_desktop.models import new_id
    from sector_desktop.sync.server.auth import hash_password, hash_token
    from sector_desktop.sync.server.db import devices, field_state, immediate, make_engine, users

    engine = make_engine(database_url)
    try:
        password_hash = hash_password(PASSWORD)  # one argon2 hash for all: hashing is not what is measured
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        laptops = []
        user_rows, device_rows = [], []
        with engine.connect() as conn:
            visit_ids = list(
                conn.execute(
                    select(field_state.c.row_id)
                    .where(field_state.c.table_name == "visit", field_state.c.field == "notes")
                    .order_by(field_state.c.row_id)
                    .limit(count * EDITS)
                ).scalars()
            )
            clocks = {
                (r.row_id, r.field): (r.hlc, r.node)
                for r in conn.execute(
                    select(
                        field_state.c.row_id, field_state.c.field, field_state.c.hlc, field_state.c.node
                    ).where(
                        field_state.c.table_name == "visit", field_state.c.field.in_(("notes", "updated_at"))
                    )
                )
            }
        if len(visit_ids) < count * EDITS:
            raise RuntimeError(f"only {len(visit_ids)} visits seeded for {count} laptops")
        for i in range(count):
            user_id, device_id, token = new_id(), new_id(), secrets.token_urlsafe(32)
            user_rows.append(
                {
                    "id": user_id,
                    "username": f"staff{i:04d}",
                    "display_name": f"Staff Member {i:04d}",
                    "password_hash": password_hash,
                    "role": "staff",
                    "created_at": now,
                }
            )
            device_rows.append(
                {
                    "id": device_id,
                    "user_id": user_id,
                    "name": f"laptop {i:04d}",
                    "token_hash": hash_token(token),
                    "created_at": now,
                    "last_seen_at": now,
                    "last_mutation": 0,
                    "clock_skew": False,
                    "max_skew_ms": 0,
                }
            )
            mine = visit_ids[i * EDITS : (i + 1) * EDITS]
            bases = {(v, f): clocks[(v, f)] for v in mine for f in ("notes", "updated_at")}
            laptops.append(Laptop(i, user_id, device_id, token, mine, bases))
        with immediate(engine) as conn:
            conn.execute(users.insert(), user_rows)
            conn.execute(devices.insert(), device_rows)
    finally:
        engine.dispose()
    return laptops


def real_login(server: Server, laptop: Laptop) -> float:
    """Sign one laptop in through POST /login (argon2 on the server); it keeps the new token."""
    body = LoginRequest(
        username=f"staff{laptop.index:04d}",
        password=PASSWORD,
        device_name=f"laptop {laptop.index:04d}",
        device_id=laptop.device_id,
    )
    started = time.perf_counter()
    r = httpx.post(
        server.url + API_PREFIX + "/login",
        json=body.model_dump(mode="json"),
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=60,
    )
    r.raise_for_status()
    answer = LoginResponse.model_validate(r.json())
    assert answer.device_id == laptop.device_id, "the login gave the device another identity"
    laptop.token = answer.token
    return time.perf_counter() - started


# -- the laptops -------------------------------------------------------------------------------
@dataclass
class Tally:
    started: float
    window_from: float
    window_to: float
    noop: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    requests: int = 0
    pulled_changes: int = 0
    errors: list[str] = field(default_factory=list)


def page_head(content: bytes) -> dict[str, Any]:
    """The page's epoch, next_cursor and more. The server writes them first; reading only them keeps
    the load generator from spending a core decoding entries it does not apply."""
    cut = min((i for i in (content.find(b',"rows":'), content.find(b',"changes":')) if i > 0), default=-1)
    return json.loads(content[:cut] + b"}") if cut > 0 else json.loads(content)  # type: ignore[no-any-return]


async def pull(client: httpx.AsyncClient, laptop: Laptop, tally: Tally) -> None:
    while True:
        params: dict[str, Any] = {"limit": PAGE}
        if laptop.cursor:
            params["cursor"] = laptop.cursor
        r = await client.get("/pull", params=params, headers=laptop.headers)
        tally.requests += 1
        r.raise_for_status()
        head = page_head(r.content)
        tally.pulled_changes += r.content.count(b'"hlc"')
        laptop.cursor = head["next_cursor"]
        if not head["more"]:
            return


async def push_edits(client: httpx.AsyncClient, laptop: Laptop, tally: Tally) -> None:
    laptop.mutation += 1
    changes = []
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()
    for n, visit in enumerate(laptop.visits):
        for name, value in (
            ("notes", f"Edited on laptop {laptop.index}, edit {laptop.mutation}.{n}"),
            ("updated_at", stamp),
        ):
            base = laptop.bases[(visit, name)]
            hlc = laptop.clock.now()
            changes.append(
                FieldChange(
                    table="visit",
                    row_id=visit,
                    field=name,
                    value=value,
                    hlc=hlc,
                    node=laptop.device_id,
                    author=laptop.user_id,
                    base_hlc=base[0],
                    base_node=base[1],
                )
            )
            laptop.bases[(visit, name)] = (hlc, laptop.device_id)
    body = PushRequest(
        device_id=laptop.device_id,
        batch_id=str(uuid.uuid4()),
        mutations=[Mutation(mutation=laptop.mutation, changes=changes)],
    )
    r = await client.post(
        "/push", json=body.model_dump(mode="json", exclude_defaults=True), headers=laptop.headers
    )
    tally.requests += 1
    r.raise_for_status()
    answer = PushResponse.model_validate(r.json())
    if answer.acked_through < laptop.mutation or answer.rejected or answer.conflicts:
        raise RuntimeError(f"push not applied cleanly: {answer.model_dump_json()[:300]}")
    for old, new in answer.restamped.items():  # a clock from the future was restamped: keep the server's
        for key, clock in laptop.bases.items():
            if clock[0] == old:
                laptop.bases[key] = (new, clock[1])


async def think(rng: random.Random, stop_at: float) -> None:
    await asyncio.sleep(max(0.0, min(rng.uniform(0, 2 * THINK), stop_at - time.monotonic())))


async def run_laptop(
    laptop: Laptop, client: httpx.AsyncClient, tally: Tally, stop_at: float, rng: random.Random
) -> None:
    await think(rng, stop_at)  # laptops do not all start at once
    while time.monotonic() < stop_at:
        editing = rng.random() < EDIT_SHARE
        began = time.monotonic()
        try:
            if editing:
                await push_edits(client, laptop, tally)
            await pull(client, laptop, tally)
        except (httpx.HTTPError, RuntimeError, ValueError) as exc:
            tally.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            await think(rng, stop_at)
            continue
        ended = time.monotonic()
        if tally.window_from <= ended <= tally.window_to:
            (tally.edit if editing else tally.noop).append(ended - began)
        await think(rng, stop_at)


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


async def run_level(laptops: list[Laptop], servers: list[Server], seconds: float) -> dict[str, Any]:
    now = time.monotonic()
    tally = Tally(now, now + WARMUP, now + seconds)
    rng = random.Random(len(laptops))
    # One connection pool per server, shared by the laptops (each request carries its laptop's own
    # token): a real laptop keeps its own connection, but a thousand httpx clients would cost the
    # generator more CPU than the servers use. Waiting for a pooled connection counts in the latency.
    limits = httpx.Limits(max_connections=POOL, max_keepalive_connections=POOL)
    clients = [
        httpx.AsyncClient(
            base_url=s.url + API_PREFIX,
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
            timeout=300,
            limits=limits,
        )
        for s in servers
    ]
    pids = [s.process.pid for s in servers]
    cpu0 = [cpu_seconds(p) for p in pids]
    me0 = time.process_time()
    load0 = os.getloadavg()
    wall0 = time.monotonic()
    tasks = [
        asyncio.ensure_future(run_laptop(lp, clients[lp.index % len(clients)], tally, now + seconds, rng))
        for lp in laptops
    ]
    _done, late = await asyncio.wait(tasks, timeout=seconds + GRACE)
    for task in late:  # syncs still running past the bound: cut off, counted as unfinished
        task.cancel()
    if late:
        await asyncio.wait(late)
    wall = time.monotonic() - wall0
    for c in clients:
        await c.aclose()
    cpu = [cpu_seconds(p) - c for p, c in zip(pids, cpu0, strict=True)]
    window = tally.window_to - tally.window_from
    syncs = tally.noop + tally.edit
    return {
        "laptops": len(laptops),
        "seconds": round(seconds, 1),
        "window_seconds": round(window, 1),
        "offered_syncs_per_s": round(len(laptops) / THINK, 1),
        "syncs_per_s": round(len(syncs) / window, 1),
        "noop_syncs": len(tally.noop),
        "edit_syncs": len(tally.edit),
        "edits_per_s": round(len(tally.edit) * EDITS / window, 1),
        "p50_ms": pct(syncs, 0.50),
        "p95_ms": pct(syncs, 0.95),
        "p99_ms": pct(syncs, 0.99),
        "noop_p50_ms": pct(tally.noop, 0.50),
        "noop_p95_ms": pct(tally.noop, 0.95),
        "edit_p50_ms": pct(tally.edit, 0.50),
        "edit_p95_ms": pct(tally.edit, 0.95),
        "max_ms": pct(syncs, 1.0),
        "requests": tally.requests,
        "pulled_changes": tally.pulled_changes,
        "unfinished_at_the_bound": len(late),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:3],
        "server_cpu_s": [round(c, 1) for c in cpu],
        "server_cpu_share_of_one_core": [round(c / wall, 2) for c in cpu],
        "server_memory": [memory_mb(p) for p in pids],
        "load_generator_cpu_s": round(time.process_time() - me0, 1),
        "load_average_1_5_15_before": [round(x, 2) for x in load0],
        "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
    }


def head_cursor(database_url: str) -> str:
    from sqlalchemy import func, select

    from sector_desktop.sync.server.db import field_state, make_engine, read_epoch

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            last = conn.execute(select(func.max(field_state.c.position))).scalar() or 0
            return make_cursor(read_epoch(conn), int(last))
    finally:
        engine.dispose()


SUSTAIN = 0.9  # a level is sustained when at least this share of the offered syncs completes
P95_GOAL_MS = 1_000.0


def summary(levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """run_all's rows: per level, the syncs a second against the offered load, and p95 against p50."""
    rows = []
    for lv in levels:
        ratio = lv["syncs_per_s"] / lv["offered_syncs_per_s"]
        ok = ratio >= SUSTAIN and (lv["p95_ms"] or 0) <= P95_GOAL_MS
        cpu = "+".join(f"{c:.2f}" for c in lv["server_cpu_share_of_one_core"])
        rss = "+".join(f"{m['peak_rss_mb']:.0f}" for m in lv["server_memory"])
        rows.append(
            {
                "figure": (
                    f"server load, {lv['laptops']:,} laptops: syncs/s (server CPU {cpu} cores, "
                    f"peak RSS {rss} MB)"
                ),
                "value": lv["syncs_per_s"],
                "unit": "syncs/s",
                "anchor": f"offered: each laptop every {THINK:g} s on average",
                "anchor_value": lv["offered_syncs_per_s"],
                "ratio": round(ratio, 2),
                "goal": f"sustained (≥ {SUSTAIN:g}) with p95 ≤ {P95_GOAL_MS:,.0f} ms",
                "met": ok,
            }
        )
        rows.append(
            {
                "figure": f"server load, {lv['laptops']:,} laptops: p95 of a whole sync",
                "value": lv["p95_ms"],
                "unit": "ms",
                "anchor": "p50",
                "anchor_value": lv["p50_ms"],
                "ratio": round(lv["p95_ms"] / lv["p50_ms"], 2) if lv["p50_ms"] and lv["p95_ms"] else None,
                "goal": f"≤ {P95_GOAL_MS:,.0f} ms",
                "met": lv["p95_ms"] is not None and lv["p95_ms"] <= P95_GOAL_MS,
            }
        )
    return rows


def main() -> int:
    quick = "--quick" in sys.argv
    levels = QUICK_LEVELS if quick else LEVELS
    seconds = QUICK_SECONDS if quick else SECONDS
    base = os.environ.get("SECTOR_BENCH_DATABASE_URL") or DEFAULT_URL
    out = OUT / f"server-load-{os.getpid()}"
    out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "benchmark": "server_load",
        "database": "PostgreSQL " + base.rsplit("@", 1)[-1],
        "server_processes": 2,
        "seed_records": SEED_RECORDS,
        "think_seconds_mean": THINK,
        "edit_share": EDIT_SHARE,
        "edits_per_edit_sync": EDITS,
        "cpus": os.cpu_count(),
    }
    with fresh_schema(base) as url:
        servers: list[Server] = []
        try:
            servers.append(Server(url, out / "data"))  # the first migrates the fresh schema
            servers.append(Server(url, out / "data"))
            log("servers up; seeding ...")
            seed_records(url, 0, SEED_RECORDS, "seed-node", "seed-author")
            log(f"seeded {SEED_RECORDS:,} records; making {max(levels):,} accounts ...")
            laptops = make_accounts(url, max(levels))
            cursor = head_cursor(url)
            for lp in laptops:
                lp.cursor = cursor
            result["login_seconds"] = [round(real_login(s, laptops[i]), 3) for i, s in enumerate(servers)]
            result["levels"] = []
            for n in levels:
                log(f"{n} laptops for {seconds:.0f} s ...")
                level = asyncio.run(run_level(laptops[:n], servers, seconds))
                log(
                    f"  {level['syncs_per_s']} syncs/s, p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms, "
                    f"server CPU {level['server_cpu_share_of_one_core']}, errors {level['errors']}"
                )
                result["levels"].append(level)
        finally:
            for s in servers:
                s.stop()
    result["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    result["summary"] = summary(result["levels"])
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
