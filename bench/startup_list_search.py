"""Benchmark: cold start, the Organizations list at 100,000 rows, and search over 500,000 visit notes.

Each figure is a ratio to a baseline measured in the same run on the same machine:
  cold start     the app's first painted main window  vs  a bare PySide6 QMainWindow   (target <= 1.5)
  list           the Organizations list at 100,000    vs  the same list at 1,000 rows  (target <= 1.2)
  search         search() over visit notes            vs  the raw FTS5 query (keyed DB-API)  (target <= 2.0)
Prints one JSON object on stdout; progress goes to stderr. The large profile is cached in bench/out/.
`--quick` uses 10,000 organizations and 50,000 visits instead, to check the script itself.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Run as a script, so Python has put bench/ first on the path and the helper imports directly.
from _profile import LARGE, QUICK, SMALL, ensure_profile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
START_RUNS = 7
LIST_RUNS = 7
SEARCH_RUNS = 15
SEARCH_QUERIES = (
    "forklift certification",
    "apprenticeship",
    "bilingual spanish",
    "hiring event",
    "cnc machin",
)

BARE_WINDOW = """
import time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1280, 800)
class F(QObject):
    seen = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, lambda: (print("first-paint", flush=True), app.exit(0)))
        return False
f = F(w)
w.installEventFilter(f)
w.show()
app.exec()
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _time_to_first_paint(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from launching `argv` until it prints 'first-paint' (its teardown is not counted)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-paint"):
            elapsed = time.perf_counter() - started
            proc.wait(timeout=60)
            return elapsed
    proc.wait(timeout=60)
    raise RuntimeError(f"{argv[:3]} exited ({proc.returncode}) without painting")


def bench_cold_start(profile: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT": "1"}
    app_argv = [sys.executable, "-m", "sector_desktop", "--profile", str(profile)]
    bare_argv = [sys.executable, "-c", BARE_WINDOW]
    _time_to_first_paint(bare_argv, env)  # warm the OS file cache for both
    _time_to_first_paint(app_argv, env)
    bare, app = [], []
    for _ in range(START_RUNS):  # interleaved, so drift in machine load hits both alike
        bare.append(_time_to_first_paint(bare_argv, env))
        app.append(_time_to_first_paint(app_argv, env))
    return _ratio("app_first_paint", app, "bare_qmainwindow_first_paint", bare, 1.5)


def _open_list_once(ctx, app) -> float:
    """Seconds from building the Organizations page until its first rows are loaded and painted."""
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

    from sector_desktop.ui.organizations.page import OrganizationsPage

    started = time.perf_counter()
    page = OrganizationsPage(ctx)
    page.resize(1366, 700)
    loop = QEventLoop()
    page.model.loaded.connect(lambda _n: loop.quit())
    page.model.failed.connect(lambda _m: loop.quit())
    QTimer.singleShot(120_000, loop.quit)
    page.show()
    if page.model.is_loading or page.model.rowCount() == 0:
        loop.exec()
    page.table.viewport().repaint()  # the rows are on screen
    elapsed = time.perf_counter() - started
    rows = page.model.rowCount()
    page.close()
    QThreadPool.globalInstance().waitForDone(60_000)  # the detail panel's load, before the next run
    app.processEvents()
    page.deleteLater()
    app.processEvents()
    if rows == 0:
        raise RuntimeError("the Organizations list showed no rows")
    return elapsed


def bench_list(small: Path, large: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from sector_desktop.store import profile_paths
    from sector_desktop.ui.app import make_context

    app = QApplication.instance() or QApplication(sys.argv[:1])
    timings: dict[str, list[float]] = {}
    for name, root in (("1k", small), ("100k", large)):
        ctx = make_context(profile_paths(root))
        _open_list_once(ctx, app)  # warm-up: caches and first imports
        timings[name] = [_open_list_once(ctx, app) for _ in range(LIST_RUNS)]
        ctx.db.close()
    return _ratio("list_100k", timings["100k"], "list_1k", timings["1k"], 1.2)


def bench_search(large: Path) -> dict[str, object]:
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.database import connect_raw
    from sector_desktop.store.search import fts_query, search

    db = open_profile(profile_paths(large))
    raw = connect_raw(db.path, db.key)  # the same encrypted file, keyed, without our layers
    ours: list[float] = []
    baseline: list[float] = []
    hits_seen = 0
    with db.read_session() as s:
        for _ in range(SEARCH_RUNS):
            for query in SEARCH_QUERIES:
                match = fts_query(query)
                t0 = time.perf_counter()
                rows = raw.execute(
                    "SELECT rowid, rank FROM visit_fts WHERE visit_fts MATCH ? ORDER BY rank LIMIT 20",
                    (match,),
                ).fetchall()
                baseline.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                hits = search(s, query, 20)
                ours.append(time.perf_counter() - t0)
                if not rows or not hits:
                    raise RuntimeError(f"no hits for {query!r}")
                hits_seen += len(hits)
    raw.close()
    db.close()
    result = _ratio("search", ours, "raw_fts5_visit_notes", baseline, 2.0)
    result["queries"] = list(SEARCH_QUERIES)
    return result


def _ratio(
    name: str, values: list[float], base_name: str, base: list[float], target: float
) -> dict[str, object]:
    ours, theirs = statistics.median(values), statistics.median(base)
    ratio = ours / theirs if theirs else float("inf")
    return {
        f"{name}_ms_median": round(ours * 1000, 2),
        f"{base_name}_ms_median": round(theirs * 1000, 2),
        "ratio": round(ratio, 3),
        "target": target,
        "met": ratio <= target,
        "runs": len(values),
    }


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    large_counts = QUICK if quick else LARGE
    large = ensure_profile("quick" if quick else "large", large_counts)
    small = ensure_profile("small", SMALL)
    log("timing search ...")
    search_result = bench_search(large)
    log("timing the Organizations list ...")
    list_result = bench_list(small, large)
    log("timing cold start ...")
    start_result = bench_cold_start(large)
    print(
        json.dumps(
            {
                "bench": "startup_list_search",
                "profile": {"large": large_counts, "small": SMALL},
                "python": sys.version.split()[0],
                "cold_start": start_result,
                "organizations_list": list_result,
                "search": search_result,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
