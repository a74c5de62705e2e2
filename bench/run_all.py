"""Run every benchmark script in bench/ and print one JSON object: each script's own JSON, and a
summary of every figure of the speed issue against its anchor from the same run.

A benchmark is any bench/*.py file except this one and helpers whose names start with "_". Each runs
in its own interpreter (its own process group) with a time budget (BUDGETS, else --timeout); past
it, the group is killed and the script is reported as timed out. Its stdout must be one JSON
object, which is also kept in bench/out/results/<name>.json as soon as that script ends (so a long
run's figures survive). The load average is recorded before and after each script.

The summary (also printed as a table on stderr) has one row per figure: figure, value, anchor,
ratio, goal, met. A script may print its own rows as a list under "summary" (packet.py and
server_load.py do); for the others the rows are read from their JSON here (SUMMARIES), and a figure
a script no longer prints shows as missing rather than stopping the run.

    .venv/bin/python bench/run_all.py                       # everything (make bench)
    .venv/bin/python bench/run_all.py --quick               # each script's --quick
    .venv/bin/python bench/run_all.py --only packet,server_load --timeout 900
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "out" / "results"
# The profiles are encrypted; where the computer has no keyring their key comes from a passphrase.
ENV = {**os.environ, "SECTOR_PASSPHRASE": os.environ.get("SECTOR_PASSPHRASE") or "bench passphrase"}
DEFAULT_TIMEOUT = 3600.0  # seconds per script, unless BUDGETS says otherwise
# Scripts that build big profiles the first time get longer (the 100k profile, ten years of history).
BUDGETS = {"startup_list_search": 5400.0, "reports": 7200.0, "sync": 5400.0, "paging": 5400.0}

Row = dict[str, Any]


def scripts() -> list[Path]:
    return sorted(
        p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "sector_desktop", "bench"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty else "")


def run_script(script: Path, quick: bool, timeout: float) -> dict[str, Any]:
    """Run one script in its own process group; kill the group past `timeout` seconds."""
    args = [sys.executable, str(script), *(["--quick"] if quick else [])]
    before, started = loadavg(), time.monotonic()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, text=True, env=ENV, cwd=HERE, start_new_session=True
    )
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    meta = {
        "script": script.name,
        "seconds": round(time.monotonic() - started, 1),
        "exit": proc.returncode,
        "timed_out": timed_out,
        "timeout_seconds": timeout,
        "load_average_before": before,
        "load_average_after": loadavg(),
    }
    try:
        result = json.loads(out)
        if not isinstance(result, dict):
            result = {"output": result}
    except ValueError:
        result = {"error": "no JSON on stdout", "stdout_tail": (out or "")[-2000:]}
    return {**result, "run": meta}


# -- the summary ----------------------------------------------------------------------------------
def row(
    figure: str,
    value: Any,
    anchor: str,
    anchor_value: Any = None,
    ratio: Any = None,
    goal: str = "",
    met: bool | None = None,
    unit: str = "",
) -> Row:
    return {
        "figure": figure,
        "value": value,
        "unit": unit,
        "anchor": anchor,
        "anchor_value": anchor_value,
        "ratio": ratio,
        "goal": goal,
        "met": met,
    }


def _median_pair(d: dict[str, Any]) -> tuple[Any, Any]:
    """startup_list_search's `_ratio` dicts: ours and the baseline, the two `*_ms_median` keys in order."""
    values = [v for k, v in d.items() if k.endswith("_ms_median")]
    return values[0], values[1]


def startup_rows(r: dict[str, Any]) -> list[Row]:
    out = []
    for key, figure, anchor in (
        ("cold_start", "cold start to the painted window", "bare PySide6 QMainWindow"),
        ("organizations_list", "Organizations list first paint, 100k", "the same at 1k"),
        ("search", "search, 500k visit notes", "raw FTS5 query"),
    ):
        d = r[key]
        ours, base = _median_pair(d)
        out.append(row(figure, ours, anchor, base, d["ratio"], f"≤ {d['target']}×", d["met"], "ms"))
    return out


FLAT = 1.2  # "a window at row 99,800 costs what one at row 0 does": within 20%


def paging_rows(r: dict[str, Any]) -> list[Row]:
    out = []
    for d in r["results"]:
        deep, first = d["keyset_ms"], d["first_window_ms"]
        ratio = round(deep / first, 2) if first else None
        where = f" at row {d['row']:,}" if d.get("row") is not None else ""
        out.append(
            row(
                f"{d['list']} list by {d['sort']}: window{where}",
                deep,
                "the first window",
                first,
                ratio,
                f"flat (≤ {FLAT}×)",
                None if ratio is None else ratio <= FLAT,
                "ms",
            )
        )
    return out


def sync_anchor_rows(r: dict[str, Any]) -> list[Row]:
    out = []
    pouch_pull = r.get("pouchdb_pull_docs_per_second")
    pouch_push = r.get("pouchdb_100_edit_push_ms")
    plain = r.get("executemany_plain_rows_per_second")
    for name, f in r["figures"].items():
        rate = f["pull_records_per_second"]
        out.append(
            row(
                f"initial pull ({name})",
                rate,
                "PouchDB pull, express-pouchdb",
                pouch_pull,
                f.get("pull_vs_pouchdb"),
                "≥ 5×",
                f.get("pull_vs_pouchdb_met"),
                "records/s",
            )
        )
        out.append(
            row(
                f"initial pull vs executemany ({name})",
                rate,
                "plain executemany of the same rows",
                plain,
                f.get("pull_vs_executemany"),
                "≥ 0.25",
                f.get("pull_vs_executemany_met"),
                "records/s",
            )
        )
        out.append(
            row(
                f"100 edits, push and pull back ({name})",
                f["edits_100_push_pull_ms"],
                "PouchDB 100-edit push",
                pouch_push,
                f.get("edits_100_vs_pouchdb"),
                "≤ 1×",
                f.get("edits_100_met"),
                "ms",
            )
        )
    return out


def encryption_rows(r: dict[str, Any]) -> list[Row]:
    out = []
    for key, ratio in r["encrypted_over_plain"].items():
        out.append(
            row(
                f"encryption: {key} encrypted",
                r["encrypted"][key],
                "the same, plain SQLCipher (no key)",
                r["plain"][key],
                ratio,
                "(overhead, no goal)",
                None,
            )
        )
    return out


def reports_rows(r: dict[str, Any]) -> list[Row]:
    out = [
        row(
            "day packet, 8 stops (100k profile)",
            r["day_packet_8_stops_seconds"],
            "",
            None,
            None,
            f"< {r['day_packet_target_seconds']} s",
            r["day_packet_target_met"],
            "s",
        )
    ]
    if "performance_pdf_seconds" in r:
        out.append(
            row(
                "performance report PDF",
                r["performance_pdf_seconds"],
                "",
                None,
                None,
                f"< {r['performance_target_seconds']} s",
                r["performance_target_met"],
                "s",
            )
        )
    return out


SUMMARIES: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "startup_list_search": startup_rows,
    "paging": paging_rows,
    "sync_anchor": sync_anchor_rows,
    "encryption": encryption_rows,
    "reports": reports_rows,
}


def summary_rows(name: str, result: dict[str, Any]) -> list[Row]:
    """The script's own summary rows, else those read here; a missing figure is a row saying so."""
    if "error" in result or result.get("run", {}).get("timed_out"):
        why = "timed out" if result.get("run", {}).get("timed_out") else result.get("error", "failed")
        return [row(f"{name}: every figure", None, "", goal="", met=None) | {"note": why}]
    if isinstance(result.get("summary"), list):
        return list(result["summary"])
    reader = SUMMARIES.get(name)
    if reader is None:
        return []
    try:
        return reader(result)
    except (KeyError, TypeError, IndexError, ValueError, ZeroDivisionError) as exc:
        return [row(f"{name}: figures", None, "", met=None) | {"note": f"not in its output ({exc!r})"}]


def table(rows: list[Row]) -> str:
    def fmt(v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, float):
            return f"{v:,.3g}" if abs(v) < 100 else f"{v:,.0f}"
        if isinstance(v, int) and not isinstance(v, bool):
            return f"{v:,}"
        return str(v)

    lines = ["figure | value | anchor | ratio | goal | met"]
    for r in rows:
        value = f"{fmt(r['value'])} {r.get('unit', '')}".strip()
        anchor = (
            f"{r['anchor']} {fmt(r['anchor_value'])}".strip()
            if r.get("anchor_value") is not None
            else r["anchor"]
        )
        met = {True: "yes", False: "NO", None: "–"}[r["met"]]
        note = f" ({r['note']})" if r.get("note") else ""
        lines.append(f"{r['figure']}{note} | {value} | {anchor} | {fmt(r['ratio'])} | {r['goal']} | {met}")
    return "\n".join(lines)


def main() -> int:
    argv = sys.argv[1:]
    quick = "--quick" in argv

    def option(name: str) -> str | None:
        return argv[argv.index(name) + 1] if name in argv else None

    only = set((option("--only") or "").split(",")) - {""}
    skip = set((option("--skip") or "").split(",")) - {""}
    timeout = float(option("--timeout") or os.environ.get("BENCH_TIMEOUT") or 0)
    chosen = [s for s in scripts() if (not only or s.stem in only) and s.stem not in skip]
    report: dict[str, Any] = {
        "bench": "run_all",
        "commit": commit(),
        "quick": quick,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpus": os.cpu_count(),
        "load_average_start": loadavg(),
        "results": {},
    }
    failed = 0
    for script in chosen:
        budget = timeout or BUDGETS.get(script.stem, DEFAULT_TIMEOUT)
        print(
            f"[{time.strftime('%H:%M:%S')}] running {script.name} (budget {budget:.0f} s) ...",
            file=sys.stderr,
            flush=True,
        )
        result = run_script(script, quick, budget)
        report["results"][script.stem] = result
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{script.stem}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        if result["run"]["exit"] or result["run"]["timed_out"] or "error" in result:
            failed += 1
    rows = [
        r | {"script": name} for name, result in report["results"].items() for r in summary_rows(name, result)
    ]
    report["load_average_end"] = loadavg()
    report["summary"] = rows
    report["failed_scripts"] = failed
    print(json.dumps(report, indent=2))
    print("\n" + table(rows), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
