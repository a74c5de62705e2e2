"""The large benchmark profile (100,000 organizations, 500,000 visits), made once and cached.

It lives under bench/out/ (gitignored). A marker file records the counts it was made with, so
a half-made profile (an interrupted run) is thrown away and made again.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
LARGE = {"organizations": 100_000, "visits": 500_000, "planned_visits": 300}
# --quick: a smaller "large" profile, to check the benchmark itself in seconds.
QUICK = {"organizations": 10_000, "visits": 50_000, "planned_visits": 100}
SMALL = {"organizations": 1_000, "visits": 5_000, "planned_visits": 30}


def ensure_profile(name: str, counts: dict[str, int], seed: int = 20261121) -> Path:
    """The directory of a filled profile with `counts`, making it if it is missing or stale."""
    from sector_desktop.services.demo.core import DemoCounts, generate
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.capture import capture_suspended, mark_all_as_baseline

    root = OUT / name
    marker = root / "bench-profile.json"
    wanted = {**counts, "seed": seed}
    if marker.exists() and {k: v for k, v in json.loads(marker.read_text()).items() if k in wanted} == wanted:
        return root
    shutil.rmtree(root, ignore_errors=True)
    paths = profile_paths(root).ensure()
    db = open_profile(paths)
    started = time.perf_counter()
    print(f"making the {name} profile: {counts} ...", file=sys.stderr, flush=True)
    with capture_suspended(db.engine, "benchmark data"):
        generate(db, paths, random.Random(seed), DemoCounts(**counts))
    mark_all_as_baseline(db.engine)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    seconds = time.perf_counter() - started
    print(f"made the {name} profile in {seconds:.0f} s", file=sys.stderr, flush=True)
    marker.write_text(json.dumps({**wanted, "made_in_seconds": round(seconds, 1)}))
    return root
