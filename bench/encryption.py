"""Benchmark: what encryption costs. The same figures with the database encrypted (SQLCipher, the
app as shipped) and plain (the same SQLCipher library given no key: bench/_plaintext.py patches the
factory in the benchmark's own process; the app has no plaintext switch), in one run:

  startup   open_profile + the first query (the key already known: per-open cost), and the
            one-off Argon2id derivation of a passphrase profile on a computer without a keyring
  list      the Organizations list's first window of 200 rows, sorted by name
  search    store.search.search() over organizations, contacts and visit notes
  pull      an initial pull of N records from the real server into an empty profile
  packet    the briefing packet PDF of the organization with the most visits

Each mode runs in its own interpreter (`--mode encrypted|plain`); the parent prints one JSON
object with both and the overheads. `--quick` uses small sizes, to check the script itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = {"organizations": 10_000, "visits": 50_000, "planned_visits": 100, "pull": 20_000}
QUICK = {"organizations": 1_000, "visits": 5_000, "planned_visits": 30, "pull": 1_000}
RUNS = 9
QUERIES = ("welding", "apprenticeship", "forklift certification", "nurse", "hiring")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median_ms(fn: Any, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def make_profile(mode: str, sizes: dict[str, int]) -> Path:
    from sector_desktop.services.demo.core import DemoCounts, generate
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.capture import capture_suspended, mark_all_as_baseline

    root = OUT / f"encryption-{mode}-{sizes['organizations']}"
    shutil.rmtree(root, ignore_errors=True)
    paths = profile_paths(root).ensure()
    db = open_profile(paths)
    counts = {k: sizes[k] for k in ("organizations", "visits", "planned_visits")}
    with capture_suspended(db.engine, "benchmark data"):
        generate(db, paths, random.Random(20261124), DemoCounts(**counts))
    mark_all_as_baseline(db.engine)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return root


def bench_mode(mode: str, sizes: dict[str, int]) -> dict[str, Any]:
    if mode == "plain":
        import _plaintext  # noqa: F401  (patches the factory: no key)
    from sqlalchemy import func, select

    from sector_desktop.models import Visit
    from sector_desktop.services import documents
    from sector_desktop.store import keys, open_profile, profile_paths
    from sector_desktop.store.organizations import list_organizations
    from sector_desktop.store.search import search

    log(f"{mode}: making a profile of {sizes['organizations']:,} organizations ...")
    started = time.perf_counter()
    root = make_profile(mode, sizes)
    result: dict[str, Any] = {"profile_build_s": round(time.perf_counter() - started, 1)}
    paths = profile_paths(root)
    result["database_mb"] = round(paths.database.stat().st_size / 1e6, 1)

    def open_and_count() -> None:
        db = open_profile(paths)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM organization").scalar()
        db.close()

    result["startup_open_ms"] = median_ms(open_and_count)
    if mode == "encrypted":
        salt = os.urandom(16)
        t0 = time.perf_counter()
        keys.derive("a passphrase typed once", salt)
        result["passphrase_derivation_ms_once_per_process"] = round((time.perf_counter() - t0) * 1000, 1)
    db = open_profile(paths)
    with db.read_session() as s:
        list_organizations(s, limit=200)
        result["list_first_window_ms"] = median_ms(lambda: list_organizations(s, limit=200))
        search(s, QUERIES[0], 20)
        result["search_ms"] = round(
            statistics.median(median_ms(lambda q=q: search(s, q, 20), 3) for q in QUERIES), 2
        )
        org = s.scalar(
            select(Visit.organization_id).group_by(Visit.organization_id).order_by(func.count().desc()).limit(1)
        )
    today = dt.date.today()
    documents.briefing_pdf(db, org, today)  # warm-up: fonts
    result["packet_ms"] = median_ms(lambda: documents.briefing_pdf(db, org, today), 3)
    db.close()
    result.update(bench_pull(mode, sizes["pull"]))
    shutil.rmtree(root, ignore_errors=True)
    return result


def bench_pull(mode: str, n: int) -> dict[str, Any]:
    from _sync_data import install_memory_keyring
    from sync import make_laptop, make_template, seed, start_server

    install_memory_keyring()  # the sign-in token needs a keyring (the database key then lives there too)
    out = OUT / f"encryption-pull-{mode}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    server, node, author = start_server(out, "server")
    try:
        seed(server, node, author, 0, n)
        laptop = make_laptop(out, make_template(out), "laptop", server, "ana")
        seconds, _report = laptop.sync()
        laptop.close()
        log(f"{mode}: pulled {n:,} records in {seconds:.2f} s")
        return {"pull_records": n, "pull_s": round(seconds, 3), "pull_records_per_s": round(n / seconds)}
    finally:
        server.stop()
        shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    quick = "--quick" in sys.argv
    sizes = QUICK if quick else SIZES
    if "--mode" in sys.argv:
        mode = sys.argv[sys.argv.index("--mode") + 1]
        print(json.dumps(bench_mode(mode, sizes)))
        return 0
    env = {**os.environ, "SECTOR_PASSPHRASE": "bench passphrase"}  # no keyring here: the passphrase path
    figures = {}
    for mode in ("encrypted", "plain"):
        args = [sys.executable, __file__, "--mode", mode, *(["--quick"] if quick else [])]
        done = subprocess.run(args, stdout=subprocess.PIPE, text=True, env=env, check=True)
        figures[mode] = json.loads(done.stdout)
    overhead = {
        k: round(figures["encrypted"][k] / figures["plain"][k], 3)
        for k in ("startup_open_ms", "list_first_window_ms", "search_ms", "packet_ms", "pull_s")
        if figures["plain"].get(k)
    }
    load = os.getloadavg()
    print(
        json.dumps(
            {
                "benchmark": "encryption",
                "sizes": sizes,
                "encrypted": figures["encrypted"],
                "plain": figures["plain"],
                "encrypted_over_plain": overhead,
                "load_average_1_5_15": [round(x, 1) for x in load],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
