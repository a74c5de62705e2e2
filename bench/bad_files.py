"""Bad files: how long `sector-desktop import` takes to refuse each file of the malformed corpus, and its
peak memory (the whole process's RSS, as the OS counts it).

Each import (preview, then import) runs in its own process on a fresh profile; `import_seconds` is
timed inside it, `process_seconds` and `peak_mb` are the whole process's. The anchor is a 10-row CSV
imported the same way in the same run: ratios against it show what each file costs beyond starting.
Also measured: the command line itself (`sector-desktop import`) on the anchor and on the zip bomb;
reading a CSV and an XLSX of 10,000 and 100,000 rows without checking them (the reader's memory must
not grow with the file); and an .xlsx just under the unpack cap whose header lacks `name` (refused at
the header, before its rows are read).

    python bench/bad_files.py [--quick]     # prints one JSON object
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "bad_files"
MB = 1_000_000


def _corpus_module():  # tests/bad_files.py builds the corpus; loaded by path, so sys.path is left alone
    spec = importlib.util.spec_from_file_location("bad_files", HERE.parent / "tests" / "bad_files.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bad_files"] = module
    spec.loader.exec_module(module)
    return module


def _run(args: list[str]) -> dict[str, object]:
    """Run a command; its wall time, its own peak RSS (wait4), exit code and first line of output."""
    log = OUT / "last_run.log"
    with log.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    lines = log.read_text("utf-8", "replace").strip().splitlines()
    return {
        "seconds": round(seconds, 3),
        "peak_mb": round(usage.ru_maxrss * 1024 / MB, 1),  # ru_maxrss is in KiB on Linux
        "exit": proc.returncode,
        "said": lines[-1] if lines else "",
    }


_IMPORT = """
import json, sys, time
from sector_desktop.errors import ImportRefused
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.store import open_profile, profile_paths

db = open_profile(profile_paths(sys.argv[1]))
start = time.perf_counter()
try:
    apply_import(db, preview_import(db, "organizations", sys.argv[2], sheet=sys.argv[3] or None))
    said = "imported"
except ImportRefused as exc:
    said = str(exc)
print(json.dumps({"import_seconds": round(time.perf_counter() - start, 3), "said": said[:200]}))
"""


def _import(path: Path, sheet: str | None = None) -> dict[str, object]:
    """Preview and import `path` in a fresh process on a fresh profile: the import's own seconds (in
    the process), the process's wall time and its peak RSS."""
    profile = OUT / "profile"
    shutil.rmtree(profile, ignore_errors=True)
    result = _run([sys.executable, "-c", _IMPORT, str(profile), str(path), sheet or ""])
    result.update(json.loads(str(result.pop("said"))))
    result["process_seconds"] = result.pop("seconds")
    return result


def _command(path: Path) -> dict[str, object]:
    """`sector-desktop import organizations FILE`, as a user runs it (it checks the file first)."""
    profile = OUT / "profile"
    shutil.rmtree(profile, ignore_errors=True)
    return _run([sys.executable, "-m", "sector_desktop", "--profile", str(profile), "import", "organizations",
                 str(path)])  # fmt: skip


_READ_ONLY = """
import sys
from sector_desktop.services.spreadsheets import open_table
with open_table(sys.argv[1]) as table:
    print(sum(1 for _ in table.rows()))
"""


def _read(path: Path) -> dict[str, object]:
    """Only read the file's rows (no checks, no preview held in memory)."""
    return _run([sys.executable, "-c", _READ_ONLY, str(path)])


def _rows_xlsx(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Organizations")
    sheet.append(["name", "city", "notes"])
    for i in range(count):
        sheet.append([f"Employer {i}", "Baltimore", "Met the HR lead; two openings for CNC operators."])
    book.save(path)
    return path


def _seconds(result: dict[str, object]) -> float:
    value = result["process_seconds"]
    assert isinstance(value, float)
    return value


def main() -> int:
    quick = "--quick" in sys.argv
    corpus = _corpus_module()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    files = corpus.build_corpus(OUT)
    anchor_file = corpus.rows_csv(OUT / "anchor_10_rows.csv", 10)
    near_cap = corpus.zip_bomb(OUT / "near_cap_bomb.xlsx", unpacked_mb=190)
    small, big = (1_000, 10_000) if quick else (10_000, 100_000)
    readers = {
        f"csv {small:,} rows": corpus.rows_csv(OUT / "read_small.csv", small),
        f"csv {big:,} rows": corpus.rows_csv(OUT / "read_big.csv", big),
        f"xlsx {small:,} rows": _rows_xlsx(OUT / "read_small.xlsx", small),
        f"xlsx {big:,} rows": _rows_xlsx(OUT / "read_big.xlsx", big),
    }
    anchor = _import(anchor_file)
    cases = {}
    for case in corpus.CORPUS:
        cases[case.name] = _import(files[case.name], case.sheet)
    cases["xlsx under the unpack cap (190 MB), no 'name' header"] = _import(near_cap)
    for result in cases.values():
        result["x_anchor_process"] = round(_seconds(result) / _seconds(anchor), 2)
    reading = {name: _read(path) for name, path in readers.items()}
    command = {"anchor: 10-row CSV": _command(anchor_file), "XLSX zip bomb": _command(files["XLSX zip bomb"])}
    print(
        json.dumps(
            {
                "bench": "bad_files",
                "quick": quick,
                "anchor_import_10_rows": anchor,
                "imports": cases,
                "read_only": reading,
                "command_line": command,
                "zip_bomb_target": {"seconds": 5, "peak_mb": 300},
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
