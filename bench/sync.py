"""Benchmark: sync through the real `sector-server serve` (SQLite) on 127.0.0.1 with real client profiles.

Measures, in one run on one machine:
  initial pull     100,000 records into an empty profile, records/s, vs plain sqlite3 executemany of the
                   same rows into the same tables (target >= 25% of that rate)
  push             10,000 offline edits
  no-op sync       nothing changed, server holding 10,000 then 1,000,000 records (target: 1M <= 1.2x 10k)
  incremental      100 edits sent by one laptop and received by another (tens of ms on loopback)
Prints one JSON object on stdout; progress goes to stderr. Everything lives under bench/out/sync*/
(one directory per run, removed at the end). `--quick` uses small sizes, to check the script itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import ssl
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # replaced by a memory keyring

# Run as a script, so Python has put bench/ first on the path and the helper imports directly.
from _sync_data import BASELINES, Server, executemany_seconds, install_memory_keyring, records, seed_records

OUT = Path(__file__).resolve().parent / "out"
PASSWORD = "bench password 2026"
FULL = {"pull": 100_000, "push": 10_000, "noop_small": 10_000, "noop_large": 1_000_000, "incremental": 100}
QUICK = {"pull": 2_000, "push": 500, "noop_small": 1_000, "noop_large": 10_000, "incremental": 100}
# Timed repetitions (medians are reported); --quick uses QUICK_RUNS.
RUNS = {"noop": 15, "incremental": 7, "baseline": 3}
QUICK_RUNS = {"noop": 5, "incremental": 3, "baseline": 1}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# One TLS context for the process, as the client keeps one (loading the CA bundle costs ~0.1 s).
TLS = ssl.create_default_context()


class CountingTransport(httpx.BaseTransport):
    """A fresh ordinary HTTP transport per sync (as the client makes one), noting each request."""

    def __init__(self, seen: list[str]) -> None:
        self.inner = httpx.HTTPTransport(verify=TLS)
        self.seen = seen

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self.inner.handle_request(request)
        response.read()
        ms = (time.perf_counter() - started) * 1000
        self.seen.append(f"{request.method} {request.url.path} {response.status_code} {ms:.0f} ms")
        return response

    def close(self) -> None:
        self.inner.close()


@dataclass
class Laptop:
    """One client profile signed in to the server."""

    name: str
    root: Path
    db: Any
    paths: Any
    phases: dict[str, float] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def sync(self) -> tuple[float, Any]:
        """Seconds for one sync_once round, and its report; records when sending ended."""
        from sector_desktop.sync.client import sync_once

        started = time.perf_counter()
        self.phases = {}

        def progress(_done: int, _total: int, label: str) -> None:
            self.phases[label] = time.perf_counter() - started

        self.requests = []
        transport = CountingTransport(self.requests)
        report = sync_once(self.db, self.paths, transport=transport, progress=progress, backoff=0.05)
        seconds = time.perf_counter() - started
        if not report.ok:
            raise RuntimeError(f"{self.name}: sync failed: {report.summary()} {report.failed[:3]}")
        return seconds, report

    def count(self, sql: str) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar() or 0)

    def close(self) -> None:
        self.db.close()


def make_template(out: Path) -> Path:
    """An empty profile database migrated to head (copied for every laptop: migrating is slow)."""
    from sector_desktop.store import open_database

    path = out / "template.db"
    db = open_database(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def make_laptop(out: Path, template: Path, name: str, server: Server, user: str) -> Laptop:
    from sector_desktop.store import open_database, profile_paths
    from sector_desktop.sync.client import connect

    paths = profile_paths(out / name).ensure()
    shutil.copy(template, paths.database)
    db = open_database(paths.database)
    connect(db, paths, server.url, user, PASSWORD, insecure=False, device_name=name)
    return Laptop(name, out / name, db, paths)


def start_server(out: Path, name: str) -> tuple[Server, str, str]:
    """A fresh server with a staff user for the laptops and a colleague whose device seeds records."""
    server = Server(out / name)
    server.start()
    server.create_user("ana", PASSWORD, "staff")
    server.create_user("ben", PASSWORD, "staff")
    node, author = server.login("ben", PASSWORD)
    return server, node, author


def seed(
    server: Server, node: str, author: str, start: int, count: int, client: Laptop | None = None
) -> dict:
    started = time.perf_counter()
    done = seed_records(server.database_url, start, count, node, author, client.db.engine if client else None)
    seconds = time.perf_counter() - started
    log(f"  seeded {count:,} records ({done['fields']:,} fields) in {seconds:.1f} s")
    return {**done, "seconds": round(seconds, 2), "laptop_written_directly": client is not None}


def edit(laptop: Laptop, count: int, round_no: int, table: str = "visit") -> None:
    """`count` offline edits as the app makes them: one field and updated_at of `count` records."""
    with laptop.db.engine.begin() as conn:
        total = int(conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() or 0)
        offset = (round_no * count) % max(1, total - count + 1)
        ids = [
            r[0]
            for r in conn.exec_driver_sql(
                f'SELECT id FROM "{table}" ORDER BY id LIMIT ? OFFSET ?', (count, offset)
            )
        ]
        if len(ids) < count:
            raise RuntimeError(f"{laptop.name} has only {len(ids)} {table} rows to edit")
        stamp = f"2026-11-21 10:{round_no % 60:02d}"
        conn.exec_driver_sql(
            f'UPDATE "{table}" SET notes = ?, updated_at = ? WHERE id = ?',
            [
                (f"Edited offline, round {round_no}, #{i}", f"{stamp}:{i % 60:02d}.000000", rid)
                for i, rid in enumerate(ids)
            ],
        )


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


# -- the measurements ------------------------------------------------------------------------
def bench_pull_and_push(out: Path, template: Path, sizes: dict[str, int]) -> dict[str, Any]:
    server, node, author = start_server(out, "server-a")
    laptop: Laptop | None = None
    try:
        n = sizes["pull"]
        log(f"(a) seeding the server with {n:,} records ...")
        seeded = seed(server, node, author, 0, n)
        laptop = make_laptop(out, template, "laptop-pull", server, "ana")
        log("(a) initial pull into an empty profile ...")
        seconds, report = laptop.sync()
        held = sum(laptop.count(f'SELECT count(*) FROM "{t}"') for t in ("organization", "contact", "visit"))
        # The feed also holds the signed-in user's staff record (the server writes it at sign-in).
        if held != n or report.received < seeded["fields"]:
            raise RuntimeError(f"pull incomplete: {held:,} records, {report.received:,} fields")
        log(f"  {n:,} records in {seconds:.2f} s = {n / seconds:,.0f} records/s")
        baseline = baseline_rates(out, template, n)
        rate = n / seconds
        pull = {
            "records": n,
            "fields": seeded["fields"],
            "mix": {"organization": n // 5, "contact": n * 3 // 10, "visit": n // 2},
            "seconds": round(seconds, 3),
            "records_per_second": round(rate),
            "fields_per_second": round(seeded["fields"] / seconds),
            "executemany_rows_per_second": {kind: round(r) for kind, r in baseline.items()},
            "executemany_baselines": BASELINES,
            "baseline_runs": {"plain": RUNS["baseline"], "others": 1},
            "ratio_to_executemany": {kind: round(rate / r, 4) for kind, r in baseline.items()},
            "target_ratio": 0.25,
            "target_baseline": "plain",
        }
        pull["met"] = rate / baseline["plain"] >= 0.25
        pull["server_seed"] = seeded
        push = bench_push(laptop, sizes["push"])
        push["laptop_holds_records"] = n
        return {"initial_pull": pull, "push_offline_edits": push}
    finally:
        if laptop is not None:
            laptop.close()
        server.stop()


def baseline_rates(out: Path, template: Path, n: int) -> dict[str, Any]:
    """Rows a second for plain sqlite3 executemany of the same rows, median of RUNS["baseline"] runs."""
    log(f"(a) baseline: sqlite3 executemany of the same {n:,} rows ...")
    batch = list(records(0, n))
    rates = {}
    # The indexed baselines copy the empty profile, which plain sqlite3 can open only when it is not
    # encrypted (an encrypted profile starts with random bytes); sync_anchor.py compares both.
    plain_file = template.read_bytes()[:16] == b"SQLite format 3\x00"
    for kind in BASELINES:
        if kind != "plain" and not plain_file:
            log(f"  {kind}: skipped (the profile is encrypted)")
            continue
        # The target's baseline is the median of several runs; the others are context (the search
        # triggers make one run of them take a minute at 100,000 rows).
        count = RUNS["baseline"] if kind == "plain" else 1
        runs = [executemany_seconds(template, out / "baseline.db", batch, kind) for _ in range(count)]
        rates[kind] = n / statistics.median(runs)
        log(f"  {kind}: {rates[kind]:,.0f} rows/s")
    return rates


def bench_push(laptop: Laptop, count: int) -> dict[str, Any]:
    log(f"(b) {count:,} offline edits, then one sync ...")
    started = time.perf_counter()
    edit(laptop, count, 0)
    edit_seconds = time.perf_counter() - started
    waiting = laptop.count("SELECT count(*) FROM sync_outbox")
    seconds, report = laptop.sync()
    push_seconds = laptop.phases.get("Sending changes")
    if report.sent != waiting or laptop.count("SELECT count(*) FROM sync_outbox"):
        raise RuntimeError(f"push incomplete: sent {report.sent} of {waiting}")
    log(f"  pushed {waiting:,} field changes in {push_seconds or 0:.2f} s; whole sync {seconds:.2f} s")
    return {
        "edits": count,
        "field_changes": waiting,
        "local_edit_seconds": round(edit_seconds, 3),
        "push_seconds": round(push_seconds, 3) if push_seconds is not None else None,
        "sync_seconds": round(seconds, 3),
        "edits_per_second_push": round(count / push_seconds) if push_seconds else None,
        "received_back": report.received,
    }


def bench_noop_and_incremental(out: Path, template: Path, sizes: dict[str, int]) -> dict[str, Any]:
    """Two servers, each with its laptop: one stays at the small size, one grows to the large size.
    The no-op syncs of the two alternate, so a change in machine load hits both alike."""
    small, large = sizes["noop_small"], sizes["noop_large"]
    server, node, author = start_server(out, "server-small")
    big_server, big_node, big_author = start_server(out, "server-large")
    laptops: list[Laptop] = []
    try:
        log(f"(c) seeding both servers with {small:,} records ...")
        seed_small = seed(server, node, author, 0, small)
        seed(big_server, big_node, big_author, 0, small)
        reader = make_laptop(out, template, "laptop-noop-small", server, "ana")
        writer = make_laptop(out, template, "laptop-writer", server, "ana")
        big = make_laptop(out, template, "laptop-noop-large", big_server, "ana")
        laptops += [reader, writer, big]
        for lap in laptops:
            lap.sync()
        incremental = bench_incremental(writer, reader, sizes["incremental"])
        log(f"(c) seeding the second server and its laptop up to {large:,} records ...")
        seed_large = seed(big_server, big_node, big_author, small, large - small, client=big)
        noop_small, noop_large = noop_runs(reader, small, big, large)
        log(f"(d) {sizes['incremental']} edits sent by the laptop holding {large:,} records, 3 rounds ...")
        send_large = send_runs(big, sizes["incremental"], 3, 100)
        incremental[f"send_ms_median_at_{large}"] = median_ms(send_large)
        incremental[f"send_last_requests_at_{large}"] = list(big.requests)
        log(f"  send {median_ms(send_large)} ms; requests {big.requests}")
        ratio = noop_large["ms_median"] / noop_small["ms_median"]
        noop = {
            f"at_{small}": noop_small,
            f"at_{large}": noop_large,
            "ratio": round(ratio, 3),
            "ratio_of_minimums": round(noop_large["ms_min"] / noop_small["ms_min"], 3),
            "target_ratio": 1.2,
            "met": ratio <= 1.2,
            "server_seed": {"small": seed_small, "large": seed_large},
        }
        return {"noop_sync": noop, "incremental_100": incremental}
    finally:
        for lap in laptops:
            lap.close()
        server.stop()
        big_server.stop()


def noop_runs(small: Laptop, small_held: int, large: Laptop, large_held: int) -> tuple[dict, dict]:
    """No-op syncs of the two laptops, alternating; a summary for each."""
    log(f"(c) no-op syncs, alternating: {small_held:,} and {large_held:,} records ...")
    small.sync()  # warm-up
    large.sync()
    times: dict[str, list[float]] = {small.name: [], large.name: []}
    with statement_times(small.db.engine) as spent_small, statement_times(large.db.engine) as spent_large:
        for _ in range(RUNS["noop"]):
            for lap in (small, large):
                seconds, report = lap.sync()
                if report.sent or report.received:
                    raise RuntimeError(f"not a no-op: sent {report.sent}, received {report.received}")
                times[lap.name].append(seconds)
    out = []
    for lap, held, spent in ((small, small_held, spent_small), (large, large_held, spent_large)):
        slowest = {sql: round(total * 1000 / RUNS["noop"], 2) for sql, total in spent.most_common(3)}
        values = times[lap.name]
        log(f"  {held:,}: median {median_ms(values)} ms; requests {lap.requests}; slowest SQL {slowest}")
        out.append(
            {
                "records": held,
                "ms_median": median_ms(values),
                "ms_min": round(min(values) * 1000, 2),
                "ms_max": round(max(values) * 1000, 2),
                "runs": RUNS["noop"],
                "requests_in_last_sync": list(lap.requests),
                "slowest_local_sql_ms_per_sync": slowest,
            }
        )
    return out[0], out[1]


@contextlib.contextmanager
def statement_times(engine: Any) -> Iterator[Counter[str]]:
    """Seconds spent per local SQL statement (its first 80 characters) while inside."""
    spent: Counter[str] = Counter()

    def before(conn, _cursor, _stmt, _params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        conn.info["bench_t0"] = time.perf_counter()

    def after(conn, _cursor, stmt, _params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        spent[" ".join(stmt.split())[:80]] += time.perf_counter() - conn.info.pop(
            "bench_t0", time.perf_counter()
        )

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield spent
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def send_runs(laptop: Laptop, count: int, rounds: int, first_round: int = 1) -> list[float]:
    """Seconds per sync that sends `count` fresh edits (two field changes each)."""
    times = []
    for round_no in range(first_round, first_round + rounds):
        edit(laptop, count, round_no)
        seconds, report = laptop.sync()
        if report.sent != 2 * count:
            raise RuntimeError(f"sent {report.sent} field changes, expected {2 * count}")
        times.append(seconds)
    return times


def bench_incremental(writer: Laptop, reader: Laptop, count: int) -> dict[str, Any]:
    log(f"(d) {count} edits sent by one laptop and received by another, {RUNS['incremental']} rounds ...")
    send, receive = [], []
    for round_no in range(1, RUNS["incremental"] + 1):
        send += send_runs(writer, count, 1, round_no)
        seconds, report = reader.sync()
        if report.received != 2 * count:
            raise RuntimeError(f"received {report.received} field changes, expected {2 * count}")
        receive.append(seconds)
    log(f"  send {median_ms(send)} ms, receive {median_ms(receive)} ms")
    return {
        "edits": count,
        "field_changes": 2 * count,
        "records_on_server": reader.count('SELECT count(*) FROM "visit"')
        + reader.count('SELECT count(*) FROM "contact"')
        + reader.count('SELECT count(*) FROM "organization"'),
        "send_ms_median": median_ms(send),
        "receive_ms_median": median_ms(receive),
        "runs": RUNS["incremental"],
    }


def timed_stage(name: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    result = fn()
    log(f"{name} done in {time.perf_counter() - started:.0f} s")
    return result


def code_version() -> str:
    """The commit measured, and whether the sync code had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "sector_desktop/sync"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' with uncommitted sync changes' if dirty else ''}"


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    sizes = QUICK if quick else FULL
    if quick:
        RUNS.update(QUICK_RUNS)
    # A directory of its own per run: two runs at once (run_all.py and a manual run) must not share files.
    out = OUT / f"sync-{'quick-' if quick else ''}{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    install_memory_keyring()
    started = time.perf_counter()
    template = make_template(out)
    result: dict[str, Any] = {
        "bench": "sync",
        "quick": quick,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg": os.getloadavg()},
        "server": "sector-server serve, SQLite, 127.0.0.1, one process",
        "code": code_version(),
    }
    result.update(timed_stage("pull and push", lambda: bench_pull_and_push(out, template, sizes)))
    result.update(
        timed_stage("no-op and incremental", lambda: bench_noop_and_incremental(out, template, sizes))
    )
    result["notes"] = [
        "Records are a mix per ten: 2 organizations (23 fields), 3 contacts (10), 5 visits (12).",
        "The server is seeded directly, not by HTTP pushes (far faster at 1M records, and not what is "
        "measured): executemany into field_state under the server's own feed lock and position allocation "
        "(db.write_transaction, feed.allocate_positions), every field of a record sharing one clock.",
        "The no-op is timed on two server/laptop pairs, one at each size, alternating run by run. "
        f"At {sizes['noop_large']:,}, the laptop's copy of the records beyond "
        f"{sizes['noop_small']:,} (rows, clocks, the 'what changed' list, the cursor) is written "
        "directly as a pull would leave it: pulling them over HTTP at the measured pull rate takes too long "
        "for a benchmark run. The records up to that point were pulled for real.",
        "Every timed sync is a full sync_once round through HTTP (push, pull pages, attachments check).",
        "An edit changes one field and updated_at, as the app does: two field changes per edit.",
        "The pull's target is measured against the 'plain' executemany baseline (the issue's 'plain "
        "executemany inserts of the same rows'); the two others show what the profile's own indexes and "
        "search triggers cost any writer.",
    ]
    result["machine"]["load_avg_end"] = os.getloadavg()
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    shutil.rmtree(out, ignore_errors=True)  # gigabytes at 1M records
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
