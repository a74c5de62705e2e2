"""Benchmark: cold start, the Organizations list at 100,000 rows, and search over 500,000 visit notes.

Each figure is a ratio to a baseline measured in the same run on the same machine:
  cold start     the app's first painted main window  vs  a bare PySide6 QMainWindow   (target <= 1.5)
                 (the package byte-compiled first, as installed; the profile encrypted, its key from
                 SECTOR_PASSPHRASE through Argon2id, and again on a plaintext copy; also "ready":
                 the first paint once the profile is open and Today is built, against the same anchor)
  list           the Organizations list at 100,000    vs  the same list at 1,000 rows  (target <= 1.2;
                 three rounds of seven alternated runs, each round's ratio and the ratio of all medians)
  search         search() over visit notes            vs  the raw FTS5 query (keyed DB-API)  (target <= 2.0)
Prints one JSON object on stdout; progress goes to stderr. The large profile is cached in bench/out/.
`--quick` uses 10,000 organizations and 50,000 visits instead, to check the script itself.
"""

from __future__ import annotations

import json
import os
import shutil
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
LIST_ROUNDS = 3
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


def _time_to_first_paint(argv: list[str], env: dict[str, str], said: str = "first-paint") -> float:
    """Seconds from launching `argv` until it prints `said` (its teardown is not counted)."""
    import tempfile
    import threading

    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        watchdog = threading.Timer(120, proc.kill)  # a start that hangs fails the bench, not forever
        watchdog.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(said):
                    elapsed = time.perf_counter() - started
                    proc.wait(timeout=60)
                    return elapsed
            proc.wait(timeout=60)
        finally:
            watchdog.cancel()
        errors.seek(0)
        raise RuntimeError(f"{argv[:3]} exited ({proc.returncode}) without {said!r}: {errors.read()[-2000:]}")


# The app as its installed launcher starts it (pip's `sector-desktop` script is these two lines).
APP = """
import sys
from sector_desktop.cli import main
sys.exit(main(["--profile", {profile!r}]))
"""
# The app on a plaintext profile: the same command, with bench/_plaintext.py's keyless factory
# patched in when the profile is opened (after the first paint, as the app opens it).
PLAIN_APP = """
import sys
sys.path.insert(0, {bench!r})
import sector_desktop.ui.app as ui_app
_make_context = ui_app.make_context
def make_context(paths):
    import _plaintext  # noqa: F401
    return _make_context(paths)
ui_app.make_context = make_context
from sector_desktop.cli import main
raise SystemExit(main(["--profile", {profile!r}]))
"""


def compile_package() -> None:
    """Byte-compile the package as an installed app has it (pip compiles on install)."""
    import compileall

    import sector_desktop

    compileall.compile_dir(str(Path(sector_desktop.__file__).parent), quiet=1)


def plain_copy(profile: Path) -> Path:
    """A plaintext copy of `profile` (sqlcipher_export), made once next to it."""
    from sector_desktop.store import profile_paths
    from sector_desktop.store.database import connect_raw
    from sector_desktop.store.keys import candidate_keys

    root = profile.with_name(profile.name + "-plain")
    marker = root / "bench-plain.json"
    source = profile_paths(profile)
    stamp = (profile / "bench-profile.json").read_text()  # the same made profile: the same copy
    if marker.exists() and marker.read_text() == stamp:
        return root
    log(f"making a plaintext copy of {profile.name} ...")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(profile, root, ignore=shutil.ignore_patterns("sector.db*", "backups", "logs"))
    target = profile_paths(root).ensure().database
    key = next(candidate_keys(source.database))
    conn = connect_raw(source.database, key)
    conn.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()
    marker.write_text(stamp)
    return root


def bench_cold_start(profile: Path) -> dict[str, object]:
    compile_package()
    plain = plain_copy(profile)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT": "1"}
    ready_env = {**env, "SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT": "ready"}
    bench_dir = str(Path(__file__).resolve().parent)
    app_argv = [sys.executable, "-c", APP.format(profile=str(profile))]
    plain_argv = [sys.executable, "-c", PLAIN_APP.format(bench=bench_dir, profile=str(plain))]
    bare_argv = [sys.executable, "-c", BARE_WINDOW]
    runs: dict[str, tuple[list[str], dict[str, str], str]] = {
        "bare": (bare_argv, env, "first-paint"),
        "encrypted": (app_argv, env, "first-paint"),
        "plain": (plain_argv, env, "first-paint"),
        "ready_encrypted": (app_argv, ready_env, "ready"),
        "ready_plain": (plain_argv, ready_env, "ready"),
    }
    for argv, run_env, said in runs.values():  # warm the OS file cache for each
        _time_to_first_paint(argv, run_env, said)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(START_RUNS):  # interleaved, so drift in machine load hits all alike
        for name, (argv, run_env, said) in runs.items():
            times[name].append(_time_to_first_paint(argv, run_env, said))
    bare = times["bare"]
    result = _ratio("app_first_paint", times["encrypted"], "bare_qmainwindow_first_paint", bare, 1.5)
    result["encryption"] = "on (SQLCipher, key from SECTOR_PASSPHRASE by Argon2id)"
    result["plaintext_profile"] = _ratio(
        "app_first_paint", times["plain"], "bare_qmainwindow_first_paint", bare, 1.5
    )
    # Not a goal of its own: how long until the profile is open and Today is built and painted.
    result["ready_encrypted"] = _ratio(
        "app_today_built", times["ready_encrypted"], "bare_qmainwindow_first_paint", bare, None
    )
    result["ready_plain"] = _ratio(
        "app_today_built", times["ready_plain"], "bare_qmainwindow_first_paint", bare, None
    )
    return result


COUNTED: list[float] = []  # each run's time until the count had arrived as well


def _open_list_once(ctx, app) -> float:
    """Seconds from building the Organizations page until its first rows are loaded and painted."""
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

    from sector_desktop.ui.organizations.page import OrganizationsPage

    started = time.perf_counter()
    page = OrganizationsPage(ctx)
    page.resize(1366, 700)
    loop = QEventLoop()
    # The first window is shown before the count arrives (ui/windowed_model.py): the rows on screen
    # are the figure; the count is timed too (the status line's "N organizations").
    page.model.first_window.connect(loop.quit)
    page.model.failed.connect(lambda _m: loop.quit())
    QTimer.singleShot(120_000, loop.quit)
    page.show()
    if page.model.is_loading or page.model.rowCount() == 0:
        loop.exec()
    page.table.viewport().repaint()  # the rows are on screen
    elapsed = time.perf_counter() - started
    if page.model.is_counting:
        counted = QEventLoop()
        page.model.loaded.connect(lambda _n: counted.quit())
        page.model.failed.connect(lambda _m: counted.quit())
        QTimer.singleShot(120_000, counted.quit)
        counted.exec()
    COUNTED.append(time.perf_counter() - started)
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
    timings: dict[str, list[float]] = {"1k": [], "100k": []}
    counted: dict[str, list[float]] = {"1k": [], "100k": []}
    contexts = {name: make_context(profile_paths(root)) for name, root in (("1k", small), ("100k", large))}
    for ctx in contexts.values():
        _open_list_once(ctx, app)  # warm-up: caches and first imports
    rounds: list[float] = []
    for _ in range(LIST_ROUNDS):  # the figure several times: under load one round's ratio is noise
        start = len(timings["1k"])
        for _ in range(LIST_RUNS):  # alternated, so drift in machine load hits both alike
            for name, ctx in contexts.items():
                COUNTED.clear()
                timings[name].append(_open_list_once(ctx, app))
                counted[name].extend(COUNTED)
        ratio = _ratio("r", timings["100k"][start:], "b", timings["1k"][start:], None)["ratio"]
        rounds.append(float(ratio))  # type: ignore[arg-type]
    for ctx in contexts.values():
        ctx.db.close()
    result = _ratio("list_100k", timings["100k"], "list_1k", timings["1k"], 1.2)
    result["ratio_of_each_round"] = rounds  # each the ratio of its own runs' medians
    result["first_window_before_count"] = True
    result["with_count"] = _ratio(
        "list_100k_counted", counted["100k"], "list_1k_counted", counted["1k"], None
    )
    return result


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
    name: str, values: list[float], base_name: str, base: list[float], target: float | None
) -> dict[str, object]:
    ours, theirs = statistics.median(values), statistics.median(base)
    ratio = ours / theirs if theirs else float("inf")
    return {
        f"{name}_ms_median": round(ours * 1000, 2),
        f"{base_name}_ms_median": round(theirs * 1000, 2),
        "ratio": round(ratio, 3),
        "target": target,
        "met": None if target is None else ratio <= target,
        "runs": len(values),
    }


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return ""


def _commit() -> str:
    here = Path(__file__).resolve().parent
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True)
    return done.stdout.strip()


def main() -> int:
    """`--only cold_start,organizations_list,search` runs a part; `--quick` the small profile."""
    args = sys.argv[1:]
    quick = "--quick" in args
    only = set(args[args.index("--only") + 1].split(",")) if "--only" in args else None
    large_counts = QUICK if quick else LARGE
    large = ensure_profile("quick" if quick else "large", large_counts)
    small = ensure_profile("small", SMALL)
    out: dict[str, object] = {
        "bench": "startup_list_search",
        "profile": {"large": large_counts, "small": SMALL},
        "python": sys.version.split()[0],
        "commit": _commit(),
        "loadavg_before": _loadavg(),
    }
    if only is None or "search" in only:
        log("timing search ...")
        out["search"] = bench_search(large)
    if only is None or "organizations_list" in only:
        log("timing the Organizations list ...")
        out["organizations_list"] = bench_list(small, large)
    if only is None or "cold_start" in only:
        log("timing cold start ...")
        out["cold_start"] = bench_cold_start(large)
    out["loadavg_after"] = _loadavg()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
