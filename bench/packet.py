"""Benchmark: the day packet against LibreOffice, per page.

The day packet of 8 stops (a route sheet and 8 briefing packets, from the local database to PDF
bytes) against its anchor, `soffice --headless --convert-to pdf` of a 40-page .docx (the
mail-merge route staff use today), timed alternately in one process tree: one LibreOffice
conversion, then the day packet, and so on. Each is divided by its own page count.

The packet is timed with the database encrypted (the app as shipped) and plain (the same SQLCipher
library given no key, bench/_plaintext.py), each in its own interpreter (`--mode encrypted|plain`)
on its own profile (10,000 organizations, 50,000 visits; made once under bench/out/).

Prints one JSON object on stdout; progress on stderr. `--quick`: fewer runs, a 1,000-organization
profile.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = {"organizations": 10_000, "visits": 50_000, "planned_visits": 100}
QUICK = {"organizations": 1_000, "visits": 5_000, "planned_visits": 30}
ANCHOR_PAGES = 40
GOAL_TIMES_FASTER = 5.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_profile(mode: str, sizes: dict[str, int]) -> Path:
    """A filled profile for `mode`, made once (a marker records the sizes)."""
    from sector_desktop.services.demo.core import DemoCounts, generate
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.capture import capture_suspended, mark_all_as_baseline

    root = OUT / f"packet-{mode}-{sizes['organizations']}"
    marker = root / "bench-profile.json"
    if marker.exists() and json.loads(marker.read_text()) == sizes:
        return root
    shutil.rmtree(root, ignore_errors=True)
    paths = profile_paths(root).ensure()
    db = open_profile(paths)
    log(f"{mode}: making a profile of {sizes['organizations']:,} organizations ...")
    with capture_suspended(db.engine, "benchmark data"):
        generate(db, paths, random.Random(20261124), DemoCounts(**sizes))
    mark_all_as_baseline(db.engine)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    marker.write_text(json.dumps(sizes))
    return root


def _eight_stops(db: Any, day: dt.date) -> tuple[str, list[str]]:
    """A staff member with eight planned visits on `day`, at the employers with the most history
    (added for the run, removed afterwards)."""
    from sqlalchemy import func, select

    from sector_desktop.models import Organization, StaffUser, Visit
    from sector_desktop.store.capture import capture_suspended

    with capture_suspended(db.engine, "benchmark stops"), db.session() as s:
        staff = s.scalar(select(StaffUser.id).order_by(StaffUser.id).limit(1))
        orgs = list(
            s.scalars(
                select(Visit.organization_id)
                .join(Organization, Organization.id == Visit.organization_id)
                .where(Organization.kind == "employer")
                .group_by(Visit.organization_id)
                .order_by(func.count().desc(), Visit.organization_id)
                .limit(8)
            )
        )
        visits = [
            Visit(
                organization_id=o,
                staff_id=staff,
                status="planned",
                visit_type="site_visit",
                purpose="Bench stop",
                starts_at=dt.datetime.combine(day, dt.time(8 + i)),
            )
            for i, o in enumerate(orgs)
        ]
        s.add_all(visits)
        s.flush()
        return staff, [v.id for v in visits]


def serve_mode(mode: str, sizes: dict[str, int]) -> None:
    """The child: make the day packet each time the parent writes a line; answer with its timing."""
    if mode == "plain":
        import _plaintext  # noqa: F401  (patches the factory: no key)
    from sqlalchemy import delete

    from sector_desktop.models import Visit
    from sector_desktop.services import documents
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.capture import capture_suspended

    db = open_profile(profile_paths(make_profile(mode, sizes)))
    day = dt.date.today() + dt.timedelta(days=400)  # a day with nothing else planned
    staff, added = _eight_stops(db, day)
    try:
        pdf = documents.day_pdf(db, day, staff)  # warm-up: fonts, caches
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(json.dumps({"ready": True, "pages": pages, "bytes": len(pdf)}), flush=True)
        for _line in sys.stdin:
            started = time.perf_counter()
            documents.day_pdf(db, day, staff)
            print(json.dumps({"seconds": time.perf_counter() - started}), flush=True)
    finally:
        with capture_suspended(db.engine, "benchmark stops"), db.session() as s:
            s.execute(delete(Visit).where(Visit.id.in_(added)))
        db.close()


def anchor_docx(pages: int = ANCHOR_PAGES) -> bytes:
    """A plain .docx of `pages` pages: a heading, an 18-row table and six paragraphs a page."""
    from reports import _docx

    return _docx(pages)


class LibreOffice:
    def __init__(self, tmp: Path) -> None:
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office is None:
            raise RuntimeError("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
        self.office, self.tmp = office, tmp
        self.src = tmp / "anchor.docx"
        self.src.write_bytes(anchor_docx())
        self.profile = f"-env:UserInstallation=file://{tmp}/lo-profile"

    def convert(self) -> float:
        started = time.perf_counter()
        subprocess.run(
            [
                self.office,
                self.profile,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(self.tmp),
                str(self.src),
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        return time.perf_counter() - started

    def pages(self) -> int:
        return len(PdfReader(self.tmp / "anchor.pdf").pages)


def main() -> int:
    quick = "--quick" in sys.argv
    sizes = QUICK if quick else SIZES
    if "--mode" in sys.argv:
        serve_mode(sys.argv[sys.argv.index("--mode") + 1], sizes)
        return 0
    runs = 3 if quick else 7
    env = {**os.environ, "SECTOR_PASSPHRASE": os.environ.get("SECTOR_PASSPHRASE") or "bench passphrase"}
    children: dict[str, Any] = {}
    info: dict[str, Any] = {}
    for mode in ("encrypted", "plain"):
        args = [sys.executable, __file__, "--mode", mode, *(["--quick"] if quick else [])]
        child = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=HERE
        )
        info[mode] = json.loads(child.stdout.readline())  # type: ignore[union-attr]
        children[mode] = child
    times: dict[str, list[float]] = {"libreoffice": [], "encrypted": [], "plain": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            office = LibreOffice(Path(tmp))
            first = office.convert()  # also makes LibreOffice's profile: counted apart
            anchor_pages = office.pages()
            log(f"LibreOffice first run {first:.2f} s, {anchor_pages} pages")
            for i in range(runs):
                times["libreoffice"].append(office.convert())
                for mode, child in children.items():
                    child.stdin.write("go\n")
                    child.stdin.flush()
                    times[mode].append(json.loads(child.stdout.readline())["seconds"])
                log(f"run {i + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()))
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)
    median = {k: statistics.median(v) for k, v in times.items()}
    per_page = {
        "libreoffice": median["libreoffice"] / anchor_pages * 1000,
        "encrypted": median["encrypted"] / info["encrypted"]["pages"] * 1000,
        "plain": median["plain"] / info["plain"]["pages"] * 1000,
    }
    faster = {mode: per_page["libreoffice"] / per_page[mode] for mode in ("encrypted", "plain")}
    summary = [
        {
            "figure": f"day packet of 8 stops ({info[mode]['pages']} pages) per page, {mode}",
            "value": round(per_page[mode], 2),
            "unit": "ms/page",
            "anchor": f"LibreOffice --convert-to pdf, {anchor_pages}-page .docx, ms/page",
            "anchor_value": round(per_page["libreoffice"], 2),
            "ratio": round(faster[mode], 2),
            "goal": f"≥ {GOAL_TIMES_FASTER:g}× faster",
            "met": faster[mode] >= GOAL_TIMES_FASTER,
        }
        for mode in ("encrypted", "plain")
    ]
    print(
        json.dumps(
            {
                "benchmark": "packet",
                "sizes": sizes,
                "runs": runs,
                "day_packet_stops": 8,
                "day_packet_pages": info["encrypted"]["pages"],
                "day_packet_ms": {m: round(median[m] * 1000, 1) for m in ("encrypted", "plain")},
                "day_packet_ms_per_page": {m: round(per_page[m], 2) for m in ("encrypted", "plain")},
                "anchor": f"LibreOffice --convert-to pdf of a {ANCHOR_PAGES}-page .docx",
                "libreoffice_pages": anchor_pages,
                "libreoffice_ms": round(median["libreoffice"] * 1000, 1),
                "libreoffice_first_run_ms": round(first * 1000, 1),
                "libreoffice_ms_per_page": round(per_page["libreoffice"], 2),
                "times_faster_per_page": {m: round(v, 2) for m, v in faster.items()},
                "goal_times_faster": GOAL_TIMES_FASTER,
                "goal_met": all(v >= GOAL_TIMES_FASTER for v in faster.values()),
                "all_seconds": {k: [round(x, 4) for x in v] for k, v in times.items()},
                "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
                "summary": summary,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
