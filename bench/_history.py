"""The performance benchmark's profile: the large profile (100,000 organizations, two years of visits)
with ten years of visits and placements, made once from a copy of it and cached under bench/out/.

The eight older years are the large profile's completed visits copied 2, 4, 6 and 8 years back (new
ids, no notes), written in one transaction with change capture off, as the demo data is. Placements
(with their 2nd and 4th quarter retention checks) are spread over the ten years.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
import time
from pathlib import Path

from _profile import OUT

YEARS_BACK = (2, 4, 6, 8)
PLACEMENTS = 20_000
SOCS = (("31-1131", "Nursing Assistants"), ("51-4121", "Welders"), ("53-3032", "Truck Drivers"),
        ("15-1232", "Computer User Support Specialists"), ("35-2014", "Cooks, Restaurant"))  # fmt: skip

SHIFTED = """
INSERT INTO visit (organization_id, starts_at, duration_minutes, visit_type, status, staff_id, purpose,
                   notes, services, id, created_at, updated_at, deleted_at)
SELECT organization_id, datetime(starts_at, '-{k} years') || '.000000', duration_minutes, visit_type, status,
       staff_id, NULL, NULL, services,
       printf('%s-%s-%s-%s-%s', substr(h, 1, 8), substr(h, 9, 4), substr(h, 13, 4), substr(h, 17, 4),
              substr(h, 21, 12)),
       datetime(created_at, '-{k} years') || '.000000', datetime(updated_at, '-{k} years') || '.000000',
       deleted_at
FROM (SELECT *, lower(hex(randomblob(16))) AS h FROM bench_base_visit)
"""
# The large profile's own completed visits, kept apart so each copy is of them alone.
BASE = (
    "CREATE TEMP TABLE bench_base_visit AS "
    "SELECT * FROM visit WHERE status = 'completed' AND starts_at < '{base}'"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _placements(db, rng: random.Random, today: dt.date) -> tuple[list[dict], list[dict]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from sector_desktop.models import Organization, StaffUser
    from sector_desktop.models.base import new_id
    from sector_desktop.services.outcomes.quarters import quarter_end_after

    with db.read_session() as s:
        employers = list(s.scalars(select(Organization.id).where(Organization.kind == "employer")))
        staff = list(s.scalars(select(StaffUser.id)))
    now = dt.datetime(today.year, today.month, today.day)
    placements, checks = [], []
    for _ in range(PLACEMENTS):
        start = today - dt.timedelta(days=rng.randrange(3650))
        soc, title = rng.choice(SOCS)
        pid = new_id()
        placements.append(
            {"id": pid, "organization_id": rng.choice(employers), "start_date": start, "occupation_soc": soc,
             "occupation_title": title, "hourly_wage": round(rng.uniform(15, 40), 2),
             "full_time": rng.random() < 0.8, "staff_id": rng.choice(staff),
             "created_at": now, "updated_at": now}
        )  # fmt: skip
        for quarter in (2, 4):
            due = quarter_end_after(start, quarter)
            result = rng.choice(("yes", "yes", "yes", "no", "unknown")) if due < today else None
            checks.append(
                {"id": new_id(), "placement_id": pid, "quarter": quarter, "due_on": due, "result": result,
                 "checked_on": due if result else None, "created_at": now, "updated_at": now}
            )  # fmt: skip
    return placements, checks


def _wanted(large: Path, seed: int) -> dict[str, object]:
    return {"from": large.name, "years_back": list(YEARS_BACK), "placements": PLACEMENTS, "seed": seed}


def history_made(large: Path, seed: int = 20261124) -> bool:
    """Whether the ten-year profile of `large` is made and current (so using it costs no build)."""
    marker = OUT / f"history-{large.name}" / "bench-history.json"
    wanted = _wanted(large, seed)
    if not marker.exists():
        return False
    return {k: v for k, v in json.loads(marker.read_text()).items() if k in wanted} == wanted


def ensure_history(large: Path, seed: int = 20261124) -> Path:
    """The directory of the ten-year profile, made from a copy of `large` if it is missing or stale."""
    from sqlalchemy import insert

    from sector_desktop.models import Placement, RetentionCheck
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.capture import capture_suspended

    root = OUT / f"history-{large.name}"
    marker = root / "bench-history.json"
    wanted = _wanted(large, seed)
    if history_made(large, seed):
        return root
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(large, root, ignore=shutil.ignore_patterns("bench-profile.json"))
    started = time.perf_counter()
    log("making the ten-year profile (visits copied back 2, 4, 6 and 8 years; placements) ...")
    db = open_profile(profile_paths(root))
    today = dt.date.today()
    base = (today + dt.timedelta(days=1)).isoformat()
    with capture_suspended(db.engine, "benchmark history"):
        with db.engine.begin() as conn:
            conn.exec_driver_sql(BASE.format(base=base))
            for k in YEARS_BACK:
                conn.exec_driver_sql(SHIFTED.format(k=k, base=base))
        placements, checks = _placements(db, random.Random(seed), today)
        with db.session() as s:
            s.execute(insert(Placement), placements)
            s.execute(insert(RetentionCheck), checks)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    seconds = time.perf_counter() - started
    log(f"made the ten-year profile in {seconds:.0f} s")
    marker.write_text(json.dumps({**wanted, "made_in_seconds": round(seconds, 1)}))
    return root
